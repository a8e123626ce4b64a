package org.rnn4j.data.synthetic;

import org.rnn4j.InvalidInputException;
import org.rnn4j.train.Batch;
import org.rnn4j.util.Rng;

/**
 * The copy task, as Arjovsky, Shah and Bengio, "Unitary Evolution Recurrent Neural Networks"
 * (ICML 2016, §4.2) state it, after Hochreiter and Schmidhuber (1997, experiment 2).
 *
 * <p>Alphabet of {@value #ALPHABET} tokens: {@value #BLANK} blank, {@code 1..8} the data symbols,
 * {@value #DELIMITER} the delimiter. A sequence has {@code T + 20} steps:
 * <pre>
 *   input   s_1 … s_10   blank × (T-1)   delimiter   blank × 10
 *   target  blank × (T+10)                           s_1 … s_10
 * </pre>
 * with the ten {@code s_i} uniform over the 8 data symbols. The model reads one token per step and
 * predicts one class per step ({@link org.rnn4j.model.OutputMode#EVERY_STEP}, softmax cross-entropy
 * averaged over all {@code T + 20} steps). So {@code T} is the gap between the end of the symbols
 * and the first step that must reproduce one of them: {@code s_i} is read at step {@code i-1} and
 * written at step {@code T + 9 + i}, {@code T + 10} steps later.
 *
 * <p>Baseline: a model without memory of the symbols does best by predicting blank (surely) for the
 * first {@code T + 10} steps and the uniform distribution over the 8 symbols for the last 10, a
 * cross-entropy of {@code 10 · ln 8 / (T + 20)} nats per step ({@link #baselineCrossEntropy(int)}).
 *
 * <p>Batches are {@code [T+20, B]} time-major tokens and {@code [T+20, B]} class targets, no state
 * carried between batches. The stream is endless and fresh; its position is the generator's state.
 */
public final class CopyTask extends GeneratedStream {

    /** Tokens in the input alphabet, and classes of the output. */
    public static final int ALPHABET = 10;
    public static final int BLANK = 0;
    /** The data symbols are {@code 1..SYMBOLS}. */
    public static final int SYMBOLS = 8;
    public static final int DELIMITER = 9;
    /** Symbols to copy per sequence. */
    public static final int LENGTH = 10;

    private final int gap;
    private final int batch;

    /**
     * @param gap   T, at least 1: the blanks between the symbols and the first copied symbol are
     *              {@code T - 1} blanks, the delimiter and ten blanks of recall
     * @param batch B, sequences per batch
     * @param seed  seeds the generator that draws the symbols
     */
    public CopyTask(int gap, int batch, long seed) {
        super(seed, "a copy-task cursor");
        if (gap < 1) {
            throw new InvalidInputException("the copy task needs T >= 1, got T=" + gap);
        }
        if (batch <= 0) {
            throw new InvalidInputException("batch size must be positive, got " + batch);
        }
        this.gap = gap;
        this.batch = batch;
    }

    /** Steps of one sequence for gap {@code T}: {@code T + 20}. */
    public static int sequenceLength(int gap) {
        return gap + 2 * LENGTH;
    }

    /** Cross-entropy per step, in nats, of the best model without memory: {@code 10 · ln 8 / (T + 20)}. */
    public static double baselineCrossEntropy(int gap) {
        return LENGTH * Math.log(SYMBOLS) / sequenceLength(gap);
    }

    public int gap() {
        return gap;
    }

    public int batchSize() {
        return batch;
    }

    /** A fresh batch: tokens [T+20, B], targets [T+20, B]. */
    @Override
    Batch draw(Rng rng) {
        int steps = sequenceLength(gap);
        int[] tokens = new int[steps * batch];   // [T+20, B], BLANK (0) unless set
        int[] targets = new int[steps * batch];  // [T+20, B]
        int recall = gap + LENGTH;               // first step whose target is a symbol
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < LENGTH; i++) {
                int symbol = 1 + rng.nextInt(SYMBOLS);
                tokens[i * batch + b] = symbol;
                targets[(recall + i) * batch + b] = symbol;
            }
            tokens[(recall - 1) * batch + b] = DELIMITER;
        }
        return Batch.tokens(steps, batch, tokens).classTargets(targets);
    }
}
