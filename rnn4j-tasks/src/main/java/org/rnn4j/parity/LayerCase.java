package org.rnn4j.parity;

import org.rnn4j.io.StateDicts;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;

/** Runs a {@code kind = layer} case ({@code FORMAT.md} §3): one forward and one backward pass. */
final class LayerCase {

    private LayerCase() {
    }

    static void run(GoldenCase gc, Kernels kernels, Tolerance tol) {
        RecurrentConfig cfg = gc.recurrentConfig(gc.integer("input_size"));
        int b = gc.integer("batch_size");
        int t = gc.integer("seq_len");
        int states = cfg.numLayers() * cfg.directions();
        int s = cfg.stateSize();
        int h = cfg.hiddenSize();
        RecurrentLayer layer = new RecurrentLayer(cfg, kernels);
        StateDicts.load(layer.parameters(), "", gc.file());

        int[] inShape = cfg.batchFirst() ? new int[] {b, t, cfg.inputSize()} : new int[] {t, b, cfg.inputSize()};
        int[] outShape = cfg.batchFirst() ? new int[] {b, t, cfg.outputSize()} : new int[] {t, b, cfg.outputSize()};
        float[] input = gc.floats("input", inShape);
        boolean hasH0 = gc.bool("has_h0", gc.has("h0"));
        float[] h0 = hasH0 ? gc.floats("h0", states, b, s) : null;
        float[] c0 = hasH0 && cfg.hasCellState() ? gc.floats("c0", states, b, h) : null;
        int[] lengths = gc.bool("has_lengths", gc.has("lengths")) ? gc.ints("lengths", 1, t + 1L, b) : null;

        float[] out = layer.forward(input, t, b, lengths, h0, c0);
        tol.compare("output", outShape, gc.floats("expected.output", outShape), outShape, out);
        if (lengths != null) {
            for (int bi = 0; bi < b; bi++) {
                for (int ti = lengths[bi]; ti < t; ti++) {
                    int row = cfg.batchFirst() ? bi * t + ti : ti * b + bi;
                    for (int j = 0; j < cfg.outputSize(); j++) {
                        tol.requireExactZero("output", out[row * cfg.outputSize() + j], "[t=" + ti + ", b=" + bi + "]");
                    }
                }
            }
        }
        int[] hShape = {states, b, s};
        int[] cShape = {states, b, h};
        tol.compare("h_n", hShape, gc.floats("expected.h_n", hShape), hShape, layer.finalHidden());
        if (cfg.hasCellState()) {
            tol.compare("c_n", cShape, gc.floats("expected.c_n", cShape), cShape, layer.finalCell());
        }

        float[] gradOut = gc.floats("grad_output", outShape);
        float[] gradHn = gc.floats("grad_h_n", hShape);
        float[] gradCn = cfg.hasCellState() ? gc.floats("grad_c_n", cShape) : null;
        layer.zeroGrad();
        float[] gradIn = layer.backward(gradOut, gradHn, gradCn);
        tol.compare("grad.input", inShape, gc.floats("expected.grad.input", inShape), inShape, gradIn);
        if (hasH0) {
            tol.compare("grad.h0", hShape, gc.floats("expected.grad.h0", hShape), hShape, layer.gradInitialHidden());
            if (cfg.hasCellState()) {
                tol.compare("grad.c0", cShape, gc.floats("expected.grad.c0", cShape), cShape, layer.gradInitialCell());
            }
        }
        for (Parameter p : layer.parameters()) {
            String key = "expected.grad." + p.name();
            tol.compare("grad." + p.name(), p.shape(), gc.floats(key, p.shape()), p.shape(), p.grad());
        }
    }
}
