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
    void temporaryNamesCarryTheMarkerAndNoUsersFileLooksLikeOne() {
        assertTrue(AtomicFiles.isTemporaryName(".config.json.rnn4j-k3j5h2.tmp"));
        assertEquals("config.json", AtomicFiles.targetOfTemporary(".config.json.rnn4j-k3j5h2.tmp"));
        for (String users : new String[] {".notes.v2.tmp", ".vimrc.1.tmp", "notes.tmp", ".config.json.1x2y.tmp",
            ".x.rnn4j-.tmp", ".x.rnn4j-ABC.tmp", "config.json.rnn4j-abc.tmp"}) {
            assertTrue(!AtomicFiles.isTemporaryName(users), users);
        }
    }

    @Test
    void anAbortedWriteDeletesItsOwnTemporaryFileAndNothingElse(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".notes.v2.tmp"), "a user's file");
        Files.writeString(dir.resolve("big.bin"), "the old contents");
        byte[] big = new byte[256 << 20];
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> write = writer.submit(() -> {
                AtomicFiles.write(dir.resolve("big.bin"), big);
                return null;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (AtomicFiles.writesInProgress().isEmpty() && !write.isDone() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            boolean caught = !AtomicFiles.writesInProgress().isEmpty();
            assertEquals(java.util.Set.of(), AtomicFiles.abortWrites(30_000), "every write let go in time");
            try {
                write.get(30, TimeUnit.SECONDS);
                assertTrue(!caught, "a write caught in progress must give up");
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof IOException, e.toString());
                assertEquals("the old contents", Files.readString(dir.resolve("big.bin")));
            }
            assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("after.bin"), new byte[1]),
                    "a write started after the abort fails at once");
        } finally {
            AtomicFiles.allowWrites();
            writer.shutdownNow();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(java.util.Set.of(".notes.v2.tmp", "big.bin"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        assertEquals("a user's file", Files.readString(dir.resolve(".notes.v2.tmp")));
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
