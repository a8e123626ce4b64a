package org.rnn4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every file of a model directory as bytes, broadcast once, for the models whose loader reads more than
 * one network from disk (the automatic forecaster's members): an executor writes them to a scratch
 * directory, loads the model from it and deletes it, so the driver's path never has to be visible there.
 *
 * @param files relative path ('/'-separated) to contents
 */
record DirectoryBytes(Map<String, byte[]> files) implements Serializable {
    private static final long serialVersionUID = 1L;

    static DirectoryBytes of(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> regular = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path p : regular) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return new DirectoryBytes(files);
    }

    /** The model {@code load} reads from a scratch copy of the directory, which is deleted afterwards. */
    <M> M load(Function<Path, M> load) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("rnn4j-model");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
            return load.apply(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                delete(dir);
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a scratch copy left behind costs disk only, never the forecast
        }
    }
}
