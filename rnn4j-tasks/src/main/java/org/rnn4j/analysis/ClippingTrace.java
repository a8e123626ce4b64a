package org.rnn4j.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.train.BatchSource;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.DivergenceException;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.train.StepResult;
import org.rnn4j.train.Trainer;
import org.rnn4j.util.Rng;

/**
 * What global-norm gradient clipping does over a few training steps: the gradient norm before and
 * after clipping at every step, how often it clipped, and whether training diverged.
 *
 * <p>The steps are ordinary {@link Trainer} steps. The norm after clipping is not measured again but
 * follows from the rule {@link org.rnn4j.optim.GradientClipping#clipGlobalNorm} applies: when the
 * norm {@code n} exceeds {@code maxNorm}, every gradient is scaled by {@code maxNorm / (n + 1e-6)},
 * so the new norm is {@code n · maxNorm / (n + 1e-6)}; otherwise it is {@code n}.
 *
 * @param steps       every completed step, in order
 * @param maxNorm     the clipping threshold, or {@code +∞} when clipping was off
 * @param divergedAt  the step at which training diverged (a non-finite loss, gradient or parameter), or 0
 */
public record ClippingTrace(List<Step> steps, double maxNorm, int divergedAt) {

    /** Mirrors {@code GradientClipping}'s epsilon, for the norm after clipping. */
    private static final double NORM_EPSILON = 1e-6;

    /** One step: the batch loss before the update and the global gradient norm before and after clipping. */
    public record Step(int step, double loss, double normBefore, double normAfter, boolean clipped) {
    }

    public ClippingTrace {
        steps = Collections.unmodifiableList(new ArrayList<>(steps));
    }

    /**
     * Trains {@code model} for up to {@code count} steps on {@code source} and records each step.
     *
     * @param maxNorm the global-norm threshold, or {@code +∞} (or NaN) for no clipping
     * @param rng     the trainer's generator (dropout)
     */
    public static ClippingTrace record(SequenceModel model, BatchSource source, LossKind lossKind,
            OptimizerSpec optimizer,
            double maxNorm, int count, Rng rng) {
        boolean clip = maxNorm > 0 && Double.isFinite(maxNorm);
        ClipConfig config = clip ? ClipConfig.norm(maxNorm) : ClipConfig.none();
        Trainer trainer = new Trainer(model, optimizer.create(model.parameters()),
                LearningRateSchedule.constant(optimizer.learningRate()), config, lossKind, rng);
        List<Step> steps = new ArrayList<>();
        int diverged = 0;
        for (int i = 0; i < count; i++) {
            StepResult r;
            try {
                r = trainer.step(source.next());
            } catch (DivergenceException e) {
                diverged = e.step();
                break;
            }
            double before = r.gradNorm();
            double after = r.clipped() ? before * maxNorm / (before + NORM_EPSILON) : before;
            steps.add(new Step(r.step(), r.loss(), before, after, r.clipped()));
        }
        return new ClippingTrace(steps, clip ? maxNorm : Double.POSITIVE_INFINITY, diverged);
    }

    /** The fraction of completed steps at which clipping changed the gradients. */
    public double clipRate() {
        if (steps.isEmpty()) {
            return 0;
        }
        long clipped = steps.stream().filter(Step::clipped).count();
        return (double) clipped / steps.size();
    }

    /** The largest norm before clipping over the completed steps (0 if none). */
    public double maxNormBefore() {
        return steps.stream().mapToDouble(Step::normBefore).max().orElse(0);
    }

    /** The largest norm after clipping over the completed steps (0 if none). */
    public double maxNormAfter() {
        return steps.stream().mapToDouble(Step::normAfter).max().orElse(0);
    }
}
