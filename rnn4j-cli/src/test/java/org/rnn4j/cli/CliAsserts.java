package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/** Checks shared by the command tests: the JSON line, the one-line error. */
final class CliAsserts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CliAsserts() {
    }

    /** The run succeeded; returns the JSON object on the last line of standard output. */
    static JsonNode okJson(CliRun run) {
        assertEquals(ExitCodes.OK, run.exitCode, run::toString);
        List<String> lines = run.outLines();
        assertFalse(lines.isEmpty(), run::toString);
        try {
            JsonNode n = JSON.readTree(lines.get(lines.size() - 1));
            assertTrue(n.isObject(), run::toString);
            return n;
        } catch (IOException e) {
            return fail("the last line of standard output is not JSON\n" + run, e);
        }
    }

    /**
     * The run failed with {@code exitCode} and said so in one line on standard error (plus, for usage
     * errors, picocli's one-line hint to --help), containing {@code fragment}, without a stack trace,
     * and printed nothing on standard output.
     */
    static void oneLineError(CliRun run, int exitCode, String fragment) {
        assertEquals(exitCode, run.exitCode, run::toString);
        List<String> err = run.errLines();
        assertFalse(err.isEmpty(), run::toString);
        assertTrue(err.get(0).startsWith("rnn4j: "), run::toString);
        assertTrue(err.get(0).contains(fragment), () -> "expected '" + fragment + "' in\n" + run);
        assertFalse(err.get(0).contains("internal error"), run::toString);
        if (err.size() > 1) {
            assertEquals(2, err.size(), run::toString);
            assertTrue(err.get(1).startsWith("Try '") && err.get(1).contains("--help"), run::toString);
            assertEquals(ExitCodes.USAGE, exitCode, "only usage errors carry the --help hint\n" + run);
        }
        assertFalse(run.err.contains("\tat "), run::toString);
        assertFalse(run.err.contains("Exception"), run::toString);
        assertEquals("", run.out, run::toString);
    }
}
