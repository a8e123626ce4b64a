package org.rnn4j.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.SequenceModel;

/**
 * What the trained task models (language model, forecaster, classifier) share about model
 * directories: the task object that names the task beside its one piece of fitted data, saving
 * without training state, and loading with the checks that the directory holds this task's model
 * and that its parts fit, every refusal naming the file it came from.
 */
public final class TaskModels {

    private TaskModels() {
    }

    /**
     * The task object {@code {"task": task, key: value, "hyper_parameters": hyperParameters}}, in
     * that order.
     *
     * @param value           what the task fitted on its data (vocabulary, transform, encoding)
     * @param hyperParameters provenance, or null to leave the key out
     */
    public static ObjectNode taskObject(String task, String key, JsonNode value, ObjectNode hyperParameters) {
        ObjectNode object = ModelDirectory.newObject();
        object.put(TaskTraining.TASK_KEY, task);
        object.set(key, value);
        if (hyperParameters != null) {
            object.set(TaskTraining.HYPER_PARAMETERS_KEY, hyperParameters);
        }
        return object;
    }

    /** Saves weights and task object (no training state) into {@code dir}. */
    public static void save(Path dir, SequenceModel model, ObjectNode taskObject, long seed) throws IOException {
        ModelDirectory.save(dir, model, taskObject, null, seed);
    }

    /**
     * Loads the model directory {@code dir} and turns it into a task model.
     *
     * @param fromContents the task's {@code fromContents(contents, source)}; source is the manifest's path
     * @throws InvalidInputException when {@code dir} is missing or corrupt, or {@code fromContents} refuses it
     */
    public static <M> M load(Path dir, BiFunction<ModelDirectory.Contents, String, M> fromContents)
            throws IOException {
        ModelDirectory.Contents contents = ModelDirectory.load(dir, KernelProvider.get());
        return fromContents.apply(contents, dir.resolve(ModelDirectory.MANIFEST).toString());
    }

    /**
     * Checks that a loaded model directory holds a model for {@code task}.
     *
     * @param kind what the caller expected, for the message ("a language model")
     * @throws InvalidInputException naming {@code source}, the task found and the kind expected
     */
    public static void requireTask(ModelDirectory.Contents contents, String task, String source, String kind) {
        JsonNode found = contents.task().get(TaskTraining.TASK_KEY);
        if (found == null || !task.equals(found.asText())) {
            throw new InvalidInputException(source + " holds a model for task "
                    + (found == null ? "(none)" : "'" + found.asText() + "'") + ", not " + kind);
        }
    }

    /**
     * Builds a task model from a network and its fitted data, with {@code source} in front of the
     * message when the two do not fit each other.
     */
    public static <M> M assemble(String source, Supplier<M> model) {
        try {
            return model.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": " + e.getMessage());
        }
    }
}
