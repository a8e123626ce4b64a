package org.rnn4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.ScalarKernels;
import org.rnn4j.kernel.SplittingKernels;
import org.rnn4j.nn.Parameter;
import org.rnn4j.testing.GradCheck;

/**
 * With kernels that have several threads, the recurrence runs each thread's share of the batch
 * through all steps on its own (see {@code DirectionalRecurrence.runRows}). That must change no
 * bit of anything: outputs, final states, every gradient, for every cell and layout, with batches
 * that do not divide evenly, batches smaller than the thread count, and variable lengths.
 */
class BatchSplitTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("rnn tanh", cfg(CellType.RNN, Activation.TANH, 1, false, 0), 5, 7, false),
                Arguments.of("rnn relu 2 layers lengths", cfg(CellType.RNN, Activation.RELU, 2, false, 0), 4, 5, true),
                Arguments.of("lstm", cfg(CellType.LSTM, null, 1, false, 0), 6, 8, false),
                Arguments.of("lstm 2 layers bidir lengths", cfg(CellType.LSTM, null, 2, true, 0), 5, 7, true),
                Arguments.of("lstm projection bidir lengths", cfg(CellType.LSTM, null, 2, true, 3), 4, 6, true),
                Arguments.of("lstm batch 2", cfg(CellType.LSTM, null, 1, false, 0), 3, 2, false),
                Arguments.of("gru", cfg(CellType.GRU, null, 1, false, 0), 5, 9, false),
                Arguments.of("gru bidir batch-first lengths", cfg(CellType.GRU, null, 2, true, 0).withBatchFirst(true),
                        4, 5, true),
                Arguments.of("lstm odd sizes T=1", new RecurrentConfig(CellType.LSTM, null, 17, 19, 1, false, true, 0,
                        false), 1, 3, false));
    }

    static RecurrentConfig cfg(CellType cell, Activation act, int layers, boolean bidir, int proj) {
        return new RecurrentConfig(cell, act, 5, 7, layers, bidir, true, proj, false);
    }

    /** Everything a forward and backward pass produce, copied out of the layer. */
    static List<float[]> pass(RecurrentLayer layer, Random rnd, int steps, int batch, boolean withLengths) {
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
        float[] gOut = GradCheck.random(rnd, steps * batch * cfg.outputSize(), 1.0);
        float[] gH = GradCheck.random(rnd, states * batch * cfg.stateSize(), 1.0);
        float[] gC = cfg.hasCellState() ? GradCheck.random(rnd, states * batch * cfg.hiddenSize(), 1.0) : null;
        List<float[]> all = new java.util.ArrayList<>();
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void splittingTheBatchChangesNoBit(String name, RecurrentConfig cfg, int steps, int batch, boolean withLengths) {
        List<float[]> expected = pass(new RecurrentLayer(cfg, new ScalarKernels()), new Random(name.hashCode()),
                steps, batch, withLengths);
        for (int parts : new int[] {2, 3, 4}) {
            try (SplittingKernels split = new SplittingKernels(parts)) {
                Kernels kernels = split;
                RecurrentLayer layer = new RecurrentLayer(cfg, kernels);
                // twice: the second pass reuses every buffer of the first
                for (int rep = 0; rep < 2; rep++) {
                    List<float[]> got = pass(layer, new Random(name.hashCode()), steps, batch, withLengths);
                    for (int i = 0; i < expected.size(); i++) {
                        assertArrayEquals(expected.get(i), got.get(i), 0f,
                                name + ": array " + i + " differs with the batch in " + parts + " parts");
                    }
                }
            }
        }
    }
}
