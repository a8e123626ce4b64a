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
import org.rnn4j.testing.RecurrentLayerPass;

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
                Arguments.of("gru bidir batch-first lengths",
                        cfg(CellType.GRU, null, 2, true, 0).toBuilder().batchFirst(true).build(),
                        4, 5, true),
                Arguments.of("lstm odd sizes T=1", new RecurrentConfig(CellType.LSTM, null, 17, 19, 1, false, true, 0,
                        false), 1, 3, false));
    }

    static RecurrentConfig cfg(CellType cell, Activation act, int layers, boolean bidir, int proj) {
        return new RecurrentConfig(cell, act, 5, 7, layers, bidir, true, proj, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void splittingTheBatchChangesNoBit(String name, RecurrentConfig cfg, int steps, int batch, boolean withLengths) {
        List<float[]> expected = RecurrentLayerPass.run(new RecurrentLayer(cfg, new ScalarKernels()),
                new Random(name.hashCode()),
                steps, batch, withLengths);
        for (int parts : new int[] {2, 3, 4}) {
            try (SplittingKernels split = new SplittingKernels(parts)) {
                Kernels kernels = split;
                RecurrentLayer layer = new RecurrentLayer(cfg, kernels);
                // twice: the second pass reuses every buffer of the first
                for (int rep = 0; rep < 2; rep++) {
                    List<float[]> got = RecurrentLayerPass.run(layer, new Random(name.hashCode()), steps, batch,
                            withLengths);
                    for (int i = 0; i < expected.size(); i++) {
                        assertArrayEquals(expected.get(i), got.get(i), 0f,
                                name + ": array " + i + " differs with the batch in " + parts + " parts");
                    }
                }
            }
        }
    }

    /**
     * The cut follows the threads' measured speeds (see {@link RowSplit}); the most uneven cuts it
     * can make change no bit either.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unevenCutsChangeNoBit(String name, RecurrentConfig cfg, int steps, int batch, boolean withLengths) {
        List<float[]> expected = RecurrentLayerPass.run(new RecurrentLayer(cfg, new ScalarKernels()),
                new Random(name.hashCode()),
                steps, batch, withLengths);
        double[][] speeds = {{2.0, 0.5}, {0.5, 2.0}, {0.5, 1.0, 2.0}, {2.0, 2.0, 0.5}};
        for (double[] speed : speeds) {
            try (SplittingKernels split = new SplittingKernels(speed.length)) {
                RecurrentLayer layer = new RecurrentLayer(cfg, split);
                for (int rep = 0; rep < 2; rep++) {
                    layer.setRowSpeeds(speed);
                    List<float[]> got = RecurrentLayerPass.run(layer, new Random(name.hashCode()), steps, batch,
                            withLengths);
                    for (int i = 0; i < expected.size(); i++) {
                        assertArrayEquals(expected.get(i), got.get(i), 0f,
                                name + ": array " + i + " differs with the batch cut by speeds "
                                        + java.util.Arrays.toString(speed));
                    }
                }
            }
        }
    }
}
