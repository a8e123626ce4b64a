package org.rnn4j.optim;

import java.util.List;
import java.util.Objects;

import org.rnn4j.nn.Parameter;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) as PyTorch 1.13's
 * {@code torch.optim.Adam} computes it ({@code amsgrad=False}, {@code maximize=False}); weight decay
 * is the coupled L2 form. For decoupled decay use {@link AdamW}.
 *
 * <p>Per element, at step {@code t} (1 on the first step), with {@code m = v = 0} initially:
 * <pre>
 *   g   = g + λ·p                                    (only if λ != 0)
 *   m   = β1·m + (1 − β1)·g
 *   v   = β2·v + (1 − β2)·g²
 *   bc1 = 1 − β1^t,   bc2 = 1 − β2^t                 (in double)
 *   p   = p − (γ / bc1) · m / ( sqrt(v) / sqrt(bc2) + ε )
 * </pre>
 * {@code ε} is added after {@code sqrt(v)} is divided by {@code sqrt(bc2)}, not inside the root.
 * State: {@code exp_avg} ({@code m}) and {@code exp_avg_sq} ({@code v}), created by the first step.
 */
public final class Adam extends AdamFamily {

    private final AdamConfig config;

    public Adam(List<Parameter> parameters, AdamConfig config) {
        super(parameters, Objects.requireNonNull(config, "config").learningRate());
        this.config = config;
    }

    public AdamConfig config() {
        return config;
    }

    @Override
    public String algorithm() {
        return "adam";
    }

    @Override
    protected void update(int index, Parameter parameter, int t, int from, int to) {
        adamStep(index, parameter, config.beta1(), config.beta2(), config.epsilon(), config.weightDecay(), t, from,
                to);
    }
}
