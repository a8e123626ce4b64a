package org.rnn4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.io.StateDicts;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.parity.GoldenCase;
import org.rnn4j.testing.SharedFiles;

/**
 * Every layer case of {@code ../shared/golden} (L01..L16) exported to ONNX and run in ONNX Runtime: the
 * output (exactly 0 at padded steps), {@code h_n} and {@code c_n} equal rnn4j's forward pass of the same
 * weights and inputs to {@link Ort#TOLERANCE}, and PyTorch's expected values to the golden tolerance. The
 * cases cover RNN tanh and ReLU, LSTM, GRU, stacked, bidirectional, batch-first, initial states and
 * variable lengths; those with an LSTM projection are refused, naming it. Each case runs with optional
 * inputs at the default opset and at the highest, and with plain inputs at their lowest (9).
 */
class GoldenLayerOnnxTest {

    private static final List<ExportOptions> VARIANTS = List.of(ExportOptions.defaults(),
            ExportOptions.defaults().withOpset(ExportOptions.MAX_OPSET),
            ExportOptions.defaults().withOpset(ExportOptions.PLAIN_INPUTS_OPSET).withOptionalInputs(false));

    @TestFactory
    Stream<DynamicTest> everyLayerCaseRunsInOnnxRuntimeAsInRnn4j() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(SharedFiles.golden())) {
            s.filter(p -> p.getFileName().toString().matches("L\\d+_.*\\.safetensors")).sorted().forEach(files::add);
        }
        assertEquals(16, files.size(), "layer cases in " + SharedFiles.golden());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            for (ExportOptions o : VARIANTS) {
                String name = f.getFileName().toString().replace(".safetensors", "") + " opset " + o.opset()
                        + (o.optionalInputs() ? " optional inputs" : " plain inputs");
                tests.add(DynamicTest.dynamicTest(name, () -> check(new GoldenCase(SafeTensors.read(f)), o)));
            }
        }
        return tests.stream();
    }

    private static void check(GoldenCase gc, ExportOptions options) throws Exception {
        RecurrentConfig cfg = gc.recurrentConfig(gc.integer("input_size"));
        RecurrentLayer layer = new RecurrentLayer(cfg, KernelProvider.scalar());
        StateDicts.load(layer.parameters(), "", gc.file());
        if (cfg.projSize() > 0) {
            OnnxExportException e = assertThrows(OnnxExportException.class, () -> OnnxExport.layer(layer, options));
            assertTrue(e.getMessage().contains("proj_size " + cfg.projSize()), e.getMessage());
            return;
        }
        int b = gc.integer("batch_size");
        int t = gc.integer("seq_len");
        int states = cfg.numLayers() * cfg.directions();
        int s = cfg.stateSize();
        boolean bf = cfg.batchFirst();
        long[] inShape = bf ? new long[] {b, t, cfg.inputSize()} : new long[] {t, b, cfg.inputSize()};
        float[] input = gc.floats("input", toInt(inShape));
        boolean hasH0 = gc.bool("has_h0");
        float[] h0 = hasH0 ? gc.floats("h0", states, b, s) : null;
        float[] c0 = hasH0 && cfg.hasCellState() ? gc.floats("c0", states, b, s) : null;
        int[] lengths = gc.bool("has_lengths") ? gc.ints("lengths", 1, t + 1L, b) : null;

        float[] output = layer.forward(input, t, b, lengths, h0, c0).clone();
        float[] hN = layer.finalHidden().clone();
        float[] cN = cfg.hasCellState() ? layer.finalCell().clone() : null;

        Map<String, float[]> got;
        try (Ort ort = new Ort(OnnxExport.layer(layer, options))) {
            ort.feed(OnnxExport.INPUT, input, inShape);
            if (lengths != null || !options.optionalInputs()) {
                ort.feedLongs(OnnxExport.LENGTHS, lengths != null ? lengths : full(b, t), b);
            }
            if (h0 != null || !options.optionalInputs()) {
                ort.feed(OnnxExport.H0, h0 != null ? h0 : new float[states * b * s], states, b, s);
                if (cfg.hasCellState()) {
                    ort.feed(OnnxExport.C0, c0 != null ? c0 : new float[states * b * s], states, b, s);
                }
            }
            got = ort.run();
        }
        assertClose("output", output, got.get(OnnxExport.OUTPUT));
        assertClose("h_n", hN, got.get(OnnxExport.H_N));
        int[] outShape = bf ? new int[] {b, t, cfg.outputSize()} : new int[] {t, b, cfg.outputSize()};
        assertGolden("output", gc.floats("expected.output", outShape), got.get(OnnxExport.OUTPUT));
        assertGolden("h_n", gc.floats("expected.h_n", states, b, s), got.get(OnnxExport.H_N));
        if (cfg.hasCellState()) {
            assertClose("c_n", cN, got.get(OnnxExport.C_N));
            assertGolden("c_n", gc.floats("expected.c_n", states, b, s), got.get(OnnxExport.C_N));
        } else {
            assertFalse(got.containsKey(OnnxExport.C_N));
        }
        if (lengths != null) {
            float[] y = got.get(OnnxExport.OUTPUT);
            for (int bi = 0; bi < b; bi++) {
                for (int ti = lengths[bi]; ti < t; ti++) {
                    int row = bf ? bi * t + ti : ti * b + bi;
                    for (int j = 0; j < cfg.outputSize(); j++) {
                        assertEquals(0f, y[row * cfg.outputSize() + j], "padded output at t=" + ti + " b=" + bi);
                    }
                }
            }
        }
    }

    static void assertClose(String what, float[] rnn4j, float[] ort) {
        double d = Ort.maxAbsDiff(rnn4j, ort);
        assertTrue(d <= Ort.TOLERANCE, what + ": max |ONNX Runtime - rnn4j| = " + d);
    }

    /** The golden tolerance of FORMAT.md §7, |got - expected| <= 1e-4 + 1e-4 |expected|. */
    private static void assertGolden(String what, float[] expected, float[] got) {
        assertEquals(expected.length, got.length, what);
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs((double) got[i] - expected[i]);
            assertTrue(err <= 1e-4 + 1e-4 * Math.abs(expected[i]), what + "[" + i + "]: " + got[i] + " vs PyTorch "
                    + expected[i]);
        }
    }

    static int[] full(int b, int t) {
        int[] l = new int[b];
        java.util.Arrays.fill(l, t);
        return l;
    }

    private static int[] toInt(long[] shape) {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (int) shape[i];
        }
        return s;
    }
}
