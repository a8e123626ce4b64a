package org.rnn4j.optim;

import org.rnn4j.InvalidInputException;

/**
 * Multiplies the rate by {@code gamma} every {@code stepSize} steps, PyTorch's {@code StepLR} in its
 * closed form with optimizer steps counted from 1:
 * <pre>
 *   rate(t) = initialRate · gamma^floor((t − 1) / stepSize)
 * </pre>
 * so steps {@code 1 … stepSize} use {@code initialRate} and step {@code stepSize + 1} is the first
 * to use {@code initialRate · gamma}.
 *
 * @param initialRate finite, {@code > 0}
 * @param stepSize    {@code >= 1}
 * @param gamma       in {@code (0, 1]}
 */
public record StepDecaySchedule(double initialRate, int stepSize, double gamma) implements LearningRateSchedule {

    public StepDecaySchedule {
        Checks.learningRate("step-decay schedule", initialRate);
        if (stepSize < 1) {
            throw new InvalidInputException("step-decay schedule step size must be >= 1, got " + stepSize);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new InvalidInputException("step-decay schedule gamma must be in (0, 1], got " + gamma);
        }
    }

    @Override
    public double rateAt(int step) {
        LearningRateSchedule.checkStep(step);
        int decays = (step - 1) / stepSize;
        return initialRate * Math.pow(gamma, decays);
    }
}
