package org.rnn4j.onnx;

import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.util.Rng;

/** Small models with seeded random weights, and rnn4j's own results for them (scalar kernels). */
final class Models {

    private Models() {
    }

    /**
     * A model with every parameter uniform in [-0.6, 0.6).
     *
     * @param vocab 0 for dense input of {@code input} features, else token input with an embedding of width
     *              {@code input}
     */
    /** The sequence length of the all-steps models {@link #random} makes. */
    static final int ALL_STEPS_T = 6;

    static SequenceModel random(CellType cell, Activation act, int vocab, int input, int hidden, int layers,
            boolean bidirectional, int outputs, OutputMode mode, long seed) {
        RecurrentConfig rc = RecurrentConfig.builder(cell, input, hidden).activation(act).layers(layers)
                .bidirectional(bidirectional).build();
        // an all-steps head reads sequences of the tests' length
        SequenceModel m = new SequenceModel(
                new ModelConfig(vocab, rc, outputs, mode, 0, false, mode == OutputMode.ALL_STEPS ? ALL_STEPS_T : 0),
                KernelProvider.scalar());
        Rng rng = new Rng(seed);
        for (Parameter p : m.parameters()) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.uniform(-0.6, 0.6);
            }
            p.markChanged();
        }
        m.inferenceOnly();
        return m;
    }

    /** Uniform values in [lo, hi). */
    static float[] uniform(int n, double lo, double hi, long seed) {
        Rng rng = new Rng(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.uniform(lo, hi);
        }
        return v;
    }

    /** Token ids in [0, vocab). */
    static int[] tokens(int n, int vocab, long seed) {
        Rng rng = new Rng(seed);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = (int) (rng.nextDouble() * vocab);
        }
        return v;
    }

    /** rnn4j's head output and final states for time-major input. */
    record Forward(float[] output, float[] hN, float[] cN) {
    }

    static Forward forward(SequenceModel m, int[] tokens, float[] features, int t, int b, int[] lengths,
            RecurrentState initial) {
        float[] out = m.config().tokenInput()
                ? m.forwardTokens(tokens, t, b, lengths, initial)
                : m.forwardDense(features, t, b, lengths, initial);
        int rows = m.headRows() * m.config().outputSize();
        float[] head = java.util.Arrays.copyOf(out, rows);
        RecurrentState fin = new RecurrentState(m.config().rnn(), b);
        m.finalState(fin);
        return new Forward(head, fin.hidden().clone(), fin.cell() == null ? null : fin.cell().clone());
    }

    /** {@code [T, B, W]} as {@code [B, T, W]} (or back, with t and b swapped). */
    static float[] swapTB(float[] x, int t, int b, int w) {
        float[] y = new float[x.length];
        for (int ti = 0; ti < t; ti++) {
            for (int bi = 0; bi < b; bi++) {
                System.arraycopy(x, (ti * b + bi) * w, y, (bi * t + ti) * w, w);
            }
        }
        return y;
    }

    static int[] swapTB(int[] x, int t, int b) {
        int[] y = new int[x.length];
        for (int ti = 0; ti < t; ti++) {
            for (int bi = 0; bi < b; bi++) {
                y[bi * t + ti] = x[ti * b + bi];
            }
        }
        return y;
    }
}
