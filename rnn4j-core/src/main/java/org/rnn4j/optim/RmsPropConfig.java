package org.rnn4j.optim;

/**
 * Settings of {@link RmsProp}, PyTorch's
 * {@code torch.optim.RMSprop(lr, alpha, eps, weight_decay, momentum, centered)}.
 *
 * @param learningRate finite, {@code > 0} (PyTorch default 1e-2)
 * @param alpha        smoothing constant of the squared-gradient average, in {@code [0, 1)} (default 0.99)
 * @param epsilon      added after the square root, finite, {@code >= 0} (default 1e-8)
 * @param momentum     in {@code [0, 1)} (default 0)
 * @param centered     normalize by an estimate of the gradient's variance instead of its second moment (default false)
 * @param weightDecay  L2 penalty added to the gradient, finite, {@code >= 0} (default 0)
 */
public record RmsPropConfig(double learningRate, double alpha, double epsilon, double momentum, boolean centered,
        double weightDecay) {

    public RmsPropConfig {
        Checks.learningRate("RMSprop", learningRate);
        Checks.unitInterval("RMSprop", "alpha", alpha);
        Checks.nonNegative("RMSprop", "epsilon", epsilon);
        Checks.unitInterval("RMSprop", "momentum", momentum);
        Checks.nonNegative("RMSprop", "weight decay", weightDecay);
    }

    /** PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, momentum 0, not centered, weight decay 0. */
    public static RmsPropConfig defaults() {
        return new RmsPropConfig(1e-2, 0.99, 1e-8, 0, false, 0);
    }

    public RmsPropConfig withLearningRate(double value) {
        return new RmsPropConfig(value, alpha, epsilon, momentum, centered, weightDecay);
    }

    public RmsPropConfig withAlpha(double value) {
        return new RmsPropConfig(learningRate, value, epsilon, momentum, centered, weightDecay);
    }

    public RmsPropConfig withEpsilon(double value) {
        return new RmsPropConfig(learningRate, alpha, value, momentum, centered, weightDecay);
    }

    public RmsPropConfig withMomentum(double value) {
        return new RmsPropConfig(learningRate, alpha, epsilon, value, centered, weightDecay);
    }

    public RmsPropConfig withCentered(boolean value) {
        return new RmsPropConfig(learningRate, alpha, epsilon, momentum, value, weightDecay);
    }

    public RmsPropConfig withWeightDecay(double value) {
        return new RmsPropConfig(learningRate, alpha, epsilon, momentum, centered, value);
    }
}
