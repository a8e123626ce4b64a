package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.rnn4j.InvalidInputException;
import org.rnn4j.kernel.Activation;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.TaskTraining;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.OptimizerSpec;

/**
 * Reads back the {@code hyper_parameters} a training run stored in its model directory
 * ({@link HyperParameters#toJson()}), so that {@code train --resume DIR} continues with the settings
 * of the run it resumes without the user repeating them. An adapter kept in the command line: the
 * library stores these settings for provenance only and has no reader for them.
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
        String where = source + ": task.hyper_parameters";
        try {
            OptimizerSpec optimizer = new OptimizerSpec(text(o, "optimizer", where), number(o, "learning_rate", where),
                    0, Double.NaN);
            ClipConfig.Mode mode = ClipConfig.Mode.valueOf(text(o, "clip", where).toUpperCase(Locale.ROOT));
            ClipConfig clip = new ClipConfig(mode,
                    mode == ClipConfig.Mode.NONE ? 0 : number(o, "clip_threshold", where));
            return new HyperParameters(CellType.parse(text(o, "cell", where)),
                    Activation.parse(text(o, "activation", where)),
                    (int) integer(o, "hidden_size", where), (int) integer(o, "layers", where),
                    bool(o, "bidirectional", where), number(o, "dropout", where), (int) integer(o, "batch_size", where),
                    optimizer, clip, integer(o, "max_steps", where), integer(o, "max_epochs", where),
                    number(o, "time_budget_seconds", where), integer(o, "seed", where));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode o, String key, String where) {
        JsonNode n = o.get(key);
        if (n == null || !n.isTextual()) {
            throw new InvalidInputException(where + "." + key + " should be a string, got " + n);
        }
        return n.asText();
    }

    private static double number(JsonNode o, String key, String where) {
        JsonNode n = o.get(key);
        if (n == null || !n.isNumber()) {
            throw new InvalidInputException(where + "." + key + " should be a number, got " + n);
        }
        return n.asDouble();
    }

    private static long integer(JsonNode o, String key, String where) {
        JsonNode n = o.get(key);
        if (n == null || !n.isIntegralNumber()) {
            throw new InvalidInputException(where + "." + key + " should be an integer, got " + n);
        }
        return n.asLong();
    }

    private static boolean bool(JsonNode o, String key, String where) {
        JsonNode n = o.get(key);
        if (n == null || !n.isBoolean()) {
            throw new InvalidInputException(where + "." + key + " should be true or false, got " + n);
        }
        return n.asBoolean();
    }
}
