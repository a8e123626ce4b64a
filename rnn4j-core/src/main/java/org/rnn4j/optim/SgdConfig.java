package org.rnn4j.optim;

import org.rnn4j.InvalidInputException;

/**
 * Settings of {@link Sgd}, PyTorch's {@code torch.optim.SGD(lr, momentum, dampening, weight_decay, nesterov)}.
 *
 * @param learningRate finite, {@code > 0}; PyTorch has no default
 * @param momentum     in {@code [0, 1)}; 0 = plain SGD (PyTorch default 0)
 * @param dampening    in {@code [0, 1]}, applied from the second step on (PyTorch default 0)
 * @param nesterov     Nesterov momentum; needs {@code momentum > 0} and {@code dampening == 0}, as in PyTorch
 * @param weightDecay  L2 penalty added to the gradient, finite, {@code >= 0} (PyTorch default 0)
 */
public record SgdConfig(double learningRate, double momentum, double dampening, boolean nesterov, double weightDecay) {

    public SgdConfig {
        Checks.learningRate("SGD", learningRate);
        Checks.unitInterval("SGD", "momentum", momentum);
        if (!(dampening >= 0 && dampening <= 1)) {
            throw new InvalidInputException("SGD dampening must be in [0, 1], got " + dampening);
        }
        Checks.nonNegative("SGD", "weight decay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new InvalidInputException(
                    "SGD: Nesterov momentum requires a momentum > 0 and zero dampening, got momentum "
                            + momentum + " and dampening " + dampening);
        }
    }

    /** Plain SGD: {@code p -= lr · g}, no momentum, no weight decay. */
    public static SgdConfig of(double learningRate) {
        return new SgdConfig(learningRate, 0, 0, false, 0);
    }

    public SgdConfig withLearningRate(double value) {
        return new SgdConfig(value, momentum, dampening, nesterov, weightDecay);
    }

    public SgdConfig withMomentum(double value) {
        return new SgdConfig(learningRate, value, dampening, nesterov, weightDecay);
    }

    public SgdConfig withDampening(double value) {
        return new SgdConfig(learningRate, momentum, value, nesterov, weightDecay);
    }

    public SgdConfig withNesterov(boolean value) {
        return new SgdConfig(learningRate, momentum, dampening, value, weightDecay);
    }

    public SgdConfig withWeightDecay(double value) {
        return new SgdConfig(learningRate, momentum, dampening, nesterov, value);
    }
}
