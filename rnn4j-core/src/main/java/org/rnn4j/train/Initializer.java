package org.rnn4j.train;

import java.util.Arrays;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.util.Rng;

/** Draws a fresh model's parameters from a seeded generator, as {@link InitConfig} says. */
public final class Initializer {

    private Initializer() {
    }

    public static void initialize(SequenceModel model, InitConfig init, Rng rng) {
        RecurrentConfig rc = model.config().rnn();
        int h = rc.hiddenSize();
        double bound = 1.0 / Math.sqrt(h);
        if (model.embedding() != null) {
            float[] w = model.embedding().weight().value();
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) rng.nextGaussian();
            }
        }
        for (Parameter p : model.recurrent().parameters()) {
            uniform(p.value(), bound, rng);
        }
        for (Parameter p : model.recurrent().parameters()) {
            String n = p.name();
            int[] shape = p.shape();
            if (init.xavierInput() && n.contains("weight_ih_l")) {
                int blocks = rc.cell().gates();
                double b = Math.sqrt(6.0 / (shape[1] + shape[0] / blocks));
                uniform(p.value(), b, rng);
            }
            if (n.contains("weight_hh_l")) {
                if (init.identityRecurrent() && rc.cell() == CellType.RNN) {
                    float[] w = p.value();
                    Arrays.fill(w, 0f);
                    for (int i = 0; i < Math.min(shape[0], shape[1]); i++) {
                        w[i * shape[1] + i] = 1f;
                    }
                } else if (init.orthogonalRecurrent()) {
                    int blocks = rc.cell().gates();
                    for (int g = 0; g < blocks; g++) {
                        orthogonalBlock(p.value(), g * h, h, shape[1], rng);
                    }
                }
            }
            if (n.contains("bias_")) {
                if (init.identityRecurrent() && rc.cell() == CellType.RNN) {
                    Arrays.fill(p.value(), 0f);
                }
                if (!Double.isNaN(init.forgetBias()) && rc.cell() == CellType.LSTM) {
                    float v = n.contains("bias_ih_l") ? (float) init.forgetBias() : 0f;
                    Arrays.fill(p.value(), h, 2 * h, v);
                }
            }
        }
        for (Parameter p : model.decoder().parameters()) {
            uniform(p.value(), 1.0 / Math.sqrt(model.decoder().inFeatures()), rng);
        }
        for (Parameter p : model.parameters()) {
            p.markChanged();
        }
    }

    private static void uniform(float[] w, double bound, Rng rng) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.uniform(-bound, bound);
        }
    }

    /**
     * Fills rows {@code [row0, row0+rows)} of a {@code [*, cols]} matrix with a random matrix whose rows
     * (if rows <= cols) or columns (otherwise) are orthonormal: Gram–Schmidt on Gaussian vectors, in
     * double, re-drawing a vector in the unlikely case it is nearly dependent.
     */
    static void orthogonalBlock(float[] w, int row0, int rows, int cols, Rng rng) {
        boolean byRows = rows <= cols;
        int count = byRows ? rows : cols;
        int len = byRows ? cols : rows;
        double[][] v = new double[count][len];
        for (int i = 0; i < count; i++) {
            while (true) {
                for (int j = 0; j < len; j++) {
                    v[i][j] = rng.nextGaussian();
                }
                for (int k = 0; k < i; k++) {
                    double dot = 0;
                    for (int j = 0; j < len; j++) {
                        dot += v[i][j] * v[k][j];
                    }
                    for (int j = 0; j < len; j++) {
                        v[i][j] -= dot * v[k][j];
                    }
                }
                double norm = 0;
                for (int j = 0; j < len; j++) {
                    norm += v[i][j] * v[i][j];
                }
                norm = Math.sqrt(norm);
                if (norm > 1e-6) {
                    for (int j = 0; j < len; j++) {
                        v[i][j] /= norm;
                    }
                    break;
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double x = byRows ? v[r][c] : v[c][r];
                w[(row0 + r) * cols + c] = (float) x;
            }
        }
    }
}
