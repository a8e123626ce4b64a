package org.rnn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.task.TaskTraining;
import picocli.CommandLine;

/** Finding and loading the model directories that commands are given, with one-line errors. */
final class ModelDirs {

    /** What each task's model is called in messages. */
    static String describe(String task) {
        return switch (task) {
            case "lm" -> "a language model (train --task lm)";
            case "forecast" -> "a forecasting model (train --task forecast)";
            case "classify" -> "a classification model (train --task classify)";
            default -> task.isEmpty() ? "a model without a task" : "a model for task '" + task + "'";
        };
    }

    private ModelDirs() {
    }

    /**
     * Loads {@code dir}: a path that does not exist is a usage error; a directory that is not a model
     * directory, or is corrupt, is invalid input.
     */
    static ModelDirectory.Contents load(CommandLine command, String option, Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new BadArgumentException(command, option + ": no such model directory: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new BadArgumentException(command, option + ": " + dir + " is a file; expected a model directory");
        }
        return ModelDirectory.load(dir, Main.kernels());
    }

    /** The task name in a model directory's task object, or empty. */
    static String taskOf(ModelDirectory.Contents contents) {
        return contents.task().path(TaskTraining.TASK_KEY).asText("");
    }

    /** Refuses a model of another task than the command handles, naming both. */
    static void requireTask(ModelDirectory.Contents contents, Path dir, String command, String... tasks) {
        String task = taskOf(contents);
        for (String t : tasks) {
            if (t.equals(task)) {
                return;
            }
        }
        StringBuilder wanted = new StringBuilder();
        for (int i = 0; i < tasks.length; i++) {
            wanted.append(i == 0 ? "" : i == tasks.length - 1 ? " or " : ", ").append(describe(tasks[i]));
        }
        throw new InvalidInputException(dir + " holds " + describe(task) + "; '" + command + "' needs " + wanted);
    }

    /** A data file option: a path that does not exist is a usage error, like a missing model directory. */
    static void requireFile(CommandLine command, String option, Path file) {
        if (!Files.exists(file)) {
            throw new BadArgumentException(command, option + ": no such file: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new BadArgumentException(command, option + ": " + file + " is a directory; expected a file");
        }
    }

    /** The number of trained values in a model. */
    static long parameterCount(SequenceModel model) {
        long n = 0;
        for (Parameter p : model.parameters()) {
            n += p.size();
        }
        return n;
    }
}
