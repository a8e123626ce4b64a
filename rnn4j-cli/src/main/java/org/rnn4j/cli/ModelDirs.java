package org.rnn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rnn4j.io.AtomicFiles;
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

    /**
     * The rule of every training command's {@code --out} (train and spark-train): the output directory
     * must be absent, empty, or an rnn4j model directory that is resumed or that {@code --overwrite} replaces; anything else is refused without touching it. Then it must be
     * writable: found now, not at the first checkpoint after the time budget is spent.
     */
    static void checkOutputDirectory(CommandLine command, Path dir, Path resume, boolean overwrite)
            throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadArgumentException(command, "--out: " + dir + " is a file; expected a directory");
        }
        if (Files.exists(dir.resolve(ModelDirectory.MANIFEST))) {
            boolean resumingIt = resume != null && Files.exists(resume) && Files.isSameFile(dir, resume);
            if (!resumingIt && !overwrite) {
                throw new BadArgumentException(command, "--out: " + dir + " already holds a model;"
                        + " choose another directory, continue it with --resume " + dir + ", or replace it with"
                        + " --overwrite");
            }
        } else if (Files.isDirectory(dir)) {
            List<String> others = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    String name = p.getFileName().toString();
                    // a killed run's temporary files do not make a directory a user's
                    if (!AtomicFiles.isTemporaryName(name)) {
                        others.add(name);
                    }
                }
            }
            if (!others.isEmpty()) {
                Collections.sort(others);
                String first = others.get(0);
                throw new BadArgumentException(command, "--out: " + dir + " is not empty and not an rnn4j"
                        + " model directory: it holds '"
                        + (first.length() > 80 ? first.substring(0, 77) + "..." : first)
                        + "'" + (others.size() > 1 ? " and " + (others.size() - 1) + " other entries" : "")
                        + "; give a new or empty directory");
            }
        }
        checkWritable(command, dir);
    }

    /** Creates and deletes a probe file where the model directory will be, or refuses the directory. */
    private static void checkWritable(CommandLine command, Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new BadArgumentException(command, "--out: cannot create " + dir + ": " + existing
                    + " is not a directory");
        }
        // named like a temporary file of AtomicFiles, so that a kill right here leaves nothing unknown
        Path probe = existing.resolve(".write-check.rnn4j-" + Long.toUnsignedString(System.nanoTime(), 36) + ".tmp");
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new BadArgumentException(command, "--out: " + dir + " is not writable (" + existing
                    + ": " + (why.length() > 80 ? why.substring(0, 77) + "..." : why) + ")"
                    + "; choose a directory you can write to");
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
