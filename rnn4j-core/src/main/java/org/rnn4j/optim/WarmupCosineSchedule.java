package org.rnn4j.optim;

import org.rnn4j.InvalidInputException;

/**
 * Linear warm-up to {@code peakRate}, then a half cosine down to {@code minRate} at {@code totalSteps},
 * then {@code minRate} (Loshchilov and Hutter, "SGDR", ICLR 2017, one cycle without restarts; warm-up
 * as in Goyal et al., 2017). With {@code W} = warmupSteps and {@code T} = totalSteps:
 * <pre>
 *   t ≤ W:       rate = peakRate · t / W                          (reaches peakRate at t = W)
 *   W &lt; t ≤ T:   rate = minRate + (peakRate − minRate) · (1 + cos(π · (t − W) / (T − W))) / 2
 *   t > T:       rate = minRate
 * </pre>
 * With {@code W = 0} the cosine starts at once: step 1 is already slightly below {@code peakRate}.
 *
 * @param peakRate    finite, {@code > 0}
 * @param warmupSteps {@code >= 0}
 * @param totalSteps  {@code > warmupSteps}
 * @param minRate     in {@code [0, peakRate]}
 */
public record WarmupCosineSchedule(double peakRate, int warmupSteps, int totalSteps, double minRate)
        implements
            LearningRateSchedule {

    public WarmupCosineSchedule {
        Checks.learningRate("warm-up cosine schedule peak", peakRate);
        if (warmupSteps < 0) {
            throw new InvalidInputException("warm-up cosine schedule warm-up steps must be >= 0, got " + warmupSteps);
        }
        if (totalSteps <= warmupSteps) {
            throw new InvalidInputException(
                    "warm-up cosine schedule total steps must be > warm-up steps (" + warmupSteps
                            + "), got " + totalSteps + " — no steps would be left for the decay");
        }
        if (!(minRate >= 0 && minRate <= peakRate)) {
            throw new InvalidInputException("warm-up cosine schedule min rate must be in [0, peak rate " + peakRate
                    + "], got " + minRate);
        }
    }

    @Override
    public double rateAt(int step) {
        LearningRateSchedule.checkStep(step);
        if (step <= warmupSteps) {
            return peakRate * step / warmupSteps;
        }
        if (step >= totalSteps) {
            return minRate;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return minRate + (peakRate - minRate) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
