package org.rnn4j.kernel;

/**
 * The order of the gate blocks in a row of gates, declared once: PyTorch's order, which is also
 * the order of the rows of {@code W_ih}, {@code W_hh}, {@code b_ih} and {@code b_hh} on disk
 * ({@code shared/golden/FORMAT.md} §3.4). A row of gates of a cell with hidden size {@code H} is
 * {@code G} blocks of {@code H} values; block {@code k} starts at {@code k·H}.
 */
public final class Gates {

    /** LSTM input gate {@code i}. */
    public static final int LSTM_INPUT = 0;
    /** LSTM forget gate {@code f}. */
    public static final int LSTM_FORGET = 1;
    /** LSTM cell candidate {@code g}. */
    public static final int LSTM_CELL = 2;
    /** LSTM output gate {@code o}. */
    public static final int LSTM_OUTPUT = 3;
    /** Blocks in an LSTM row: {@code [i | f | g | o]}. */
    public static final int LSTM_BLOCKS = 4;

    /** GRU reset gate {@code r}. */
    public static final int GRU_RESET = 0;
    /** GRU update gate {@code z}. */
    public static final int GRU_UPDATE = 1;
    /** GRU candidate state {@code n}. */
    public static final int GRU_NEW = 2;
    /** Blocks in a GRU row: {@code [r | z | n]}. */
    public static final int GRU_BLOCKS = 3;

    /** Blocks in a vanilla RNN row: the one pre-activation. */
    public static final int RNN_BLOCKS = 1;

    private Gates() {
    }
}
