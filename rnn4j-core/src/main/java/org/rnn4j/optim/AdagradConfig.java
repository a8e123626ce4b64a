package org.rnn4j.optim;

/**
 * Settings of {@link Adagrad}, PyTorch's
 * {@code torch.optim.Adagrad(lr, lr_decay, weight_decay, initial_accumulator_value, eps)}.
 *
 * @param learningRate             finite, {@code > 0} (PyTorch default 1e-2)
 * @param learningRateDecay        step t uses {@code lr / (1 + (t − 1)·learningRateDecay)}; finite, {@code >= 0} (default 0)
 * @param weightDecay              L2 penalty added to the gradient, finite, {@code >= 0} (default 0)
 * @param initialAccumulatorValue  starting value of every element of {@code sum}, finite, {@code >= 0} (default 0)
 * @param epsilon                  added after the square root, finite, {@code >= 0} (default 1e-10)
 */
public record AdagradConfig(double learningRate, double learningRateDecay, double weightDecay,
        double initialAccumulatorValue, double epsilon) {

    public AdagradConfig {
        Checks.learningRate("Adagrad", learningRate);
        Checks.nonNegative("Adagrad", "learning-rate decay", learningRateDecay);
        Checks.nonNegative("Adagrad", "weight decay", weightDecay);
        Checks.nonNegative("Adagrad", "initial accumulator value", initialAccumulatorValue);
        Checks.nonNegative("Adagrad", "epsilon", epsilon);
    }

    /** PyTorch's defaults: lr 1e-2, lr decay 0, weight decay 0, initial accumulator 0, eps 1e-10. */
    public static AdagradConfig defaults() {
        return new AdagradConfig(1e-2, 0, 0, 0, 1e-10);
    }

    public AdagradConfig withLearningRate(double value) {
        return new AdagradConfig(value, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon);
    }

    public AdagradConfig withLearningRateDecay(double value) {
        return new AdagradConfig(learningRate, value, weightDecay, initialAccumulatorValue, epsilon);
    }

    public AdagradConfig withWeightDecay(double value) {
        return new AdagradConfig(learningRate, learningRateDecay, value, initialAccumulatorValue, epsilon);
    }

    public AdagradConfig withInitialAccumulatorValue(double value) {
        return new AdagradConfig(learningRate, learningRateDecay, weightDecay, value, epsilon);
    }

    public AdagradConfig withEpsilon(double value) {
        return new AdagradConfig(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, value);
    }
}
