package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn4j demo} through {@link Main#run}, shrunk to seconds. */
class DemoCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<String> keys(JsonNode node) {
        List<String> keys = new java.util.ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        return keys;
    }

    @Test
    void jsonLineHasExactlyTheDocumentedShape() throws Exception {
        Path out = dir.resolve("demo");
        CliRun run = CliRun.of("demo", "--T", "10", "--steps", "20", "--hidden", "8", "--batch", "4", "--test-size",
                "50",
                "--out", out.toString(), "--json");
        JsonNode json = CliAsserts.okJson(run);
        assertEquals(List.of("task", "T", "baseline_mse", "results"), keys(json));
        assertEquals("adding", json.get("task").asText());
        assertEquals(10, json.get("T").asInt());
        assertEquals(0.167, json.get("baseline_mse").asDouble(), 0);
        assertEquals(List.of("rnn", "lstm", "gru"), keys(json.get("results")));
        for (JsonNode r : json.get("results")) {
            assertEquals(List.of("test_mse"), keys(r));
            assertTrue(r.get("test_mse").asDouble() > 0, run::toString);
        }
        assertTrue(run.out.contains("baseline"), run::toString);
        for (String f : List.of("report.html", "results.json", "learning-curves.png", "jacobian.png",
                "gradflow-rnn.png",
                "gradflow-lstm.png", "gradflow-gru.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode details = JSON.readTree(out.resolve("results.json").toFile());
        assertEquals(20, details.get("results").get("gru").get("steps").asInt());
    }

    @Test
    void sameSeedSameResults() throws Exception {
        String[] args = {"demo", "--T", "8", "--steps", "15", "--hidden", "6", "--batch", "4", "--test-size", "40",
            "--seed", "5", "--out", dir.toString(), "--json"};
        assertEquals(CliAsserts.okJson(CliRun.of(args)), CliAsserts.okJson(CliRun.of(args)));
    }

    /** Short sequences are easy: 300 steps take a GRU far below the baseline (the real claim needs T=100, see the docs). */
    @Test
    void gruLearnsShortSequences() throws Exception {
        CliRun run = CliRun.of("demo", "--T", "10", "--steps", "300", "--hidden", "16", "--test-size", "200", "--out",
                dir.toString(), "--json");
        double gru = CliAsserts.okJson(run).get("results").get("gru").get("test_mse").asDouble();
        assertTrue(gru < 0.05, run::toString);
    }

    @Test
    void timeBudgetStopsEarly() throws Exception {
        CliRun run = CliRun.of("demo", "--T", "10", "--steps", "100000", "--hidden", "4", "--test-size", "20",
                "--time-budget", "3s", "--out", dir.toString(), "--json");
        CliAsserts.okJson(run);
        assertTrue(run.out.contains("(time budget)"), run::toString);
    }

    @Test
    void usageErrors() {
        CliRun run = CliRun.of("demo", "--T", "1");
        assertEquals(ExitCodes.USAGE, run.exitCode, run::toString);
        assertTrue(run.errLines().get(0).contains("at least 2"), run::toString);
        CliRun bad = CliRun.of("demo", "--lr", "0");
        assertEquals(ExitCodes.USAGE, bad.exitCode, bad::toString);
    }
}
