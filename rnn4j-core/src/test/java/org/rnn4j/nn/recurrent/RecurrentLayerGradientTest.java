package org.rnn4j.nn.recurrent;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.nn.Parameter;
import org.rnn4j.testing.GradCheck;

/**
 * Central-difference gradient checks of the recurrent layer: every parameter, the input and the
 * initial states, for each cell, with stacking, both directions, projections, variable lengths,
 * T=1 and B=1 among the cases. The loss weights the output, h_n and c_n with fixed random tensors,
 * as the golden layer cases do.
 */
class RecurrentLayerGradientTest {

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("rnn tanh", cfg(CellType.RNN, Activation.TANH, 1, false, 0), 4, 2, false, true),
                Arguments.of("rnn relu", cfg(CellType.RNN, Activation.RELU, 2, false, 0), 3, 2, false, true),
                Arguments.of("rnn sigmoid bidir", cfg(CellType.RNN, Activation.SIGMOID, 1, true, 0), 3, 2, true, true),
                Arguments.of("lstm", cfg(CellType.LSTM, null, 1, false, 0), 4, 2, false, true),
                Arguments.of("lstm T=1 B=1", cfg(CellType.LSTM, null, 1, false, 0), 1, 1, false, true),
                Arguments.of("lstm 2 layers bidir lengths", cfg(CellType.LSTM, null, 2, true, 0), 4, 3, true, true),
                Arguments.of("lstm projection bidir lengths", cfg(CellType.LSTM, null, 2, true, 2), 4, 3, true, true),
                Arguments.of("lstm no bias batch-first", cfg(CellType.LSTM, null, 1, false, 0).toBuilder().bias(false)
                        .batchFirst(true).build(), 3, 2, false, false),
                Arguments.of("gru", cfg(CellType.GRU, null, 1, false, 0), 4, 2, false, true),
                Arguments.of("gru T=1 B=1", cfg(CellType.GRU, null, 1, false, 0), 1, 1, false, false),
                Arguments.of("gru bidir 2 layers lengths", cfg(CellType.GRU, null, 2, true, 0), 5, 3, true, true),
                Arguments.of("rnn relu bidir lengths batch-first", cfg(CellType.RNN, Activation.RELU, 2, true, 0)
                        .toBuilder().batchFirst(true).build(), 4, 3, true, true));
    }

    static RecurrentConfig cfg(CellType cell, Activation act, int layers, boolean bidir, int proj) {
        return RecurrentConfig.builder(cell, 3, 4).activation(act).layers(layers).bidirectional(bidir).projSize(proj)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void gradientsMatchCentralDifferences(String name, RecurrentConfig cfg, int steps, int batch, boolean withLengths,
            boolean withInitialState) {
        Random rnd = new Random(name.hashCode());
        RecurrentLayer layer = new RecurrentLayer(cfg, KernelProvider.scalar());
        for (Parameter p : layer.parameters()) {
            p.set(GradCheck.random(rnd, p.size(), 0.6));
        }
        int states = layer.stateCount();
        int s = cfg.stateSize();
        int h = cfg.hiddenSize();
        float[] x = GradCheck.random(rnd, steps * batch * cfg.inputSize(), 1.0);
        float[] h0 = withInitialState ? GradCheck.random(rnd, states * batch * s, 0.5) : null;
        float[] c0 = withInitialState && cfg.hasCellState() ? GradCheck.random(rnd, states * batch * h, 0.5) : null;
        int[] lengths = null;
        if (withLengths) {
            lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                lengths[b] = b == 0 ? steps : 1 + rnd.nextInt(steps);
            }
        }
        float[] wOut = GradCheck.random(rnd, steps * batch * cfg.outputSize(), 1.0);
        float[] wH = GradCheck.random(rnd, states * batch * s, 1.0);
        float[] wC = cfg.hasCellState() ? GradCheck.random(rnd, states * batch * h, 1.0) : null;
        int[] lens = lengths;

        java.util.function.DoubleSupplier loss = () -> {
            float[] out = layer.forward(x, steps, batch, lens, h0, c0);
            double l = GradCheck.dot(out, wOut, wOut.length) + GradCheck.dot(layer.finalHidden(), wH, wH.length);
            if (wC != null) {
                l += GradCheck.dot(layer.finalCell(), wC, wC.length);
            }
            return l;
        };
        loss.getAsDouble();
        layer.zeroGrad();
        float[] dx = layer.backward(wOut, wH, wC).clone();
        float[] dh0 = layer.gradInitialHidden().clone();
        float[] dc0 = cfg.hasCellState() ? layer.gradInitialCell().clone() : null;
        double eps = cfg.activation() == Activation.RELU && cfg.cell() == CellType.RNN ? 1e-3 : GradCheck.EPS;
        for (Parameter p : layer.parameters()) {
            GradCheck.check(name + " " + p.name(), p, loss, 30, 1, eps);
        }
        GradCheck.check(name + " input", x, dx, loss, 40, 2, eps);
        if (h0 != null) {
            GradCheck.check(name + " h0", h0, dh0, loss, 30, 3, eps);
        }
        if (c0 != null) {
            GradCheck.check(name + " c0", c0, dc0, loss, 30, 4, eps);
        }
    }
}
