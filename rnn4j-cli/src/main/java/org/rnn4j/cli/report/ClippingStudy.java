package org.rnn4j.cli.report;

import java.util.List;
import org.rnn4j.analysis.ClippingTrace;

/**
 * One model trained the same number of steps from the same weights on the same batches, once with
 * global-norm clipping and once without, and the figures {@code gradflow} shows of the two runs.
 */
public record ClippingStudy(String label, ClippingTrace clipped, ClippingTrace unclipped) {

    /** The steps of the clipped run whose gradients were clipped. */
    public long clippedSteps() {
        return clipped.steps().stream().filter(ClippingTrace.Step::clipped).count();
    }

    /** {@code 17/20}: clipped steps of all steps. */
    public String clippedShare() {
        return clippedSteps() + "/" + clipped.steps().size();
    }

    /** The median gradient norm before clipping, NaN without steps. */
    public double medianNormBefore() {
        double[] v = clipped.steps().stream().mapToDouble(ClippingTrace.Step::normBefore).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    /** The clipped run's last loss, or where it diverged. */
    public String clippedOutcome() {
        return clipped.divergedAt() > 0 ? diverged(clipped) : lastLoss(clipped);
    }

    /** The run without clipping: its largest norm and last loss, or where it diverged. */
    public String unclippedOutcome() {
        String summary = unclipped.steps().isEmpty()
                ? ""
                : "max norm " + Numbers.sci(unclipped.maxNormBefore()) + ", last loss " + lastLoss(unclipped);
        if (unclipped.divergedAt() > 0) {
            return (summary.isEmpty() ? "" : summary + "; ") + diverged(unclipped);
        }
        return summary;
    }

    /** Where a run diverged. */
    public static String diverged(ClippingTrace t) {
        return "diverged at step " + t.divergedAt() + " (a loss, gradient or weight not finite)";
    }

    /** A run's last loss, {@code -} without steps. */
    public static String lastLoss(ClippingTrace t) {
        List<ClippingTrace.Step> steps = t.steps();
        return steps.isEmpty() ? "-" : Numbers.sci(steps.get(steps.size() - 1).loss());
    }
}
