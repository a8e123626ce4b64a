package org.rnn4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.train.Batch;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.Initializer;
import org.rnn4j.util.Rng;

/**
 * The Jacobian-product norm against the formula it stands for, and the backward direction against
 * the forward one.
 */
class GradientFlowAnalyticTest {

    private static final double TOLERANCE = 1e-5;

    /**
     * Tanh RNN, h_t = tanh(W_ih x_t + b + W_hh h_{t-1}): ∂h_t/∂h_{t-1} = diag(1 - h_t²)·W_hh. The
     * norms at lags 1 and 2 are computed here from the states directly, in double.
     */
    @Test
    void tanhRnnMatchesDiagTimesRecurrentMatrix() {
        int steps = 7;
        int batch = 3;
        int hidden = 4;
        RecurrentConfig rc = new RecurrentConfig(CellType.RNN, Activation.TANH, 2, hidden, 1, false, true, 0, false);
        SequenceModel m = new SequenceModel(new ModelConfig(0, rc, 1, OutputMode.LAST_STEP, 0, false),
                KernelProvider.scalar());
        Initializer.initialize(m, InitConfig.pytorch(), new Rng(5));
        Rng rng = new Rng(6);
        float[] x = new float[steps * batch * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.uniform(-1, 1);
        }
        Batch b = Batch.features(steps, batch, x).valueTargets(new float[batch]);
        StepNorms norms = new GradientFlow(m).jacobianNorms(b);

        float[] w = m.namedParameters().get("rnn.weight_hh_l0").value();  // [H, H]
        float[] states = m.recurrent().forward(x, steps, batch, null, null, null).clone();  // [T, B, H]
        double lag1 = 0;
        double lag2 = 0;
        for (int seq = 0; seq < batch; seq++) {
            double[][] j1 = step(states, steps - 1, seq, batch, hidden, w);  // ∂h_{T-1}/∂h_{T-2}
            double[][] j0 = step(states, steps - 2, seq, batch, hidden, w);  // ∂h_{T-2}/∂h_{T-3}
            lag1 += frobenius(j1);
            lag2 += frobenius(multiply(j1, j0));
        }
        assertEquals(lag1 / batch, norms.at(0, 0, steps - 2), TOLERANCE);
        assertEquals(lag2 / batch, norms.at(0, 0, steps - 3), TOLERANCE);
        assertEquals(norms.at(0, 0, steps - 2), norms.byLag(0, 0)[1], 0);
    }

    /** diag(1 - h_t²)·W_hh for sequence {@code seq}, from the float states, in double. */
    private static double[][] step(float[] states, int t, int seq, int batch, int hidden, float[] w) {
        double[][] j = new double[hidden][hidden];
        for (int r = 0; r < hidden; r++) {
            double h = states[(t * batch + seq) * hidden + r];
            for (int c = 0; c < hidden; c++) {
                j[r][c] = (1 - h * h) * w[r * hidden + c];
            }
        }
        return j;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    out[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return out;
    }

    private static double frobenius(double[][] a) {
        double sum = 0;
        for (double[] row : a) {
            for (double v : row) {
                sum += v * v;
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * A bidirectional layer whose backward weights equal its forward weights, reading a palindrome:
     * both directions see the same sequence, so their norms by lag must agree, for both measurements.
     */
    @Test
    void backwardDirectionMirrorsForwardOnPalindrome() {
        for (CellType cell : CellType.values()) {
            int steps = 9;
            int batch = 2;
            RecurrentConfig rc = new RecurrentConfig(cell, Activation.TANH, 3, 5, 2, true, true, 0, false);
            SequenceModel m = new SequenceModel(new ModelConfig(0, rc, 1, OutputMode.EVERY_STEP, 0, false),
                    KernelProvider.scalar());
            Initializer.initialize(m, InitConfig.pytorch(), new Rng(cell.ordinal()));
            for (Parameter p : m.recurrent().parameters()) {
                if (p.name().endsWith("_reverse")) {
                    Parameter forward = m.namedParameters().get(p.name().replace("_reverse", ""));
                    System.arraycopy(forward.value(), 0, p.value(), 0, p.size());
                }
            }
            Rng rng = new Rng(40 + cell.ordinal());
            float[] x = new float[steps * batch * 3];
            for (int t = 0; t <= steps / 2; t++) {
                for (int i = 0; i < batch * 3; i++) {
                    float v = (float) rng.uniform(-1, 1);
                    x[t * batch * 3 + i] = v;
                    x[(steps - 1 - t) * batch * 3 + i] = v;
                }
            }
            Batch b = Batch.features(steps, batch, x).valueTargets(new float[steps * batch]);
            // layer 0 only: layer 1 reads [forward, backward] side by side, which breaks the symmetry
            StepNorms jacobian = new GradientFlow(m).jacobianNorms(b);
            double[] forward = jacobian.byLag(0, 0);
            double[] backward = jacobian.byLag(0, 1);
            for (int k = 0; k < steps; k++) {
                assertEquals(forward[k], backward[k], 1e-5 * Math.max(1, forward[k]), cell + " lag " + k);
            }
        }
    }
}
