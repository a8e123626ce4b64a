package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.testing.SharedFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The optimizer half of the golden model cases (FORMAT.md §4.5): start from the stored initial
 * parameters, take the stored clipped gradients {@code expected.grad.*} as given, make one step and
 * compare with {@code expected.param.*}, which PyTorch 1.13 computed in float64.
 */
class GoldenOptimizerStepTest {

    /** FORMAT.md §7: {@code |got − expected| <= 1e-4 + 1e-4·|expected|}. */
    private static final double GOLDEN_TOLERANCE = 1e-4;
    /**
     * The optimizer step alone contributes float32 rounding only; a largest error ratio above this
     * would mean the step is not PyTorch's even though the file-level tolerance still passes.
     */
    private static final double MAX_RATIO = 0.01;

    @ParameterizedTest
    @ValueSource(strings = {
        "M01_model_lstm_adam_clipnorm",
        "M02_model_gru_bidir_sgd_momentum_clipnorm",
        "M03_model_rnn_tanh_adam_wd_clipvalue",
        "M04_model_rnn_relu_sgd_nesterov_clipnorm",
    })
    void oneStepFromTheClippedGradientsMatchesPyTorch(String caseName) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, float[]> tensors = readF32(SharedFiles.golden().resolve(caseName + ".safetensors"), meta);
        assertEquals("model", meta.get("kind"));

        List<Parameter> params = new ArrayList<>();
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            String name = e.getKey();
            if (tensors.containsKey("expected.param." + name)) {
                Parameter p = new Parameter(name, e.getValue().length);
                p.set(e.getValue());
                float[] grad = tensors.get("expected.grad." + name);
                System.arraycopy(grad, 0, p.grad(), 0, grad.length);
                params.add(p);
            }
        }
        assertTrue(params.size() >= 7, "parameters found: " + params.size());

        double lr = Double.parseDouble(meta.get("lr"));
        double weightDecay = Double.parseDouble(meta.get("weight_decay"));
        Optimizer optimizer;
        if (meta.get("optimizer").equals("adam")) {
            String[] betas = meta.get("betas").split(",");
            optimizer = new Adam(params, new AdamConfig(lr, Double.parseDouble(betas[0]), Double.parseDouble(betas[1]),
                    Double.parseDouble(meta.get("eps")), weightDecay));
        } else {
            optimizer = new Sgd(params, new SgdConfig(lr, Double.parseDouble(meta.get("momentum")),
                    Double.parseDouble(meta.get("dampening")), Boolean.parseBoolean(meta.get("nesterov")),
                    weightDecay));
        }
        optimizer.step();

        double worst = 0;
        String worstAt = "";
        for (Parameter p : params) {
            float[] expected = tensors.get("expected.param." + p.name());
            for (int j = 0; j < expected.length; j++) {
                double ratio = Math.abs(p.value()[j] - expected[j])
                        / (GOLDEN_TOLERANCE + GOLDEN_TOLERANCE * Math.abs(expected[j]));
                if (ratio > worst) {
                    worst = ratio;
                    worstAt = p.name() + "[" + j + "] got " + p.value()[j] + " expected " + expected[j];
                }
            }
        }
        assertTrue(worst <= MAX_RATIO, caseName + ": largest error ratio " + worst + " at " + worstAt);
    }

    /** A minimal safetensors reader for the F32 tensors of a golden file (FORMAT.md §1); I64 tensors are skipped. */
    private static Map<String, float[]> readF32(Path file, Map<String, String> metadataOut) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buffer.getLong(0);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        int dataStart = 8 + headerLength;
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().fields().forEachRemaining(m -> metadataOut.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            if (!e.getValue().get("dtype").asText().equals("F32")) {
                continue;
            }
            long begin = e.getValue().get("data_offsets").get(0).asLong();
            long end = e.getValue().get("data_offsets").get(1).asLong();
            float[] values = new float[(int) ((end - begin) / 4)];
            for (int j = 0; j < values.length; j++) {
                values[j] = buffer.getFloat((int) (dataStart + begin + 4L * j));
            }
            out.put(e.getKey(), values);
        }
        return out;
    }
}
