package org.rnn4j.optim;

import java.util.List;
import org.rnn4j.nn.Parameter;

/**
 * What {@link Adam} and {@link AdamW} share: the moments {@code exp_avg} ({@code m}) and
 * {@code exp_avg_sq} ({@code v}) of every parameter, created by the first step, and the moment update
 * and parameter step in PyTorch 1.13's order of float operations ({@code _single_tensor_adam},
 * {@code amsgrad=False}). The two differ only in where the weight decay goes.
 */
abstract class AdamFamily extends Optimizer {

    private final float[][] expAvg;
    private final float[][] expAvgSq;

    AdamFamily(List<Parameter> parameters, double learningRate) {
        super(parameters, learningRate);
        this.expAvg = declareState("exp_avg");
        this.expAvgSq = declareState("exp_avg_sq");
    }

    @Override
    protected final void prepare(int index, Parameter parameter, int t) {
        if (expAvg[index] == null) {
            expAvg[index] = new float[parameter.size()];
            expAvgSq[index] = new float[parameter.size()];
        }
    }

    /**
     * One Adam step over elements [from, to) of parameter {@code index} at the current learning rate.
     * Reads g; updates m, v and p in place.
     *
     * @param weightDecay coupled L2 decay ({@code g + λ·p}); AdamW passes 0 and decays p itself
     * @param t           the step, 1 on the first
     */
    final void adamStep(int index, Parameter parameter, double beta1, double beta2, double epsilon,
            double weightDecay, int t, int from, int to) {
        float[] p = parameter.value();
        float[] g = parameter.grad();
        float[] m = expAvg[index];
        float[] v = expAvgSq[index];
        // Scalars in double, as Python computes them: bias_correction1 = 1 - beta1 ** step, ...
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        double stepSize = learningRate() / biasCorrection1;
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
