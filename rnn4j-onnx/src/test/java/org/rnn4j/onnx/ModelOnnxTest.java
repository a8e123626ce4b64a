package org.rnn4j.onnx;

import static org.rnn4j.onnx.GoldenLayerOnnxTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rnn4j.kernel.Activation;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;

/**
 * Whole models (embedding or dense input, the recurrent stack, the head at every step or the last step)
 * exported to ONNX and run in ONNX Runtime against rnn4j's {@link SequenceModel} with the same weights:
 * the head output and the final states to {@link Ort#TOLERANCE}, for every cell (the RNN with tanh, ReLU
 * and sigmoid), stacked and bidirectional, with a variable-length batch (lengths T, 1, 0 and one between)
 * and given initial states, in both layouts, with optional and with plain inputs.
 */
class ModelOnnxTest {

    /** The lowest opset of plain inputs, raised to Range's 11 for the max-over-time head. */
    static int plainOpset(OutputMode mode) {
        return mode == OutputMode.MAX_OVER_TIME ? 11 : ExportOptions.PLAIN_INPUTS_OPSET;
    }

    private record Shape(String name, CellType cell, Activation act, int vocab, int layers, boolean bidirectional,
            OutputMode mode) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("token LSTM x2, every step", CellType.LSTM, Activation.TANH, 7, 2, false, OutputMode.EVERY_STEP),
            new Shape("token GRU, every step", CellType.GRU, Activation.TANH, 7, 1, false, OutputMode.EVERY_STEP),
            new Shape("token RNN sigmoid x2, last step", CellType.RNN, Activation.SIGMOID, 7, 2, false,
                    OutputMode.LAST_STEP),
            new Shape("dense bidirectional LSTM x2, last step", CellType.LSTM, Activation.TANH, 0, 2, true,
                    OutputMode.LAST_STEP),
            new Shape("dense bidirectional GRU x3, last step", CellType.GRU, Activation.TANH, 0, 3, true,
                    OutputMode.LAST_STEP),
            new Shape("dense bidirectional RNN relu, every step", CellType.RNN, Activation.RELU, 0, 1, true,
                    OutputMode.EVERY_STEP),
            new Shape("dense RNN tanh x3, last step", CellType.RNN, Activation.TANH, 0, 3, false,
                    OutputMode.LAST_STEP),
            new Shape("token GRU bidirectional, max over time", CellType.GRU, Activation.TANH, 7, 1, true,
                    OutputMode.MAX_OVER_TIME),
            new Shape("dense LSTM x2, max over time", CellType.LSTM, Activation.TANH, 0, 2, false,
                    OutputMode.MAX_OVER_TIME),
            new Shape("token GRU bidirectional, all steps", CellType.GRU, Activation.TANH, 7, 1, true,
                    OutputMode.ALL_STEPS),
            new Shape("dense LSTM x2, all steps", CellType.LSTM, Activation.TANH, 0, 2, false, OutputMode.ALL_STEPS));

    private static final int T = Models.ALL_STEPS_T;
    private static final int B = 4;
    private static final int FEATURES = 3;
    private static final int HIDDEN = 5;
    private static final int OUTPUTS = 4;

    @TestFactory
    Stream<DynamicTest> everyModelShapeRunsInOnnxRuntimeAsInRnn4j() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 10;
        for (Shape s : SHAPES) {
            long modelSeed = seed++;
            for (boolean bf : new boolean[] {false, true}) {
                for (boolean optional : new boolean[] {true, false}) {
                    for (boolean withState : new boolean[] {false, true}) {
                        ExportOptions o = ExportOptions.defaults().withBatchFirst(bf).withOptionalInputs(optional)
                                .withOpset(optional ? ExportOptions.DEFAULT_OPSET : plainOpset(s.mode()));
                        String name = s.name() + (bf ? ", batch-first" : ", time-major")
                                + (optional ? ", optional inputs" : ", plain inputs")
                                + (withState ? ", lengths and h0" : ", nothing fed");
                        tests.add(DynamicTest.dynamicTest(name, () -> check(s, modelSeed, o, withState)));
                    }
                }
            }
        }
        return tests.stream();
    }

    private static void check(Shape s, long seed, ExportOptions options, boolean withState) throws Exception {
        SequenceModel m = Models.random(s.cell(), s.act(), s.vocab(), FEATURES, HIDDEN, s.layers(), s.bidirectional(),
                OUTPUTS, s.mode(), seed);
        ModelConfig mc = m.config();
        RecurrentConfig rc = mc.rnn();
        int states = rc.numLayers() * rc.directions();
        int[] tokens = mc.tokenInput() ? Models.tokens(T * B, s.vocab(), seed + 100) : null;
        float[] features = mc.tokenInput() ? null : Models.uniform(T * B * FEATURES, -2, 2, seed + 200);
        // an all-steps head reads whole sequences only
        int[] lengths = !withState
                ? null
                : mc.output() == OutputMode.ALL_STEPS
                        ? new int[] {T, T, T, T}
                        : new int[] {T, 1, 0, 4};
        RecurrentState initial = null;
        if (withState) {
            initial = new RecurrentState(rc, B);
            initial.copyFrom(Models.uniform(states * B * HIDDEN, -1, 1, seed + 300),
                    rc.hasCellState() ? Models.uniform(states * B * HIDDEN, -1, 1, seed + 400) : null);
        }
        Models.Forward expected = Models.forward(m, tokens, features, T, B, lengths, initial);

        boolean bf = options.batchFirst();
        Map<String, float[]> got;
        try (Ort ort = new Ort(OnnxExport.model(m, null, options))) {
            if (mc.tokenInput()) {
                ort.feedLongs(OnnxExport.TOKENS, bf ? Models.swapTB(tokens, T, B) : tokens, bf ? B : T, bf ? T : B);
            } else {
                ort.feed(OnnxExport.INPUT, bf ? Models.swapTB(features, T, B, FEATURES) : features, bf ? B : T,
                        bf ? T : B, FEATURES);
            }
            if (withState || !options.optionalInputs()) {
                ort.feedLongs(OnnxExport.LENGTHS, lengths != null ? lengths : GoldenLayerOnnxTest.full(B, T), B);
                ort.feed(OnnxExport.H0, initial != null ? initial.hidden() : new float[states * B * HIDDEN], states, B,
                        HIDDEN);
                if (rc.hasCellState()) {
                    ort.feed(OnnxExport.C0, initial != null ? initial.cell() : new float[states * B * HIDDEN], states,
                            B, HIDDEN);
                }
            }
            got = ort.run();
        }
        float[] output = got.get(OnnxExport.OUTPUT);
        if (mc.output() == OutputMode.EVERY_STEP && bf) {
            output = Models.swapTB(output, B, T, OUTPUTS);
        }
        assertEquals(m.headRows() * OUTPUTS, output.length);
        assertClose("output", expected.output(), output);
        assertClose("h_n", expected.hN(), got.get(OnnxExport.H_N));
        if (rc.hasCellState()) {
            assertClose("c_n", expected.cN(), got.get(OnnxExport.C_N));
        }
        if (withState && lengths[2] == 0) {
            // a sequence of length 0 keeps its initial state, as in rnn4j
            for (int k = 0; k < states; k++) {
                float[] h = got.get(OnnxExport.H_N);
                for (int j = 0; j < HIDDEN; j++) {
                    assertEquals(initial.hidden()[(k * B + 2) * HIDDEN + j], h[(k * B + 2) * HIDDEN + j]);
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> outputShapesFollowTheLayoutAndTheHead() {
        List<DynamicTest> tests = new ArrayList<>();
        for (OutputMode mode : OutputMode.values()) {
            for (boolean bf : new boolean[] {false, true}) {
                tests.add(DynamicTest.dynamicTest(mode + (bf ? " batch-first" : " time-major"), () -> {
                    SequenceModel m = Models.random(CellType.GRU, Activation.TANH, 0, FEATURES, HIDDEN, 2, false,
                            OUTPUTS, mode, 3);
                    try (Ort ort = new Ort(OnnxExport.model(m, null, ExportOptions.defaults().withBatchFirst(bf)))) {
                        ort.feed(OnnxExport.INPUT, new float[T * B * FEATURES], bf ? B : T, bf ? T : B, FEATURES);
                        long[] shape = ort.outputShape(OnnxExport.OUTPUT);
                        long[] want = mode.perSequence()
                                ? new long[] {B, OUTPUTS}
                                : bf ? new long[] {B, T, OUTPUTS} : new long[] {T, B, OUTPUTS};
                        assertArrayEquals(want, shape);
                    }
                }));
            }
        }
        return tests.stream();
    }
}
