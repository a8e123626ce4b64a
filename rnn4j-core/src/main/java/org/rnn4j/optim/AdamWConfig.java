package org.rnn4j.optim;

/**
 * Settings of {@link AdamW}, PyTorch's {@code torch.optim.AdamW(lr, betas=(beta1, beta2), eps, weight_decay)}
 * with {@code amsgrad=False}.
 *
 * @param learningRate finite, {@code > 0} (PyTorch default 1e-3)
 * @param beta1        decay of the first moment, in {@code [0, 1)} (default 0.9)
 * @param beta2        decay of the second moment, in {@code [0, 1)} (default 0.999)
 * @param epsilon      added to the bias-corrected {@code sqrt(v)}, finite, {@code >= 0} (default 1e-8)
 * @param weightDecay  decoupled decay, {@code p *= 1 − lr·weightDecay} each step, finite, {@code >= 0}
 *                     (default 0.01, unlike Adam's 0)
 */
public record AdamWConfig(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {

    public AdamWConfig {
        Checks.adam("AdamW", learningRate, beta1, beta2, epsilon, weightDecay);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static AdamWConfig defaults() {
        return new AdamWConfig(1e-3, 0.9, 0.999, 1e-8, 1e-2);
    }

    public AdamWConfig withLearningRate(double value) {
        return new AdamWConfig(value, beta1, beta2, epsilon, weightDecay);
    }

    public AdamWConfig withBetas(double b1, double b2) {
        return new AdamWConfig(learningRate, b1, b2, epsilon, weightDecay);
    }

    public AdamWConfig withEpsilon(double value) {
        return new AdamWConfig(learningRate, beta1, beta2, value, weightDecay);
    }

    public AdamWConfig withWeightDecay(double value) {
        return new AdamWConfig(learningRate, beta1, beta2, epsilon, value);
    }
}
