package org.rnn4j.crash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.lm.LmResult;
import org.rnn4j.nn.Parameter;

/**
 * Kills a training process with SIGKILL at seeded random moments, again and again, and checks that
 * the model directory always holds a loadable checkpoint whose step never goes back, and that
 * resuming from the last one reproduces the uninterrupted run bit for bit.
 */
class CrashSafetyTest {

    private static final long STEPS = 400;
    private static final int KILLS = 7;
    /** KILLS runs of at most this many checkpoints stay well short of STEPS. */
    private static final int MAX_CHECKPOINTS_PER_RUN = 40;

    @Test
    void checkpointsSurviveSigkillAndResumeIsExact(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("model");
        Random random = new Random(20261122L);
        List<String> log = new ArrayList<>();
        int lastStep = -1;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = start(dir);
            // counted in checkpoints, not milliseconds, so that a slow machine kills as late in training as a fast one
            int checkpoints = 1 + random.nextInt(MAX_CHECKPOINTS_PER_RUN);
            long pauseMicros = random.nextInt(10_000);
            boolean finished = !awaitCheckpoints(child, checkpoints);
            if (!finished) {
                // then a pause of about one to three steps, so that the kill lands in any phase of a step or of a checkpoint
                TimeUnit.MICROSECONDS.sleep(pauseMicros);
                child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not end");
            String when = "kill " + kill + " " + pauseMicros + " µs after its checkpoint " + checkpoints;
            if (!Files.exists(dir.resolve(ModelDirectory.MANIFEST))) {
                log.add(when + ": no checkpoint");
                continue;
            }
            ModelDirectory.Contents c = ModelDirectory.load(dir, KernelProvider.get());
            int step = c.training().step();
            log.add(when + ": checkpoint at step " + step);
            assertTrue(step >= lastStep, "the checkpoint went back from step " + lastStep + " to " + step + ": " + log);
            lastStep = step;
            if (finished) {
                break;
            }
        }
        System.out.println(String.join("\n", log));
        assertTrue(lastStep > 0 && lastStep < STEPS, "the kills should land during training: " + log);

        // the last child runs to the end undisturbed
        Process last = start(dir);
        assertTrue(last.waitFor(60, TimeUnit.SECONDS), "the resumed run did not finish");
        assertEquals(0, last.exitValue(), "the resumed run failed: " + log);
        ModelDirectory.Contents resumed = ModelDirectory.load(dir, KernelProvider.get());
        assertEquals(STEPS, resumed.training().step());

        LmResult straight = CrashTrainingMain.train(null, STEPS, null);
        Map<String, Parameter> expected = straight.model().model().namedParameters();
        Map<String, Parameter> actual = resumed.model().namedParameters();
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, Parameter> e : expected.entrySet()) {
            assertArrayEquals(e.getValue().value(), actual.get(e.getKey()).value(), 0f, e.getKey() + " after " + log);
        }
    }

    private static Process start(Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashTrainingMain.class.getName(), dir.toString(),
                Long.toString(STEPS));
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /**
     * Reads the child's output until it has written {@code count} checkpoints (true) or ended (false), then
     * keeps draining it so that it never blocks on a full pipe.
     */
    private static boolean awaitCheckpoints(Process child, int count) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        int seen = 0;
        String line;
        while (seen < count && (line = out.readLine()) != null) {
            if (line.startsWith("checkpoint ")) {
                seen++;
            }
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the child was killed
            }
        });
        drain.setDaemon(true);
        drain.start();
        return seen == count;
    }
}
