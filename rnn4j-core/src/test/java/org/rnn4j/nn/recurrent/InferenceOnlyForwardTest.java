package org.rnn4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.ScalarKernels;
import org.rnn4j.kernel.SplittingKernels;
import org.rnn4j.testing.RecurrentLayerPass;

/**
 * An inference-only forward pass reuses one step's projection and gate buffers instead of keeping
 * every step's. Its outputs and final states must be the bits of a normal forward pass, for every
 * cell and layout, with the batch split over threads or not, with the input projection made in one
 * multiply or step by step; and a backward pass after it must refuse to run.
 */
class InferenceOnlyForwardTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("rnn tanh", cfg(CellType.RNN, Activation.TANH, 5, 1, false, 0), 5, 7, false),
                Arguments.of("rnn relu 2 layers lengths", cfg(CellType.RNN, Activation.RELU, 5, 2, false, 0), 4, 5,
                        true),
                Arguments.of("lstm 2 layers bidir lengths", cfg(CellType.LSTM, null, 5, 2, true, 0), 5, 7, true),
                Arguments.of("lstm projection bidir", cfg(CellType.LSTM, null, 5, 2, true, 3), 4, 6, false),
                Arguments.of("gru bidir batch-first lengths",
                        cfg(CellType.GRU, null, 5, 2, true, 0).toBuilder().batchFirst(true).build(),
                        4, 5, true),
                // narrow input and 6+ sequences per thread: the input projection is made step by step
                Arguments.of("lstm input per step", cfg(CellType.LSTM, null, 3, 2, false, 0), 5, 13, true),
                Arguments.of("gru input per step", cfg(CellType.GRU, null, 3, 1, false, 0), 5, 12, false),
                Arguments.of("rnn input per step", cfg(CellType.RNN, Activation.TANH, 3, 1, false, 0), 5, 12, false),
                Arguments.of("lstm T=1", cfg(CellType.LSTM, null, 5, 1, false, 0), 1, 3, false));
    }

    static RecurrentConfig cfg(CellType cell, Activation act, int input, int layers, boolean bidir, int proj) {
        return new RecurrentConfig(cell, act, input, 7, layers, bidir, true, proj, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameBitsAndNoBackward(String name, RecurrentConfig cfg, int steps, int batch, boolean withLengths) {
        for (int parts : new int[] {1, 2, 3}) {
            try (SplittingKernels split = parts > 1 ? new SplittingKernels(parts) : null) {
                Kernels kernels = parts > 1 ? split : new ScalarKernels();
                check(name + ", " + parts + " parts", new RecurrentLayer(cfg, kernels), steps, batch, withLengths);
            }
        }
    }

    private static void check(String what, RecurrentLayer layer, int steps, int batch, boolean withLengths) {
        RecurrentConfig cfg = layer.config();
        RecurrentLayerPass.Inputs in = RecurrentLayerPass.randomize(layer, new Random(what.hashCode()), steps, batch,
                withLengths);
        float[] x = in.x();
        float[] h0 = in.h0();
        float[] c0 = in.c0();
        int[] lengths = in.lengths();
        float[] out = layer.forward(x, steps, batch, lengths, h0, c0).clone();
        float[] hN = layer.finalHidden().clone();
        float[] cN = cfg.hasCellState() ? layer.finalCell().clone() : null;

        layer.setInferenceOnly(true);
        assertArrayEquals(out, layer.forward(x, steps, batch, lengths, h0, c0), 0f, what + ": output");
        assertArrayEquals(hN, layer.finalHidden(), 0f, what + ": final states");
        if (cN != null) {
            assertArrayEquals(cN, layer.finalCell(), 0f, what + ": final cell states");
        }
        float[] gOut = new float[out.length];
        assertThrows(IllegalStateException.class, () -> layer.backward(gOut, null, null), what);

        // back to training: a forward that keeps its activations, then backward, works again
        layer.setInferenceOnly(false);
        assertArrayEquals(out, layer.forward(x, steps, batch, lengths, h0, c0), 0f, what + ": output after");
        layer.zeroGrad();
        layer.backward(gOut, null, null);
    }
}
