package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;

/**
 * {@code rnn4j export-onnx}: a character language model trained a few steps, exported and run over
 * 1,000 characters in ONNX Runtime (its vocabulary read from the file's metadata), scores the bits per
 * character that {@code rnn4j eval} reports; what cannot be exported is one line and writes nothing.
 */
class ExportOnnxCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static Path lm;

    @BeforeAll
    static void trainOnce() throws IOException {
        // a two-layer LSTM of 8 units trained 100 steps: both states (h, c) of a stack carried through ONNX
        lm = TrainedModel.train(shared, "lm", "--task", "lm", "--data", SmallInputs.text(shared).toString(), "--cell",
                "lstm", "--hidden", "8", "--layers", "2", "--embedding", "4", "--batch", "2", "--seq-len", "8",
                "--steps", "100", "--quiet").dir();
    }

    @Test
    void aCharacterModelInOnnxRuntimeScoresWhatEvalScores(@TempDir Path dir) throws Exception {
        String text = "the quick brown fox jumps over the lazy dog.\n".repeat(23).substring(0, 1000);
        Path data = Files.writeString(dir.resolve("eval.txt"), text, StandardCharsets.UTF_8);
        double bpc = CliAsserts.okJson(CliRun.of("eval", "--model", lm.toString(), "--data", data.toString(),
                "--json")).path("bpc").asDouble();
        Path onnx = dir.resolve("lm.onnx");
        JsonNode wrote = CliAsserts.okJson(CliRun.of("export-onnx", "--model", lm.toString(), "--out",
                onnx.toString(), "--json"));
        assertEquals(17, wrote.path("opset").asInt());
        assertEquals(Files.size(onnx), wrote.path("bytes").asLong());

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            JsonNode task = JSON.readTree(s.getMetadata().getCustomMetadata().get("rnn4j_task"));
            Map<String, Long> ids = new HashMap<>();
            for (JsonNode c : task.path("vocabulary")) {
                ids.put(c.asText(), (long) ids.size());
            }
            long[] tokens = new long[text.length()];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = ids.get(String.valueOf(text.charAt(i)));
            }
            int v = ids.size();
            // one stream of 1,000 steps in chunks of 128, the state carried through h_n and c_n
            double nats = 0;
            Map<String, OnnxTensor> state = Map.of();
            for (int start = 0; start < tokens.length; start += 128) {
                int t = Math.min(128, tokens.length - start);
                long[] chunk = java.util.Arrays.copyOfRange(tokens, start, start + t);
                Map<String, OnnxTensor> feed = new HashMap<>(state);
                feed.put("tokens", OnnxTensor.createTensor(env, LongBuffer.wrap(chunk), new long[] {t, 1}));
                try (OrtSession.Result r = s.run(feed)) {
                    FloatBuffer logits = ((OnnxTensor) r.get("output").orElseThrow()).getFloatBuffer();
                    for (int k = 0; k < t && start + k + 1 < tokens.length; k++) {
                        nats += crossEntropy(logits, k * v, v, (int) tokens[start + k + 1]);
                    }
                    feed.values().forEach(OnnxTensor::close);
                    state = Map.of("h0", copy(env, r, "h_n"), "c0", copy(env, r, "c_n"));
                }
            }
            state.values().forEach(OnnxTensor::close);
            double onnxBpc = nats / (tokens.length - 1) / Math.log(2);
            assertTrue(Math.abs(onnxBpc - bpc) <= 1e-4, "ONNX Runtime " + onnxBpc + " bits/char, rnn4j eval " + bpc);
        }
    }

    @Test
    void anLstmProjectionIsOneLineAndWritesNothing(@TempDir Path dir) throws IOException {
        RecurrentConfig rc = RecurrentConfig.builder(CellType.LSTM, 3, 5).projSize(2).build();
        SequenceModel m = new SequenceModel(new ModelConfig(0, rc, 2, OutputMode.LAST_STEP, 0, false),
                KernelProvider.scalar());
        Path model = dir.resolve("proj");
        ModelDirectory.save(model, m, ModelDirectory.newObject(), null, 1);
        Path out = dir.resolve("out.onnx");
        CliAsserts.oneLineError(CliRun.of("export-onnx", "--model", model.toString(), "--out", out.toString()),
                ExitCodes.FAILURE, "projection (proj_size 2)");
        assertNothingWritten(dir, out);
    }

    @Test
    void anOpsetBelowWhatTheModelNeedsIsAUsageErrorNamingTheFeature(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.onnx");
        CliAsserts.oneLineError(CliRun.of("export-onnx", "--model", lm.toString(), "--out", out.toString(),
                "--opset", "14"), ExitCodes.USAGE,
                "--opset: opset 14 is too low for this model, which needs opset 15:"
                        + " OptionalGetElement (opset 15) for the optional inputs");
        CliAsserts.oneLineError(CliRun.of("export-onnx", "--model", lm.toString(), "--out", out.toString(),
                "--opset", "8", "--plain-inputs"), ExitCodes.USAGE, "Where (opset 9) for sequences of length 0");
        CliAsserts.oneLineError(CliRun.of("export-onnx", "--model", lm.toString(), "--out", out.toString(),
                "--opset", "22"), ExitCodes.USAGE, "--opset must be in [1, 21]");
        assertNothingWritten(dir, out);
        CliAsserts.okJson(CliRun.of("export-onnx", "--model", lm.toString(), "--out", out.toString(), "--opset", "9",
                "--plain-inputs", "--json"));
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void aCorruptModelDirectoryIsOneLineAndWritesNothing(@TempDir Path dir) throws IOException {
        Path broken = SmallInputs.copy(lm, dir.resolve("broken"));
        Files.writeString(broken.resolve(ModelDirectory.MANIFEST), "{\"format\": \"rnn4j-model\", ");
        Path out = dir.resolve("out.onnx");
        CliAsserts.oneLineError(CliRun.of("export-onnx", "--model", broken.toString(), "--out", out.toString()),
                ExitCodes.FAILURE, "is not valid JSON");
        Path truncated = SmallInputs.copy(lm, dir.resolve("truncated"));
        try (Stream<Path> files = Files.list(truncated)) {
            Path weights = files.filter(p -> p.getFileName().toString().startsWith("weights-")).findFirst()
                    .orElseThrow();
            Files.write(weights, java.util.Arrays.copyOf(Files.readAllBytes(weights), 100));
        }
        CliAsserts.oneLineError(CliRun.of("export-onnx", "--model", truncated.toString(), "--out", out.toString()),
                ExitCodes.FAILURE, "weights-");
        CliAsserts.oneLineError(CliRun.of("export-onnx", "--model", dir.resolve("none").toString(), "--out",
                out.toString()), ExitCodes.USAGE, "no such model directory");
        assertNothingWritten(dir, out);
    }

    /** Neither the output nor a temporary file of it is left in {@code dir}. */
    private static void assertNothingWritten(Path dir, Path out) throws IOException {
        assertFalse(Files.exists(out), out + " was written");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> temp = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertTrue(temp.isEmpty(), "temporary files left: " + temp);
        }
    }

    /** -log softmax(logits[from, from + v))[target], in double. */
    private static double crossEntropy(FloatBuffer logits, int from, int v, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < v; j++) {
            max = Math.max(max, logits.get(from + j));
        }
        double sum = 0;
        for (int j = 0; j < v; j++) {
            sum += Math.exp(logits.get(from + j) - max);
        }
        return Math.log(sum) + max - logits.get(from + target);
    }

    private static OnnxTensor copy(OrtEnvironment env, OrtSession.Result r, String name) throws Exception {
        OnnxTensor t = (OnnxTensor) r.get(name).orElseThrow();
        FloatBuffer b = t.getFloatBuffer();
        return OnnxTensor.createTensor(env, b, t.getInfo().getShape());
    }
}
