package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.testing.SharedFiles;

/** {@code rnn4j parity} over the golden cases in {@code ../shared/golden} and over broken input. */
class ParityCommandTest {

    private static final String GOOD_CASE = "L01_rnn_tanh_basic.safetensors";

    /** One printed case line split into its columns: name, kind, status, rest. */
    private static String[] columns(String line) {
        return line.trim().split("\\s+", 4);
    }

    /** The case lines of a run: everything before the summary line. */
    private static List<String> caseLines(CliRun run) {
        List<String> lines = new ArrayList<>();
        for (String line : run.outLines()) {
            if (line.matches("\\d+ passed, \\d+ failed, \\d+ skipped")) {
                return lines;
            }
            lines.add(line);
        }
        throw new AssertionError("no summary line\n" + run);
    }

    @Test
    void everyLayerCasePassesAndNoCaseFails() {
        CliRun run = CliRun.of("parity", SharedFiles.golden().toString());
        assertEquals(ExitCodes.OK, run.exitCode, run::toString);
        List<String> cases = caseLines(run);
        assertTrue(cases.size() >= 16, run::toString);
        int layers = 0;
        for (String line : cases) {
            String[] c = columns(line);
            if (c[1].equals("layer")) {
                layers++;
                assertEquals("PASS", c[2], line);
                assertTrue(c[3].matches("worst [0-9.e+-]+(×|x)tol at \\S+"), line);
            } else {
                assertTrue(c[2].equals("PASS") || c[2].equals("SKIP"), line);
            }
        }
        assertTrue(layers >= 16, run::toString);
        String summary = run.outLines().get(run.outLines().size() - 1);
        assertTrue(summary.endsWith(" 0 failed, " + countStatus(cases, "SKIP") + " skipped"), summary);
        assertTrue(summary.startsWith(countStatus(cases, "PASS") + " passed, "), summary);
        assertEquals("", run.err);
    }

    private static long countStatus(List<String> cases, String status) {
        return cases.stream().filter(l -> columns(l)[2].equals(status)).count();
    }

    @Test
    void jsonSummaryIsTheLastLineWithExactlyThreeKeys() throws IOException {
        CliRun run = CliRun.of("parity", "--json", SharedFiles.golden().toString());
        JsonNode json = CliAsserts.okJson(run);
        Set<String> keys = new TreeSet<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("passed", "failed", "skipped"), keys);
        assertEquals(0, json.get("failed").asInt());
        List<String> cases = caseLines(run);
        assertEquals(countStatus(cases, "PASS"), json.get("passed").asInt());
        assertEquals(countStatus(cases, "SKIP"), json.get("skipped").asInt());
        assertEquals(cases.size(), json.get("passed").asInt() + json.get("skipped").asInt());
    }

    @Test
    void aCorruptFileFailsWithAReasonAndTheRunGoesOn(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(SharedFiles.golden().resolve(GOOD_CASE));
        // sorted first, so that the good case after it shows the run continuing
        Files.write(dir.resolve("A_truncated.safetensors"), Arrays.copyOf(good, good.length / 2));
        Files.write(dir.resolve("B_good.safetensors"), good);

        CliRun run = CliRun.of("parity", "--json", dir.toString());
        assertEquals(ExitCodes.FAILURE, run.exitCode, run::toString);
        List<String> cases = caseLines(run);
        assertEquals(2, cases.size(), run::toString);
        String[] broken = columns(cases.get(0));
        assertEquals("A_truncated", broken[0], run::toString);
        assertEquals("FAIL", broken[2], run::toString);
        assertTrue(broken.length == 4 && !broken[3].isBlank(), "no reason given: " + cases.get(0));
        // the good copy still runs: its name comes from its metadata, not the file name
        assertEquals("PASS", columns(cases.get(1))[2], run::toString);

        List<String> lines = run.outLines();
        assertEquals("1 passed, 1 failed, 0 skipped", lines.get(lines.size() - 2));
        assertEquals("{\"passed\":1,\"failed\":1,\"skipped\":0}", lines.get(lines.size() - 1));
        assertEquals("", run.err, "a failing case is a result, not an error");
    }

    @Test
    void aFileThatIsNotSafetensorsFailsAsACase(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a tensor file\n");
        CliRun run = CliRun.of("parity", text.toString(), SharedFiles.golden().resolve(GOOD_CASE).toString());
        assertEquals(ExitCodes.FAILURE, run.exitCode, run::toString);
        List<String> cases = caseLines(run);
        assertEquals("FAIL", columns(cases.get(0))[2], run::toString);
        assertEquals("PASS", columns(cases.get(1))[2], run::toString);
    }

    @Test
    void aNonexistentPathIsAOneLineUsageError(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-golden");
        CliRun run = CliRun.of("parity", SharedFiles.golden().toString(), missing.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode, run::toString);
        assertEquals(List.of("rnn4j: no such file or directory: " + missing), run.errLines());
        assertEquals("", run.out, "nothing runs when a path is wrong");
    }

    @Test
    void aDirectoryWithoutCasesIsAOneLineUsageError(@TempDir Path dir) {
        CliRun run = CliRun.of("parity", dir.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode, run::toString);
        assertEquals(List.of("rnn4j: no golden case files (*.safetensors) in " + dir), run.errLines());
        assertEquals("", run.out);
    }

    @Test
    void noPathIsAUsageError() {
        CliRun run = CliRun.of("parity");
        assertEquals(ExitCodes.USAGE, run.exitCode, run::toString);
        assertEquals(List.of("rnn4j: Missing required parameter: 'PATH'",
                "Try 'rnn4j parity --help' for more information."), run.errLines());
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithASuggestion() {
        CliRun run = CliRun.of("parity", "--jsn", SharedFiles.golden().toString());
        assertEquals(ExitCodes.USAGE, run.exitCode, run::toString);
        assertEquals(List.of("rnn4j: Unknown option: '--jsn'",
                "Did you mean --json? Try 'rnn4j parity --help' for more information."), run.errLines());
        assertEquals("", run.out);
    }

    @Test
    void helpDescribesThePathsAndTheJsonOption() {
        CliRun run = CliRun.of("parity", "--help");
        assertEquals(ExitCodes.OK, run.exitCode, run::toString);
        assertTrue(run.out.contains("PATH..."), run::toString);
        assertTrue(run.out.contains("--json"), run::toString);
        assertFalse(run.out.contains("Default: []"), run::toString);
    }
}
