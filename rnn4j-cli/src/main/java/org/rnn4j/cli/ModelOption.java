package org.rnn4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.rnn4j.io.ModelDirectory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --model DIR}: the model directory a command reads, loaded with one-line errors ({@link ModelDirs}). */
final class ModelOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--model", required = true, paramLabel = "DIR", descriptionKey = "model",
            description = "A model directory.")
    Path dir;

    /** The directory given, null when the option is optional and left out. */
    Path dir() {
        return dir;
    }

    /** Loads the directory: a path that does not exist is a usage error, a broken directory invalid input. */
    ModelDirectory.Contents load() throws IOException {
        return ModelDirs.load(mixee.commandLine(), "--model", dir);
    }

    /** {@link #load()}, then refuses a model of another task than {@code command} handles. */
    ModelDirectory.Contents load(String command, String... tasks) throws IOException {
        ModelDirectory.Contents contents = load();
        ModelDirs.requireTask(contents, dir, command, tasks);
        return contents;
    }

    /** The manifest's path: where a malformed task object is said to come from. */
    String source() {
        return dir.resolve(ModelDirectory.MANIFEST).toString();
    }
}
