package org.rnn4j.optim;

/**
 * The Adam moment update and parameter step shared by {@link Adam} and {@link AdamW}, in PyTorch
 * 1.13's order of float operations ({@code _single_tensor_adam}, {@code amsgrad=False}).
 */
final class AdamKernel {

    private AdamKernel() {
    }

    /**
     * One Adam step over elements [from, to). Reads g; updates m, v and p in place.
     *
     * @param weightDecay coupled L2 decay ({@code g + λ·p}); AdamW passes 0 and decays p itself
     * @param t           the step, 1 on the first
     */
    static void step(float[] p, float[] g, float[] m, float[] v, double learningRate, double beta1, double beta2,
            double epsilon, double weightDecay, int t, int from, int to) {
        // Scalars in double, as Python computes them: bias_correction1 = 1 - beta1 ** step, ...
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        double stepSize = learningRate / biasCorrection1;
        double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
        // ... and each cast to float where it meets a float tensor.
        boolean decay = weightDecay != 0;
        float lambda = (float) weightDecay;
        float b1 = (float) beta1;
        float oneMinusB1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float oneMinusB2 = (float) (1 - beta2);
        float bc2Sqrt = (float) biasCorrection2Sqrt;
        float eps = (float) epsilon;
        float negStepSize = (float) -stepSize;
        for (int j = from; j < to; j++) {
            float gj = decay ? g[j] + lambda * p[j] : g[j];
            m[j] = m[j] * b1 + oneMinusB1 * gj;
            v[j] = v[j] * b2 + oneMinusB2 * gj * gj;
            // eps is added after sqrt(v) is divided by sqrt(bc2), not inside the root (FORMAT.md §4.5).
            float denom = (float) Math.sqrt(v[j]) / bc2Sqrt + eps;
            // addcdiv: p + value * m / denom, evaluated left to right.
            p[j] = p[j] + negStepSize * m[j] / denom;
        }
    }
}
