package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --out FILE.csv}: where a command's CSV goes, written whole or not at all; standard output without it. */
final class CsvOutOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--out", paramLabel = "FILE.csv", showDefaultValue = Help.Visibility.NEVER, descriptionKey = "out",
            description = "Write the CSV here (atomically) instead of to standard output.")
    Path file;

    /** Refuses, before any work, a file whose directory does not exist or that is a directory. */
    void check() {
        if (file != null) {
            CsvText.checkOutputFile(mixee.commandLine(), "--out", file);
        }
    }

    /** Writes {@code csv} to the file, or prints it; returns whether it went to the file. */
    boolean write(CsvText csv, PrintWriter stdout) throws IOException {
        if (file == null) {
            stdout.print(csv);
            return false;
        }
        try (InterruptCleanup cleanup = InterruptCleanup.install()) {
            csv.write(file);
        }
        return true;
    }

    Path file() {
        return file;
    }
}
