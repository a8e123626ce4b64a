package org.rnn4j.spark;

import java.io.Serializable;

/**
 * What every partition needs for one step, broadcast once per step: the current weights, where the
 * streams are, and the state every stream carries into the step.
 *
 * @param step     the optimizer step about to be taken, from 1
 * @param positions the global batch's target positions, the mean loss's denominator
 * @param weights  [parameters][elements], in the model's parameter order
 * @param position the streams' position ({@code TokenStreams}' cursor)
 * @param epoch    completed passes ({@code TokenStreams}' cursor)
 * @param hidden   [K, B, S] the carried state of all B streams, or null before the first step
 * @param cell     [K, B, H] the LSTM cell state, or null
 */
record StepInput(int step, long positions, float[][] weights, long position, long epoch, float[] hidden, float[] cell)
        implements
            Serializable {
    private static final long serialVersionUID = 1L;
}
