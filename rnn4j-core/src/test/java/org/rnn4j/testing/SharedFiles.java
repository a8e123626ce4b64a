package org.rnn4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds {@code ../shared} (golden cases, data sets) beside the repository: the system property
 * {@code rnn4j.shared} set by the build, or else the first ancestor of the working directory that
 * has a {@code shared/golden} sibling.
 */
public final class SharedFiles {

    private SharedFiles() {
    }

    public static Path shared() {
        String prop = System.getProperty("rnn4j.shared");
        if (prop != null && Files.isDirectory(Paths.get(prop, "golden"))) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("golden"))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("cannot find ../shared (golden cases and data) beside the repository;"
                + " set -Drnn4j.shared=PATH");
    }

    public static Path golden() {
        return shared().resolve("golden");
    }

    public static Path data(String name) {
        return shared().resolve("data").resolve(name);
    }
}
