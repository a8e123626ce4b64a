package org.rnn4j.nn.recurrent;

import java.util.Locale;
import org.rnn4j.kernel.Gates;

/**
 * The recurrent cell, with its number of gate blocks {@code G}: the rows of {@code W_ih}, {@code W_hh},
 * {@code b_ih} and {@code b_hh} are {@code G} consecutive blocks of {@code H} rows, in PyTorch's order
 * ({@link Gates}).
 */
public enum CellType {
    /** Elman RNN, one block: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN(Gates.RNN_BLOCKS, "RNN"),
    /** LSTM, blocks {@code i, f, g, o} (Hochreiter and Schmidhuber 1997; forget gate of Gers et al. 2000). */
    LSTM(Gates.LSTM_BLOCKS, "LSTM"),
    /** GRU, blocks {@code r, z, n} (Cho et al. 2014), with the reset gate applied after {@code W_hn h + b_hn}. */
    GRU(Gates.GRU_BLOCKS, "GRU");

    private final int gates;
    private final String torchModule;

    CellType(int gates, String torchModule) {
        this.gates = gates;
        this.torchModule = torchModule;
    }

    /** {@code G}: 1, 4 or 3. */
    public int gates() {
        return gates;
    }

    /** The PyTorch module name: {@code RNN}, {@code LSTM}, {@code GRU}. */
    public String torchModule() {
        return torchModule;
    }

    /** The lower-case name used on the command line and in configs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code rnn}, {@code lstm} or {@code gru}, case-insensitively. */
    public static CellType parse(String id) {
        for (CellType c : values()) {
            if (c.name().equalsIgnoreCase(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("cell must be rnn, lstm or gru, got '" + id + "'");
    }
}
