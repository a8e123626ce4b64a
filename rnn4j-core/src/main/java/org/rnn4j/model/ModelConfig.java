package org.rnn4j.model;

import org.rnn4j.nn.recurrent.RecurrentConfig;

/**
 * A sequence model: token embedding or dense input → recurrent stack → Linear head.
 *
 * @param vocabSize      number of token ids for token input (an Embedding of width
 *                       {@code rnn.inputSize()}), or 0 for dense input of {@code rnn.inputSize()} features
 * @param rnn            the recurrent stack; always run time-major inside the model
 * @param outputSize     the head's width: classes, vocabulary, or forecast targets
 * @param output         every step or last step
 * @param dropout        inverted dropout between recurrent layers and before the head, training only
 * @param variational    one dropout mask per sequence, reused at every step
 */
public record ModelConfig(int vocabSize, RecurrentConfig rnn, int outputSize, OutputMode output, double dropout,
        boolean variational) {

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
    }

    public boolean tokenInput() {
        return vocabSize > 0;
    }
}
