package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;

/**
 * Real SIGINT and SIGTERM sent to a child JVM running {@code rnn4j train}, and SIGTERM to the
 * {@code ./rnn4j} launcher: every interruption leaves a checkpoint that resumes, says where it is in
 * one line, exits 130 or 143, and deletes no file it did not write. Counts and waits are bounded; the
 * moments are seeded random delays after the child reports its first step.
 */
class InterruptionTest {

    private static final Pattern INTERRUPTED = Pattern.compile(
            "rnn4j: interrupted by (SIGINT|SIGTERM) at step (\\d+); checkpoint saved in (.+); continue with: rnn4j"
                    + " train lm --data .+ --resume .+");
    private static final int RUNS = 20;
    private static final long WAIT_SECONDS = 90;

    @TempDir
    static Path shared;
    static Path text;

    /**
     * Seeded random words: a text a tiny network cannot learn by heart, whose loss stays near its
     * entropy, so that no run of many resumed segments ends in a spike the divergence rule would flag.
     */
    @BeforeAll
    static void data() throws IOException {
        Random r = new Random(18);
        StringBuilder s = new StringBuilder();
        while (s.length() < 6000) {
            for (int n = 1 + r.nextInt(7); n > 0; n--) {
                s.append((char) ('a' + r.nextInt(26)));
            }
            s.append(r.nextInt(8) == 0 ? '\n' : ' ');
        }
        text = Files.writeString(shared.resolve("words.txt"), s, StandardCharsets.UTF_8);
    }

    /** A user's files planted beside and inside the model directory, none of them rnn4j's. */
    private static final List<String> USER_FILES = List.of(".notes.v2.tmp", ".vimrc.1.tmp", "notes.txt",
            ".weights-final.safetensors.tmp", "report.old.html");

    /** A running child and what it printed on standard error. */
    private static final class Child {
        final Process process;
        final List<String> err = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstStep = new CountDownLatch(1);
        final CountDownLatch checkpoint = new CountDownLatch(1);
        final Thread reader;

        Child(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        err.add(line);
                        if (line.startsWith("rnn4j: step ")) {
                            firstStep.countDown();
                        }
                        if (line.startsWith("rnn4j: checkpoint at step ")) {
                            checkpoint.countDown();
                        }
                    }
                } catch (IOException ended) {
                    // the child is gone
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        int end() throws InterruptedException {
            boolean ended = process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            assertTrue(ended, "the child did not end: " + err);
            reader.join(10_000);
            return process.exitValue();
        }

        String last() {
            synchronized (err) {
                return err.isEmpty() ? "" : err.get(err.size() - 1);
            }
        }
    }

