package org.rnn4j.optim;

import java.util.List;
import java.util.Objects;

import org.rnn4j.nn.Parameter;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
 * decay: PyTorch 1.13's {@code torch.optim.SGD} (single-tensor implementation, {@code maximize=False}).
 *
 * <p>Per element, with {@code μ} = momentum, {@code τ} = dampening, {@code λ} = weight decay, {@code γ} = learning rate:
 * <pre>
 *   g = g + λ·p                                   (only if λ != 0)
 *   if μ != 0:
 *       b = g                      on the parameter's first step (no dampening then)
 *       b = μ·b + (1 − τ)·g        afterwards
 *       d = g + μ·b   if Nesterov, else  d = b
 *   else:
 *       d = g
 *   p = p − γ·d
 * </pre>
 * State: {@code momentum_buffer} ({@code b}), only when {@code μ != 0}, created by the first step.
 * The step counter is kept for checkpoints and schedules; the arithmetic does not use it.
 */
public final class Sgd extends Optimizer {

    private final SgdConfig config;
    /** [parameter][size of that parameter], null before the first step; null array when momentum is 0. */
    private final float[][] momentumBuffer;
    /** Whether this step is the first with a momentum buffer for the parameter (set by {@link #prepare}). */
    private final boolean[] firstWithBuffer;

    public Sgd(List<Parameter> parameters, SgdConfig config) {
        super(parameters, Objects.requireNonNull(config, "config").learningRate());
        this.config = config;
        this.momentumBuffer = config.momentum() != 0 ? declareState("momentum_buffer") : null;
        this.firstWithBuffer = new boolean[parameters.size()];
    }

    public SgdConfig config() {
        return config;
    }

    @Override
    public String algorithm() {
        return "sgd";
    }

    @Override
    protected void prepare(int index, Parameter parameter, int t) {
        if (momentumBuffer != null) {
            firstWithBuffer[index] = momentumBuffer[index] == null;
            if (firstWithBuffer[index]) {
                momentumBuffer[index] = new float[parameter.size()];
            }
        }
    }

    @Override
    protected void update(int index, Parameter parameter, int t, int from, int to) {
        float[] p = parameter.value();
        float[] g = parameter.grad();
        // PyTorch casts each Python-float factor to the tensor's dtype once per operation.
        boolean decay = config.weightDecay() != 0;
        float weightDecay = (float) config.weightDecay();
        float negLr = (float) -learningRate();
        if (momentumBuffer == null) {
            for (int j = from; j < to; j++) {
                float d = decay ? g[j] + weightDecay * p[j] : g[j];
                p[j] = p[j] + negLr * d;
            }
            return;
        }
        float momentum = (float) config.momentum();
        float keep = (float) (1 - config.dampening());
        boolean nesterov = config.nesterov();
        float[] buf = momentumBuffer[index];
        boolean first = firstWithBuffer[index];
        for (int j = from; j < to; j++) {
            float d = decay ? g[j] + weightDecay * p[j] : g[j];
            // First step: buf = clone(d), so dampening does not shrink the very first gradient.
            buf[j] = first ? d : buf[j] * momentum + keep * d;
            d = nesterov ? d + momentum * buf[j] : buf[j];
            p[j] = p[j] + negLr * d;
        }
    }
}
