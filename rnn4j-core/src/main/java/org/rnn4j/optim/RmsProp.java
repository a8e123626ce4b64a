package org.rnn4j.optim;

import java.util.List;
import java.util.Objects;

import org.rnn4j.nn.Parameter;

/**
 * RMSprop (Hinton, Coursera lecture 6e; centered form from Graves, "Generating Sequences With
 * Recurrent Neural Networks", 2013) as PyTorch 1.13's {@code torch.optim.RMSprop} computes it
 * ({@code maximize=False}).
 *
 * <p>Per element, with {@code v = b = ḡ = 0} initially, {@code α} = alpha, {@code μ} = momentum:
 * <pre>
 *   g = g + λ·p                                      (only if λ != 0)
 *   v = α·v + (1 − α)·g²
 *   if centered:  ḡ = α·ḡ + (1 − α)·g;   a = sqrt(v − ḡ²) + ε
 *   else:                                a = sqrt(v) + ε
 *   if μ > 0:     b = μ·b + g / a;       p = p − γ·b
 *   else:                                p = p − γ·g / a
 * </pre>
 * {@code ε} is added after the square root (TensorFlow puts it inside). State: {@code square_avg}
 * ({@code v}); {@code momentum_buffer} ({@code b}) when {@code μ > 0}; {@code grad_avg} ({@code ḡ})
 * when centered. All start at zero on the first step. The step counter is not used by the arithmetic.
 */
public final class RmsProp extends Optimizer {

    private final RmsPropConfig config;
    private final float[][] squareAvg;
    /** null when momentum is 0. */
    private final float[][] momentumBuffer;
    /** null when not centered. */
    private final float[][] gradAvg;

    public RmsProp(List<Parameter> parameters, RmsPropConfig config) {
        super(parameters, Objects.requireNonNull(config, "config").learningRate());
        this.config = config;
        this.squareAvg = declareState("square_avg");
        this.momentumBuffer = config.momentum() > 0 ? declareState("momentum_buffer") : null;
        this.gradAvg = config.centered() ? declareState("grad_avg") : null;
    }

    public RmsPropConfig config() {
        return config;
    }

    @Override
    public String algorithm() {
        return "rmsprop";
    }

    @Override
    protected void prepare(int index, Parameter parameter, int t) {
        int n = parameter.size();
        if (squareAvg[index] == null) {
            squareAvg[index] = new float[n];
            if (momentumBuffer != null) {
                momentumBuffer[index] = new float[n];
            }
            if (gradAvg != null) {
                gradAvg[index] = new float[n];
            }
        }
    }

    @Override
    protected void update(int index, Parameter parameter, int t, int from, int to) {
        float[] p = parameter.value();
        float[] g = parameter.grad();
        float[] v = squareAvg[index];
        float[] buf = momentumBuffer == null ? null : momentumBuffer[index];
        float[] avgG = gradAvg == null ? null : gradAvg[index];
        boolean decay = config.weightDecay() != 0;
        float lambda = (float) config.weightDecay();
        float alpha = (float) config.alpha();
        float oneMinusAlpha = (float) (1 - config.alpha());
        float eps = (float) config.epsilon();
        float momentum = (float) config.momentum();
        float negLr = (float) -learningRate();
        for (int j = from; j < to; j++) {
            float gj = decay ? g[j] + lambda * p[j] : g[j];
            v[j] = v[j] * alpha + oneMinusAlpha * gj * gj;
            float a;
            if (avgG != null) {
                avgG[j] = avgG[j] * alpha + oneMinusAlpha * gj;
                // v − ḡ² can round below zero; PyTorch then yields NaN too, so no clamp here.
                a = (float) Math.sqrt(v[j] - avgG[j] * avgG[j]);
            } else {
                a = (float) Math.sqrt(v[j]);
            }
            a = a + eps;
            if (buf != null) {
                buf[j] = buf[j] * momentum + gj / a;
                p[j] = p[j] + negLr * buf[j];
            } else {
                p[j] = p[j] + negLr * gj / a;
            }
        }
    }
}
