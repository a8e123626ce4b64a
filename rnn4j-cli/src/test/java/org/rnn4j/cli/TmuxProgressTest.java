package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * A real training run's progress on a real terminal: tmux panes of 80 and 120 columns, read back
 * with {@code capture-pane -J} (wrapped lines joined, so a line wider than the pane would show). Skipped
 * when tmux is not installed ({@code .ci/run} installs it).
 */
class TmuxProgressTest {

    private static final Path TMUX = Path.of("/usr/bin/tmux");

    @TempDir
    Path dir;

    /** The panes' widths; both runs go at once, to keep the test short. */
    private static final int[] WIDTHS = {80, 120};

    @Test
    void theProgressLineFitsThePaneAndShowsItsUnits() throws Exception {
        assumeTrue(Files.isExecutable(TMUX), "tmux is not installed (apt-get install -y tmux)");
        Path text = dir.resolve("text.txt");
        // long enough that its validation part (10%) is more than the 16k characters scored during training
        Files.writeString(text, "the quick brown fox jumps over the lazy dog; ".repeat(5000));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] sockets = new String[WIDTHS.length];
        for (int k = 0; k < WIDTHS.length; k++) {
            sockets[k] = "rnn4j-test-" + ProcessHandle.current().pid() + "-" + WIDTHS[k];
            List<String> command = List.of(java, "--add-modules", "jdk.incubator.vector", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "train", "lm", "--data",
                    text.toString(), "--out", dir.resolve("model-" + WIDTHS[k]).toString(), "--steps", "150",
                    "--hidden", "16", "--layers", "1", "--batch", "4", "--seq-len", "16", "--embedding", "8",
                    "--validate-every", "15", "--threads", "1", "--no-report");
            // through a script: the test class path (Spark's jars among them) is longer than tmux takes a command
            Path script = dir.resolve("run-" + WIDTHS[k] + ".sh");
            Files.writeString(script, String.join(" ", command.stream().map(TmuxProgressTest::quote).toList())
                    + "; echo EXIT $?; sleep 120\n");
            run("-L", sockets[k], "new-session", "-d", "-s", "progress", "-x", Integer.toString(WIDTHS[k]), "-y",
                    "12", "sh " + quote(script.toString()));
        }
        List<List<String>> progressLines = new ArrayList<>();
        String[] screens = new String[WIDTHS.length];
        for (int k = 0; k < WIDTHS.length; k++) {
            progressLines.add(new ArrayList<>());
            screens[k] = "";
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline
                    && !(screens[0].contains("EXIT") && screens[WIDTHS.length - 1].contains("EXIT"))) {
                Thread.sleep(300);
                for (int k = 0; k < WIDTHS.length; k++) {
                    if (screens[k].contains("EXIT")) {
                        // this pane's run is over; its session may end before the other's does
                        continue;
                    }
                    screens[k] = run("-L", sockets[k], "capture-pane", "-p", "-J", "-t", "progress");
                    for (String line : screens[k].split("\n")) {
                        String l = line.stripTrailing();
                        assertTrue(l.length() <= WIDTHS[k],
                                "a line wider than the " + WIDTHS[k] + "-column pane: '" + l + "'");
                        // the bar's line: "step 12/150 ..." or, narrow, "12/150 ..."
                        if (l.matches("(step )?\\d+/\\d+ .*")) {
                            progressLines.get(k).add(l);
                        }
                    }
                }
            }
        } finally {
            for (String socket : sockets) {
                run("-L", socket, "kill-server");
            }
        }
        for (int k = 0; k < WIDTHS.length; k++) {
            List<String> lines = progressLines.get(k);
            assertTrue(screens[k].contains("EXIT 0"), "the run did not end well:\n" + screens[k]);
            assertTrue(!lines.isEmpty(), "no progress line was seen:\n" + screens[k]);
            for (String l : lines) {
                assertTrue(l.matches(".*loss \\d+\\.\\d+ (bits/char|bpc).*"), "the loss without its unit: " + l);
                assertTrue(!l.contains("[ ]") && !l.contains("[]"), "a collapsed bar: " + l);
            }
            String slice = WIDTHS[k] >= 120 ? "val (16k slice)" : "val~";
            assertTrue(lines.stream().anyMatch(l -> l.contains(slice)),
                    "the validation during training is not labelled as a slice (" + slice + "): " + lines);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(TMUX.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
