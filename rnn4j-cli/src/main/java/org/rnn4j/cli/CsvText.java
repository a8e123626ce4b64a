package org.rnn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rnn4j.io.AtomicFiles;
import picocli.CommandLine;

/** CSV written by commands: RFC 4180 quoting, {@code \n} line ends, written whole and atomically. */
final class CsvText {

    private final StringBuilder text = new StringBuilder();

    CsvText row(List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(quote(fields.get(i)));
        }
        text.append('\n');
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** Writes the CSV to {@code file} atomically: a reader never sees part of it. */
    void write(Path file) throws IOException {
        AtomicFiles.writeString(file, text.toString());
    }

    /** An output file option must name a file in an existing directory: otherwise a usage error before any work. */
    static void checkOutputFile(CommandLine command, String option, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadArgumentException(command, option + ": the directory of " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new BadArgumentException(command, option + ": " + file + " is a directory; expected a file name");
        }
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
