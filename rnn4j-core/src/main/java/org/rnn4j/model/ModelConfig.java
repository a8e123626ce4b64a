package org.rnn4j.model;

import org.rnn4j.nn.recurrent.RecurrentConfig;

/**
 * A sequence model: token embedding or dense input → recurrent stack → Linear head.
 *
 * @param vocabSize      number of token ids for token input (an Embedding of width
 *                       {@code rnn.inputSize()}), or 0 for dense input of {@code rnn.inputSize()} features
 * @param rnn            the recurrent stack; always run time-major inside the model
 * @param outputSize     the head's width: classes, vocabulary, or forecast targets
 * @param output         where the head reads the recurrent outputs ({@link OutputMode})
 * @param dropout        inverted dropout between recurrent layers and before the head, training only
 * @param variational    one dropout mask per sequence, reused at every step
 * @param positions      the fixed sequence length an {@link OutputMode#ALL_STEPS} head reads; 0 for the
 *                       other heads
 */
public record ModelConfig(int vocabSize, RecurrentConfig rnn, int outputSize, OutputMode output, double dropout,
        boolean variational, int positions) {

    public ModelConfig {
        if (vocabSize < 0) {
            throw new IllegalArgumentException("vocabSize must be 0 (dense input) or positive, got " + vocabSize);
        }
        if (rnn == null) {
            throw new IllegalArgumentException("the recurrent configuration must be given");
        }
        rnn = rnn.toBuilder().batchFirst(false).build();
        if (outputSize <= 0) {
            throw new IllegalArgumentException("outputSize must be positive, got " + outputSize);
        }
        if (output == null) {
            output = OutputMode.EVERY_STEP;
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (output == OutputMode.ALL_STEPS ? positions <= 0 : positions != 0) {
            throw new IllegalArgumentException(output == OutputMode.ALL_STEPS
                    ? "an all_steps head needs the sequence length (positions), got " + positions
                    : "positions is for an all_steps head only, got " + positions + " with " + output);
        }
    }

    /** A model whose head is not {@link OutputMode#ALL_STEPS}. */
    public ModelConfig(int vocabSize, RecurrentConfig rnn, int outputSize, OutputMode output, double dropout,
            boolean variational) {
        this(vocabSize, rnn, outputSize, output, dropout, variational, 0);
    }

    /** The width of the head's input: the top layer's output, times the positions of an all-steps head. */
    public int headInputSize() {
        return output == OutputMode.ALL_STEPS ? positions * rnn.outputSize() : rnn.outputSize();
    }

    public boolean tokenInput() {
        return vocabSize > 0;
    }
}
