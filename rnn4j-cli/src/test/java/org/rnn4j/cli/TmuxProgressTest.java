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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real training run's progress on a real terminal: tmux panes of 80 and 120 columns, read back
 * with {@code capture-pane -J} (wrapped lines joined, so a line wider than the pane would show). Skipped
 * when tmux is not installed ({@code .ci/run} installs it).
 */
class TmuxProgressTest {

    private static final Path TMUX = Path.of("/usr/bin/tmux");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {80, 120})
    void theProgressLineFitsThePaneAndShowsItsUnits(int width) throws Exception {
        assumeTrue(Files.isExecutable(TMUX), "tmux is not installed (apt-get install -y tmux)");
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "the quick brown fox jumps over the lazy dog; ".repeat(2000));
        String socket = "rnn4j-test-" + ProcessHandle.current().pid() + "-" + width;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "train", "lm", "--data", text.toString(),
                "--out", dir.resolve("model").toString(), "--steps", "300", "--hidden", "16", "--layers", "1",
                "--batch", "4", "--seq-len", "16", "--embedding", "8", "--validate-every", "25", "--threads", "1",
                "--no-report");
        String shell = String.join(" ", command.stream().map(TmuxProgressTest::quote).toList())
                + "; echo EXIT $?; sleep 60";
        run("-L", socket, "new-session", "-d", "-s", "progress", "-x", Integer.toString(width), "-y", "12", shell);
        List<String> progressLines = new ArrayList<>();
        String screen = "";
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && !screen.contains("EXIT")) {
                Thread.sleep(300);
                screen = run("-L", socket, "capture-pane", "-p", "-J", "-t", "progress");
                for (String line : screen.split("\n")) {
                    String l = line.stripTrailing();
                    assertTrue(l.length() <= width, "a line wider than the " + width + "-column pane: '" + l + "'");
                    // the bar's line: "step 12/300 ..." or, narrow, "12/300 ..."
                    if (l.matches("(step )?\\d+/\\d+ .*")) {
                        progressLines.add(l);
                    }
                }
            }
        } finally {
            run("-L", socket, "kill-server");
        }
        assertTrue(screen.contains("EXIT 0"), "the run did not end well:\n" + screen);
        assertTrue(!progressLines.isEmpty(), "no progress line was seen:\n" + screen);
        for (String l : progressLines) {
            assertTrue(l.matches(".*loss \\d+\\.\\d+ (bits/char|bpc).*"), "the loss without its unit: " + l);
            assertTrue(!l.contains("[ ]") && !l.contains("[]"), "a collapsed bar: " + l);
        }
        assertTrue(progressLines.stream().anyMatch(l -> l.contains("val")), "no validation shown: " + progressLines);
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
