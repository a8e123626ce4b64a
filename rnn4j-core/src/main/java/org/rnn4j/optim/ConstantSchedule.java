package org.rnn4j.optim;

/**
 * The same learning rate at every step.
 *
 * @param learningRate finite, {@code > 0}
 */
public record ConstantSchedule(double learningRate) implements LearningRateSchedule {

    public ConstantSchedule {
        Checks.learningRate("constant schedule", learningRate);
    }

    @Override
    public double rateAt(int step) {
        LearningRateSchedule.checkStep(step);
        return learningRate;
    }
}
