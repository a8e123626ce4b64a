package org.rnn4j.analysis;

import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.RecurrentLayer;

/** Deliberate changes to a model's recurrent matrices, to put it in a chosen gradient regime. */
public final class RecurrentWeights {

    private RecurrentWeights() {
    }

    /**
     * Multiplies every recurrent matrix {@code W_hh} (all layers, directions and gate blocks) by
     * {@code factor}. With an orthogonal {@code W_hh} and {@code factor > 1} a vanilla RNN's Jacobian
     * products {@code Π W_hhᵀ·diag(f')} grow wherever the activations are not saturated: the
     * exploding-gradient regime.
     *
     * @return the number of matrices scaled
     */
    public static int scale(SequenceModel model, double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("the recurrent scale must be a positive number, got " + factor);
        }
        RecurrentLayer rnn = model.recurrent();
        int count = 0;
        int d = rnn.config().directions();
        for (int layer = 0; layer < rnn.config().numLayers(); layer++) {
            for (int dir = 0; dir < d; dir++) {
                String name = "rnn.weight_hh_l" + layer + (dir == 1 ? "_reverse" : "");
                Parameter p = model.namedParameters().get(name);
                if (p == null) {
                    throw new IllegalStateException("the model has no parameter " + name);
                }
                float[] w = p.value();
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (w[i] * factor);
                }
                count++;
            }
        }
        return count;
    }
}
