package org.rnn4j.optim;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.rnn4j.nn.Parameter;

/**
 * Adagrad (Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
 * Optimization", JMLR 2011) as PyTorch 1.13's {@code torch.optim.Adagrad} computes it for dense
 * gradients ({@code maximize=False}).
 *
 * <p>Per element, at step {@code t} (1 on the first step), with {@code s = initialAccumulatorValue} initially:
 * <pre>
 *   γ_t = γ / (1 + (t − 1)·η)                        (in double; η = learning-rate decay)
 *   g   = g + λ·p                                    (only if λ != 0)
 *   s   = s + g²
 *   p   = p − γ_t · g / (sqrt(s) + ε)
 * </pre>
 * State: {@code sum} ({@code s}). As in PyTorch it exists from construction, so it is exported even
 * at step 0.
 */
public final class Adagrad extends Optimizer {

    private final AdagradConfig config;
    private final float[][] sum;

    public Adagrad(List<Parameter> parameters, AdagradConfig config) {
        super(parameters, Objects.requireNonNull(config, "config").learningRate());
        this.config = config;
        this.sum = declareState("sum");
        afterLoad();
    }

    public AdagradConfig config() {
        return config;
    }

    @Override
    public String algorithm() {
        return "adagrad";
    }

    /** Fills every missing accumulator with the initial value (at construction, or after loading a step-0 state). */
    @Override
    protected void afterLoad() {
        float init = (float) config.initialAccumulatorValue();
        List<Parameter> params = parameters();
        for (int i = 0; i < sum.length; i++) {
            if (sum[i] == null) {
                sum[i] = new float[params.get(i).size()];
                Arrays.fill(sum[i], init);
            }
        }
    }

    @Override
    protected void update(int index, Parameter parameter, int t, int from, int to) {
        float[] p = parameter.value();
        float[] g = parameter.grad();
        float[] s = sum[index];
        double clr = learningRate() / (1 + (t - 1) * config.learningRateDecay());
        boolean decay = config.weightDecay() != 0;
        float lambda = (float) config.weightDecay();
        float eps = (float) config.epsilon();
        float negClr = (float) -clr;
        for (int j = from; j < to; j++) {
            float gj = decay ? g[j] + lambda * p[j] : g[j];
            s[j] = s[j] + gj * gj;
            float std = (float) Math.sqrt(s[j]) + eps;
            p[j] = p[j] + negClr * gj / std;
        }
    }
}
