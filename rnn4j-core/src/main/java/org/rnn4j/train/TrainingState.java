package org.rnn4j.train;

import java.util.Map;
import org.rnn4j.model.RecurrentState;

/**
 * Everything besides the weights that a resumed run needs to continue exactly where it stopped.
 *
 * @param step              optimizer steps taken
 * @param optimizerTensors  {@code Optimizer.stateTensors()}
 * @param optimizerScalars  {@code Optimizer.stateScalars()}
 * @param rngStates         named generator states (dropout, data order, ...)
 * @param cursor            the data source's {@code cursor()}
 * @param carried           the hidden state carried into the next batch, or null
 */
public record TrainingState(int step, Map<String, float[]> optimizerTensors, Map<String, String> optimizerScalars,
        Map<String, Long> rngStates, Map<String, Long> cursor, RecurrentState carried) {
}
