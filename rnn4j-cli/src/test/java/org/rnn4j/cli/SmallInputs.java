package org.rnn4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Small inputs for the tests of error paths, written into a test's directory. */
final class SmallInputs {

    private SmallInputs() {
    }

    /** {@code text.txt}: forty lines of a pangram, 27 distinct characters. */
    static Path text(Path dir) throws IOException {
        return Files.writeString(dir.resolve("text.txt"), "the quick brown fox jumps over the lazy dog.\n".repeat(40),
                StandardCharsets.UTF_8);
    }

    /** {@code series.csv}: columns t, y with 60 rows of {@code y = 10 + sin(t / 2)}. */
    static Path series(Path dir) throws IOException {
        StringBuilder s = new StringBuilder("t,y\n");
        for (int i = 0; i < 60; i++) {
            s.append(i).append(',').append(10 + Math.sin(i / 2.0)).append('\n');
        }
        return Files.writeString(dir.resolve("series.csv"), s.toString(), StandardCharsets.UTF_8);
    }

    /** A language model of 8 units trained 3 steps on {@code text} into {@code dir/lm}, with {@code extra} options. */
    static Path languageModel(Path dir, Path text, String... extra) {
        return TrainedModel.train(dir, "lm", CliRun.concat(new String[] {"--task", "lm", "--data", text.toString(),
            "--hidden", "8", "--layers", "1", "--embedding", "4", "--batch", "2", "--seq-len", "8", "--steps", "3",
            "--quiet"}, extra)).dir();
    }

    /** A copy of the files of {@code model} in {@code to}. */
    static Path copy(Path model, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(model)) {
            for (Path p : files.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        }
        return to;
    }
}
