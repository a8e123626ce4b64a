package org.rnn4j.optim;

/**
 * Settings of {@link Adam}, PyTorch's {@code torch.optim.Adam(lr, betas=(beta1, beta2), eps, weight_decay)}
 * with {@code amsgrad=False} (AMSGrad is not offered).
 *
 * @param learningRate finite, {@code > 0} (PyTorch default 1e-3)
 * @param beta1        decay of the first moment, in {@code [0, 1)} (default 0.9)
 * @param beta2        decay of the second moment, in {@code [0, 1)} (default 0.999)
 * @param epsilon      added to the bias-corrected {@code sqrt(v)}, finite, {@code >= 0} (default 1e-8)
 * @param weightDecay  L2 penalty added to the gradient (coupled, not AdamW), finite, {@code >= 0} (default 0)
 */
public record AdamConfig(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {

    public AdamConfig {
        Checks.adam("Adam", learningRate, beta1, beta2, epsilon, weightDecay);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0. */
    public static AdamConfig defaults() {
        return new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0);
    }

    public AdamConfig withLearningRate(double value) {
        return new AdamConfig(value, beta1, beta2, epsilon, weightDecay);
    }

    public AdamConfig withBetas(double b1, double b2) {
        return new AdamConfig(learningRate, b1, b2, epsilon, weightDecay);
    }

    public AdamConfig withEpsilon(double value) {
        return new AdamConfig(learningRate, beta1, beta2, value, weightDecay);
    }

    public AdamConfig withWeightDecay(double value) {
        return new AdamConfig(learningRate, beta1, beta2, epsilon, value);
    }
}
