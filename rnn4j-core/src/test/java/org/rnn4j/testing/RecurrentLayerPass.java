package org.rnn4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;

/**
 * One forward and backward pass of a recurrent layer on random weights, inputs, initial states,
 * lengths and upstream gradients drawn from {@code rnd}: for comparing kernels or splits.
 */
public final class RecurrentLayerPass {

    private RecurrentLayerPass() {
    }

    /** Random inputs of a pass: input, initial states, lengths (null when all are T). */
    public record Inputs(float[] x, float[] h0, float[] c0, int[] lengths) {
    }

    /** Sets every parameter of {@code layer} to random values and draws the inputs of a pass. */
    public static Inputs randomize(RecurrentLayer layer, Random rnd, int steps, int batch, boolean withLengths) {
        RecurrentConfig cfg = layer.config();
        for (Parameter p : layer.parameters()) {
            p.set(GradCheck.random(rnd, p.size(), 0.5));
        }
        int states = layer.stateCount();
        float[] x = GradCheck.random(rnd, steps * batch * cfg.inputSize(), 1.0);
        float[] h0 = GradCheck.random(rnd, states * batch * cfg.stateSize(), 0.5);
        float[] c0 = cfg.hasCellState() ? GradCheck.random(rnd, states * batch * cfg.hiddenSize(), 0.5) : null;
        int[] lengths = null;
        if (withLengths) {
            lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                lengths[b] = rnd.nextInt(steps + 1);
            }
        }
        return new Inputs(x, h0, c0, lengths);
    }

    /** Everything a forward and backward pass produce, copied out of the layer. */
    public static List<float[]> run(RecurrentLayer layer, Random rnd, int steps, int batch, boolean withLengths) {
        RecurrentConfig cfg = layer.config();
        Inputs in = randomize(layer, rnd, steps, batch, withLengths);
        int states = layer.stateCount();
        float[] x = in.x();
        float[] h0 = in.h0();
        float[] c0 = in.c0();
        int[] lengths = in.lengths();
        float[] gOut = GradCheck.random(rnd, steps * batch * cfg.outputSize(), 1.0);
        float[] gH = GradCheck.random(rnd, states * batch * cfg.stateSize(), 1.0);
        float[] gC = cfg.hasCellState() ? GradCheck.random(rnd, states * batch * cfg.hiddenSize(), 1.0) : null;
        List<float[]> all = new ArrayList<>();
        all.add(layer.forward(x, steps, batch, lengths, h0, c0).clone());
        all.add(layer.finalHidden().clone());
        if (cfg.hasCellState()) {
            all.add(layer.finalCell().clone());
        }
        layer.zeroGrad();
        all.add(layer.backward(gOut, gH, gC).clone());
        all.add(layer.gradInitialHidden().clone());
        if (cfg.hasCellState()) {
            all.add(layer.gradInitialCell().clone());
        }
        for (Parameter p : layer.parameters()) {
            all.add(p.grad().clone());
        }
        return all;
    }

}