    private static List<String> javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
    }

    private static Child start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return new Child(pb.start());
    }

    private static List<String> trainArgs(Path dir, boolean resume, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "lm", "--data", text.toString(), "--time-budget", "3m",
                "--threads", "1", "--patience", "1000000"));
        if (resume) {
            a.addAll(List.of("--resume", dir.toString()));
        } else {
            a.addAll(List.of("--out", dir.toString(), "--hidden", "8", "--layers", "1", "--embedding", "4", "--batch",
                    "2", "--seq-len", "8", "--validate-every", "7"));
        }
        a.addAll(List.of(extra));
        return a;
    }

    /** SIGINT cannot be sent to a child that inherited it ignored (a JVM started in the background by a script). */
    private static boolean sigintIgnoredHere() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    /** Sends a signal with kill(1): Process.destroy() would also close our ends of the child's pipes. */
    private static void signal(Process p, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(p.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
    }

    /** Every file under {@code root}, by relative path, with its bytes and modification time. */
    private static Map<String, String> snapshot(Path root, List<String> names) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String n : names) {
            Path p = root.resolve(n);
            m.put(n, Files.exists(p)
                    ? Files.readString(p) + " @" + Files.getLastModifiedTime(p).toMillis()
                    : "(missing)");
        }
        return m;
    }

    private static List<String> temporaryFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".rnn4j-")).toList();
        }
    }

    private static void plant(Path dir) throws IOException {
        for (String n : USER_FILES) {
            Files.writeString(dir.resolve(n), "a user's file: " + n);
        }
    }

    @Test
    void twentySignalsAtRandomMomentsLeaveResumableCheckpointsAndNoUserFileTouched(@TempDir Path tmp)
            throws Exception {
        Path dir = tmp.resolve("model");
        plant(tmp); // beside the directory from the start
        boolean sigint = !sigintIgnoredHere();
        Random random = new Random(20261203L);
        List<String> log = new ArrayList<>();
        int lastStep = -1;
        Map<String, String> planted = null;
        for (int run = 0; run < RUNS; run++) {
            String[] extra = random.nextBoolean() ? new String[] {"--checkpoint-every", "3"} : new String[0];
            Child child = start(concat(javaCommand(), trainArgs(dir, run > 0, extra)));
            assertTrue(child.firstStep.await(WAIT_SECONDS, TimeUnit.SECONDS), "no first step: " + child.err);
            long pause = random.nextInt(500);
            TimeUnit.MILLISECONDS.sleep(pause);
            String name = sigint && random.nextBoolean() ? "INT" : "TERM";
            signal(child.process, name);
            int code = child.end();
            String what = "run " + run + ": SIG" + name + " " + pause + " ms after the first step "
                    + String.join(" ", extra);
            assertEquals(name.equals("INT") ? ExitCodes.SIGINT : ExitCodes.SIGTERM, code, what + ": " + child.err);
            Matcher m = INTERRUPTED.matcher(child.last());
            assertTrue(m.matches(), what + ": the last line is " + child.last() + "\n" + child.err);
            assertEquals("SIG" + name, m.group(1));
            int step = Integer.parseInt(m.group(2));
            ModelDirectory.Contents c = ModelDirectory.load(dir, KernelProvider.get());
            assertEquals(step, c.training().step(), what + ": the line names the checkpoint written");
            assertTrue(step > lastStep, what + ": step " + step + " after " + lastStep);
            lastStep = step;
            assertEquals(List.of(), temporaryFiles(dir), what);
            if (planted == null) {
                plant(dir); // inside once it is a model directory
                planted = snapshot(dir, USER_FILES);
            }
            assertEquals(planted, snapshot(dir, USER_FILES), what + ": a user's file was touched");
            assertEquals(USER_FILES.size(), snapshot(tmp, USER_FILES).values().stream()
                    .filter(v -> !v.equals("(missing)")).count(), what);
            log.add(what + ": checkpoint at step " + step);
        }
        System.out.println(String.join("\n", log));
    }

    @Test
    void aSecondSignalExitsAtOnceAndTheNextStartRemovesWhatItLeft(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("model");
        Child child = start(concat(javaCommand(), trainArgs(dir, false, "--checkpoint-every", "1")));
        assertTrue(child.checkpoint.await(WAIT_SECONDS, TimeUnit.SECONDS), "no checkpoint: " + child.err);
        signal(child.process, "TERM");
        signal(child.process, "TERM");
        long start = System.nanoTime();
        int code = child.end();
        assertEquals(ExitCodes.SIGTERM, code, child.err::toString);
        assertTrue((System.nanoTime() - start) / 1e9 < 30, "a second signal must not wait for the run");
        // whichever signal was handled last: the latest complete checkpoint stands and loads
        int step = ModelDirectory.load(dir, KernelProvider.get()).training().step();
        assertTrue(step >= 1);
        plant(dir);
        Map<String, String> planted = snapshot(dir, USER_FILES);
        // a stale temporary file of a killed write, as a halt mid-write leaves: removed at the next start
        Path stale = dir.resolve(".weights-00000099.safetensors.rnn4j-k3j5h2.tmp");
        Files.writeString(stale, "half a file");
        Child next = start(concat(javaCommand(), List.of("train", "lm", "--data", text.toString(), "--resume",
                dir.toString(), "--steps", Integer.toString(step + 2), "--threads", "1", "--no-report")));
        assertEquals(0, next.end(), next.err::toString);
        assertFalse(Files.exists(stale));
        assertEquals(List.of(), temporaryFiles(dir));
        assertEquals(planted, snapshot(dir, USER_FILES));
        assertEquals(step + 2, ModelDirectory.load(dir, KernelProvider.get()).training().step());
    }

    @Test
    void sigtermToTheLauncherStopsJava(@TempDir Path tmp) throws Exception {
        Path launcher = Path.of(System.getProperty("user.dir")).resolve("../rnn4j").normalize();
        assertTrue(Files.isRegularFile(launcher), launcher.toString());
        // a copy of the launcher in a root whose jar is up to date, with a "java" that runs this build's classes
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.copy(launcher, root.resolve("rnn4j"));
        Files.createDirectories(root.resolve("rnn4j-cli/target"));
        Files.writeString(root.resolve("rnn4j-cli/target/rnn4j.jar"), "");
        Path bin = Files.createDirectories(tmp.resolve("jdk/bin"));
        List<String> real = javaCommand();
        Files.writeString(bin.resolve("java"), "#!/bin/sh\n"
                + "while [ \"$1\" != -jar ]; do shift; done\nshift 2\n"
                + "exec '" + real.get(0) + "' -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp \"$RNN4J_TEST_CP\" "
                + Main.class.getName() + " \"$@\"\n");
        assertTrue(bin.resolve("java").toFile().setExecutable(true));
        Path dir = tmp.resolve("model");
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("rnn4j").toString()));
        command.addAll(trainArgs(dir, false));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", tmp.resolve("jdk").toString());
        pb.environment().put("RNN4J_TEST_CP", System.getProperty("java.class.path"));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Child child = new Child(pb.start());
        assertTrue(child.firstStep.await(WAIT_SECONDS, TimeUnit.SECONDS), "no first step: " + child.err);
        List<ProcessHandle> inside = child.process.descendants().toList();
        signal(child.process, "TERM"); // to the launcher, as a job scheduler sends it
        int code = child.end();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inside.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        for (ProcessHandle h : inside) {
            assertFalse(h.isAlive(), "still running after the launcher ended: " + h.info().commandLine().orElse("?"));
            h.destroyForcibly();
        }
        assertEquals(ExitCodes.SIGTERM, code, child.err::toString);
        assertTrue(child.err.stream().anyMatch(l -> INTERRUPTED.matcher(l).matches()), child.err::toString);
        ModelDirectory.load(dir, KernelProvider.get());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
