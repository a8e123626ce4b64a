package org.rnn4j.spark;

import java.io.Serializable;

/**
 * One partition's share of a step: {@code Trainer.shareGradient} of its streams, and the state they
 * carry into the next step.
 *
 * @param index     the share
 * @param loss      the share's part of the global batch's mean loss
 * @param positions target positions in the share
 * @param gradient  [parameters][elements] the gradient of {@code loss}
 * @param hidden    [K, streams, S] the share's streams' final state
 * @param cell      [K, streams, H] for LSTM, else null
 */
record ShareResult(int index, double loss, int positions, float[][] gradient, float[] hidden,
        float[] cell) implements Serializable {
    private static final long serialVersionUID = 1L;
}
