package org.rnn4j.train;

import java.util.Map;
import org.rnn4j.model.RecurrentState;

/**
 * Everything besides the served weights that a resumed run needs to continue exactly where it
 * stopped.
 *
 * @param step             optimizer steps taken
 * @param optimizerTensors {@code Optimizer.stateTensors()}
 * @param optimizerScalars {@code Optimizer.stateScalars()}
 * @param rngStates        named generator states (dropout, data order, ...)
 * @param cursor           the data source's {@code cursor()}
 * @param carried          the hidden state carried into the next batch, or null
 * @param parameters       the weights training continues from, by parameter name, when they are not the
 *                         weights the model directory serves (those are the best ones so far, see
 *                         {@link TrainingLoop#earlyStopping}); empty when they are the same
 * @param loop             the training loop's own state ({@link TrainingLoop}: best validation, patience,
 *                         learning-rate scale after a rollback), as strings; empty for none
 */
public record TrainingState(int step, Map<String, float[]> optimizerTensors, Map<String, String> optimizerScalars,
        Map<String, Long> rngStates, Map<String, Long> cursor, RecurrentState carried, Map<String, float[]> parameters,
        Map<String, String> loop) {

    public TrainingState {
        parameters = parameters == null ? Map.of() : parameters;
        loop = loop == null ? Map.of() : loop;
    }

    /** A state whose weights are the served ones and with no loop state. */
    public TrainingState(int step, Map<String, float[]> optimizerTensors, Map<String, String> optimizerScalars,
            Map<String, Long> rngStates, Map<String, Long> cursor, RecurrentState carried) {
        this(step, optimizerTensors, optimizerScalars, rngStates, cursor, carried, Map.of(), Map.of());
    }

    /** This state with the weights training continues from and the loop's state. */
    public TrainingState with(Map<String, float[]> parameters, Map<String, String> loop) {
        return new TrainingState(step, optimizerTensors, optimizerScalars, rngStates, cursor, carried, parameters,
                loop);
    }
}
