package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.rnn4j.InvalidInputException;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.TaskTraining;

/**
 * Reads back the {@code hyper_parameters} a training run stored in its model directory
 * ({@link HyperParameters#toJson()}), so that {@code train --resume DIR} continues with the settings
 * of the run it resumes without the user repeating them ({@link HyperParameters#fromJson}).
 */
final class SavedHyperParameters {

    private SavedHyperParameters() {
    }

    /**
     * The hyper-parameters in the task object of a model directory.
     *
     * @throws InvalidInputException when they are missing or malformed
     */
    static HyperParameters read(JsonNode task, String source) {
        JsonNode o = task.get(TaskTraining.HYPER_PARAMETERS_KEY);
        if (o == null || !o.isObject()) {
            throw new InvalidInputException(source + " records no training settings (task.hyper_parameters);"
                    + " it cannot be resumed");
        }
        return HyperParameters.fromJson(o, source + ": task.hyper_parameters");
    }
}
