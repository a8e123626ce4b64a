package org.rnn4j.optim;

/**
 * The learning rate as a function of the optimizer step. Steps count from 1, like
 * {@link Optimizer#stepCount()} during the step: before step {@code t} a training loop calls
 * {@code optimizer.setLearningRate(schedule.rateAt(t))}.
 *
 * <p>Implementations are immutable records: {@link ConstantSchedule}, {@link StepDecaySchedule},
 * {@link WarmupCosineSchedule}.
 */
public interface LearningRateSchedule {

    /**
     * The learning rate for step {@code step}.
     *
     * @param step {@code >= 1}
     * @return a finite rate {@code >= 0}
     */
    double rateAt(int step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double learningRate) {
        return new ConstantSchedule(learningRate);
    }

    /** {@code initialRate · gamma^floor((step − 1) / stepSize)}, see {@link StepDecaySchedule}. */
    static LearningRateSchedule stepDecay(double initialRate, int stepSize, double gamma) {
        return new StepDecaySchedule(initialRate, stepSize, gamma);
    }

    /** Linear warm-up then cosine decay to {@code minRate}, see {@link WarmupCosineSchedule}. */
    static LearningRateSchedule warmupCosine(double peakRate, int warmupSteps, int totalSteps, double minRate) {
        return new WarmupCosineSchedule(peakRate, warmupSteps, totalSteps, minRate);
    }

    /** Rejects steps below 1, the usual off-by-one when a loop counts from 0. */
    static void checkStep(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("learning-rate schedule steps count from 1, got " + step);
        }
    }
}
