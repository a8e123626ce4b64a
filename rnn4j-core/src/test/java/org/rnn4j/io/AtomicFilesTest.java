package org.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void createsThenReplacesWithoutLeavingTempFiles(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        AtomicFiles.write(target, new byte[] {9});
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(target), "replaced, not appended or merged");
        AtomicFiles.write(target, new byte[0]);
        assertEquals(0, Files.size(target));
        assertEquals(List.of("out.bin"), listing(dir));
    }

    @Test
    void writeStringIsUtf8(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("config.json");
        AtomicFiles.writeString(target, "{\"name\": \"ünï €\"}\n");
        assertEquals("{\"name\": \"ünï €\"}\n", Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(List.of("config.json"), listing(dir));
    }

    @Test
    void relativeTargetAndLongNames(@TempDir Path dir) throws IOException {
        // a bare file name resolves against the working directory; test the same thing via a long name in dir
        String longName = "é".repeat(120) + ".safetensors"; // 252 bytes of UTF-8, near the usual limit
        Path target = dir.resolve(longName);
        AtomicFiles.write(target, new byte[] {5});
        assertArrayEquals(new byte[] {5}, Files.readAllBytes(target));
        assertEquals(List.of(longName), listing(dir));
    }

    @Test
    void failureLeavesTheTargetAndNoTempFile(@TempDir Path dir) throws IOException {
        assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("no/such/dir/out.bin"), new byte[1]));
        // the target is a non-empty directory: the rename fails after the temp file was written
        Path occupied = dir.resolve("occupied");
        Files.createDirectory(occupied);
        Files.write(occupied.resolve("inside"), new byte[] {7});
        assertThrows(IOException.class, () -> AtomicFiles.write(occupied, new byte[] {1, 2}));
        assertEquals(List.of("occupied"), listing(dir), "temp file removed");
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(occupied.resolve("inside")));
    }

    @Test
    void newFilesGetTheUsualPermissions(@TempDir Path dir) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path plain = dir.resolve("plain");
        Files.write(plain, new byte[1]);
        Path atomic = dir.resolve("atomic");
        AtomicFiles.write(atomic, new byte[1]);
        // Files.createTempFile would have made it owner-only (rw-------)
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
    }

    /** A reader racing many writers only ever sees one complete version of the file. */
    @Test
    void concurrentReadersNeverSeeAPartialFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("shared.bin");
        int size = 1 << 16;
        AtomicFiles.write(target, filled(size, (byte) 0));
        ExecutorService pool = Executors.newFixedThreadPool(5);
        AtomicBoolean done = new AtomicBoolean();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 1; w <= 4; w++) {
                byte value = (byte) w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        AtomicFiles.write(target, filled(size, value));
                    }
                    return null;
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (!done.get()) {
                    byte[] seen = Files.readAllBytes(target);
                    assertEquals(size, seen.length, "complete file");
                    for (byte b : seen) {
                        assertEquals(seen[0], b, "one version, not a mix");
                    }
                    reads++;
                }
                return reads;
            });
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
            done.set(true);
            assertTrue(reader.get(60, TimeUnit.SECONDS) > 0);
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        assertEquals(List.of("shared.bin"), listing(dir));
    }

    private static byte[] filled(int size, byte value) {
        byte[] b = new byte[size];
        Arrays.fill(b, value);
        return b;
    }
}
