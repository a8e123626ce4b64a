package org.rnn4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --data FILE}: the file a command trains on, scores or predicts. Its format is said per command. */
final class DataOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--data", required = true, paramLabel = "FILE", descriptionKey = "data",
            description = "The data file.")
    Path file;

    /** The file, once checked to exist and not to be a directory (a usage error otherwise). */
    Path existing() {
        ModelDirs.requireFile(mixee.commandLine(), "--data", file);
        return file;
    }
}
