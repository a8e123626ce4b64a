package org.rnn4j.train;

/**
 * When a training step counts as diverging, besides a loss, gradient or weight that is not finite
 * (which {@link Trainer} always refuses): the loss, or a gradient norm that nothing clips, exploding
 * relative to the run's recent history.
 *
 * <p>With {@code m} the median of the last {@code window} losses and {@code m0} that of the run's
 * first {@code window} steps, a step diverges when its loss exceeds
 * {@code lossFactor · (m + max(lossMargin, m0))}. The margin, in the loss's own units (nats or squared
 * normalized units, both of order 1 at the start of training), keeps a loss near zero from being
 * flagged for rising to a still small value, such as the spikes of a run that has memorized its data; the factor is far above the step-to-step noise of a
 * batch's mean loss, and a diverging run crosses it within a step or two. Likewise a step whose
 * gradient norm exceeds {@code gradientFactor} times the larger of the recent median norm and the
 * first steps' median, plus {@code gradientMargin}, when clipping did not bound it: a clipped explosion is what clipping is for,
 * and the margin keeps a run that has fitted its data (norms near zero) from being flagged for a norm
 * that is still small. The history starts with the first step
 * of a run, so an explosion on the second step is caught as well as one after hours.
 *
 * @param window         steps of history the medians are taken over
 * @param lossFactor     how many times the median loss a step's loss may reach
 * @param lossMargin     added to the loss bound
 * @param gradientFactor how many times the median norm an unclipped gradient norm may reach; 0 = no
 *                       gradient rule
 * @param gradientMargin added to the gradient-norm bound
 */
public record DivergenceRule(int window, double lossFactor, double lossMargin, double gradientFactor,
        double gradientMargin) {

    public DivergenceRule {
        if (window < 1) {
            throw new IllegalArgumentException("the divergence window must be at least 1 step, got " + window);
        }
        if (!(lossFactor > 1) || !(lossMargin >= 0) || !(gradientFactor == 0 || gradientFactor > 1)
                || !(gradientMargin >= 0)) {
            throw new IllegalArgumentException("divergence factors must be above 1 and the margins >= 0, got "
                    + lossFactor + ", " + lossMargin + ", " + gradientFactor + ", " + gradientMargin);
        }
    }

    /**
     * The rule rnn4j trains with by default: a window of 100 steps; 10× the sum of the median loss and the
     * larger of 1 and the first steps' median loss; 10⁴× the larger median norm, plus 1.
     */
    public static DivergenceRule standard() {
        return new DivergenceRule(100, 10, 1.0, 1e4, 1.0);
    }

    /**
     * The loss bound: {@code lossFactor} times the sum of the recent median and the larger of
     * {@code lossMargin} and the median loss of the run's first steps, so that a run which has fitted its
     * data (a loss near zero) may spike past where it started, as Adam's runs on memorized data do,
     * without being called diverged.
     */
    public double lossBound(double medianLoss, double firstMedianLoss) {
        return lossFactor * (medianLoss + Math.max(lossMargin, firstMedianLoss));
    }

    /** Whether a step's loss explodes: above {@link #lossBound}. */
    public boolean lossExplodes(double loss, double medianLoss, double firstMedianLoss) {
        return loss > lossBound(medianLoss, firstMedianLoss);
    }

    /**
     * The gradient-norm bound: {@code gradientFactor} times the larger of the recent median norm and the
     * median of the run's first steps, plus {@code gradientMargin}: an explosion is measured against the
     * scale the run started at too, since a fitted run's norms fall towards zero.
     */
    public double gradientBound(double medianNorm, double firstMedianNorm) {
        return gradientFactor * Math.max(medianNorm, firstMedianNorm) + gradientMargin;
    }

    /** Whether an unclipped gradient norm explodes: above {@link #gradientBound}, when the rule is on. */
    public boolean gradientExplodes(double norm, double medianNorm, double firstMedianNorm) {
        return gradientFactor > 0 && norm > gradientBound(medianNorm, firstMedianNorm);
    }

    /** What happens when a step diverges. */
    public enum Action {
        /** The run ends with a {@link DivergenceException}; the last good checkpoint stands. */
        STOP,
        /**
         * The run goes back to the last good checkpoint (or its start), its learning rate divided by 10,
         * at most three times; a fourth divergence stops it.
         */
        ROLLBACK_LOWER_LR
    }
}
