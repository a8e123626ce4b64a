package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code rnn4j bench}: the harness runs and reports what it says it measured. No timing is judged
 * here (timings live in the benchmark itself, see the README's Performance section).
 */
class BenchCommandTest {

    @Test
    void aTruncatedRunReportsItsChunksAndItsFigures() throws Exception {
        CliRun run = CliRun.of("bench", "--config", "D", "--seq-len", "10", "--chunk", "4", "--seconds", "0.01",
                "--warmup", "0", "--json");
        assertEquals(0, run.exitCode, run.toString());
        JsonNode r = CliAsserts.okJson(run);
        assertEquals("D", r.get("config").asText());
        assertEquals(10, r.get("seq_len").asInt());
        assertEquals(4, r.get("chunk").asInt());
        for (String key : new String[] {"train_tokens_per_s", "infer_tokens_per_s", "ms_per_step", "gflops",
            "heap_live_mib"}) {
            assertTrue(r.get(key).asDouble() > 0, key + " in " + r);
        }
    }

    @Test
    void aChunkLongerThanTheSequenceIsTheSequence() throws Exception {
        CliRun run = CliRun.of("bench", "--config", "D", "--seq-len", "3", "--chunk", "64", "--seconds", "0.01",
                "--warmup", "0", "--json");
        assertEquals(0, run.exitCode, run.toString());
        assertEquals(3, CliAsserts.okJson(run).get("chunk").asInt());
    }

    @Test
    void streamReportsMicrosecondsPerStep() throws Exception {
        CliRun run = CliRun.of("bench", "--config", "stream", "--seconds", "0.01", "--warmup", "0", "--json");
        assertEquals(0, run.exitCode, run.toString());
        JsonNode r = CliAsserts.okJson(run);
        assertEquals("stream", r.get("config").asText());
        assertTrue(r.get("us_per_step").asDouble() > 0, r.toString());
    }

    @Test
    void badValuesAreRefusedWithOneLine() {
        CliRun unknown = CliRun.of("bench", "--config", "F");
        assertEquals(2, unknown.exitCode, unknown.toString());
        assertEquals(List.of("rnn4j: --config must be A, B, C, D, E, stream or peak, got 'F'"), unknown.errLines());
        CliRun chunk = CliRun.of("bench", "--config", "A", "--chunk", "0");
        assertEquals(2, chunk.exitCode, chunk.toString());
        assertEquals(List.of("rnn4j: --seq-len and --chunk must be positive"), chunk.errLines());
    }
}
