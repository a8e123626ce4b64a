package org.rnn4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.rnn4j.InvalidInputException;

/** Helpers shared by the fuzz targets. */
final class Fuzzing {

    private Fuzzing() {
    }

    /** The library's errors are one line that names the problem. */
    static void assertOneLine(InvalidInputException e) {
        String m = e.getMessage();
        assertNotNull(m);
        assertFalse(m.isBlank(), "empty message");
        assertFalse(m.contains("\n"), "one line: " + m);
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
