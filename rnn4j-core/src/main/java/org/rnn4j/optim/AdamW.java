package org.rnn4j.optim;

import java.util.List;
import java.util.Objects;

import org.rnn4j.nn.Parameter;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019) as PyTorch 1.13's
 * {@code torch.optim.AdamW} computes it ({@code amsgrad=False}, {@code maximize=False}).
 *
 * <p>Per element, at step {@code t} (1 on the first step), with {@code m = v = 0} initially:
 * <pre>
 *   p   = p · (1 − γ·λ)                              (decoupled decay, before the Adam update)
 *   m   = β1·m + (1 − β1)·g
 *   v   = β2·v + (1 − β2)·g²
 *   bc1 = 1 − β1^t,   bc2 = 1 − β2^t                 (in double)
 *   p   = p − (γ / bc1) · m / ( sqrt(v) / sqrt(bc2) + ε )
 * </pre>
 * The gradient itself is not decayed. State: {@code exp_avg} and {@code exp_avg_sq}.
 */
public final class AdamW extends AdamFamily {

    private final AdamWConfig config;

    public AdamW(List<Parameter> parameters, AdamWConfig config) {
        super(parameters, Objects.requireNonNull(config, "config").learningRate());
        this.config = config;
    }

    public AdamWConfig config() {
        return config;
    }

    @Override
    public String algorithm() {
        return "adamw";
    }

    @Override
    protected void update(int index, Parameter parameter, int t, int from, int to) {
        float[] p = parameter.value();
        double lr = learningRate();
        // PyTorch multiplies unconditionally (param.mul_(1 - lr * weight_decay)); by 1.0f it is exact.
        float shrink = (float) (1 - lr * config.weightDecay());
        for (int j = from; j < to; j++) {
            p[j] = p[j] * shrink;
        }
        adamStep(index, parameter, config.beta1(), config.beta2(), config.epsilon(), 0, t, from, to);
    }
}
