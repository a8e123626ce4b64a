package org.rnn4j.onnx;

import static org.rnn4j.onnx.GoldenLayerOnnxTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rnn4j.kernel.Activation;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.serve.Predictor;
import org.rnn4j.serve.Session;

/**
 * A client streaming an exported model through ONNX Runtime, feeding {@code h_n} (and {@code c_n}) back as
 * {@code h0} (and {@code c0}): one step at a time, and in chunks of 4, gives what one whole-sequence call
 * gives, and what an rnn4j {@link Session} gives step by step.
 */
class StreamingOnnxTest {

    private static final int T = 12;
    private static final int B = 2;
    private static final int V = 7;

    @TestFactory
    Stream<DynamicTest> streamingEqualsOneWholeSequenceCall() {
        List<DynamicTest> tests = new ArrayList<>();
        for (CellType cell : CellType.values()) {
            for (int layers = 1; layers <= 2; layers++) {
                int l = layers;
                tests.add(DynamicTest.dynamicTest(cell + " x" + layers, () -> check(cell, l)));
            }
        }
        return tests.stream();
    }

    private static void check(CellType cell, int layers) throws Exception {
        SequenceModel m = Models.random(cell, Activation.TANH, V, 3, 5, layers, false, V, OutputMode.EVERY_STEP,
                layers);
        int[] tokens = Models.tokens(T * B, V, 40 + layers);
        byte[] onnx = OnnxExport.model(m, null, ExportOptions.defaults());
        float[] whole;
        float[][] wholeState;
        try (Ort ort = new Ort(onnx)) {
            Map<String, float[]> r = ort.feedLongs(OnnxExport.TOKENS, tokens, T, B).run();
            whole = r.get(OnnxExport.OUTPUT);
            wholeState = new float[][] {r.get(OnnxExport.H_N), r.get(OnnxExport.C_N)};
        }
        Session rnn4j = Predictor.of(m, null).newSession(B);
        float[] rnn4jSteps = new float[T * B * V];
        for (int t = 0; t < T; t++) {
            float[] step = rnn4j.step(Arrays.copyOfRange(tokens, t * B, (t + 1) * B));
            System.arraycopy(step, 0, rnn4jSteps, t * B * V, B * V);
        }
        assertClose("whole call vs rnn4j session", rnn4jSteps, whole);
        for (int chunk : new int[] {1, 4}) {
            float[] streamed = new float[T * B * V];
            float[][] state = null;
            try (Ort ort = new Ort(onnx)) {
                for (int t = 0; t < T; t += chunk) {
                    ort.feedLongs(OnnxExport.TOKENS, Arrays.copyOfRange(tokens, t * B, (t + chunk) * B), chunk, B);
                    if (state != null) {
                        ort.feed(OnnxExport.H0, state[0], layers, B, 5);
                        if (cell == CellType.LSTM) {
                            ort.feed(OnnxExport.C0, state[1], layers, B, 5);
                        }
                    }
                    Map<String, float[]> r = ort.run();
                    System.arraycopy(r.get(OnnxExport.OUTPUT), 0, streamed, t * B * V, chunk * B * V);
                    state = new float[][] {r.get(OnnxExport.H_N), r.get(OnnxExport.C_N)};
                }
            }
            assertClose("chunks of " + chunk + " vs one call", whole, streamed);
            assertClose("final state, chunks of " + chunk, wholeState[0], state[0]);
            if (cell == CellType.LSTM) {
                assertClose("final cell state, chunks of " + chunk, wholeState[1], state[1]);
            }
            assertTrue(state[0].length == layers * B * 5);
        }
    }
}
