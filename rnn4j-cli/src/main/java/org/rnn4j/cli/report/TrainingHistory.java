package org.rnn4j.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.train.StepResult;
import org.rnn4j.train.TrainingListener;

/**
 * Records a training run for its report: every step's loss, gradient norm (before clipping), whether
 * it was clipped, and every validation. One run holds at most a few hundred thousand steps, so
 * everything is kept.
 */
public final class TrainingHistory implements TrainingListener {

    final List<Integer> steps = new ArrayList<>();
    final List<Double> losses = new ArrayList<>();
    final List<Double> gradNorms = new ArrayList<>();
    final List<Boolean> clipped = new ArrayList<>();
    final List<Integer> validationSteps = new ArrayList<>();
    final List<Double> validationLosses = new ArrayList<>();

    @Override
    public void onStep(StepEvent event) {
        StepResult r = event.result();
        steps.add(r.step());
        losses.add(r.loss());
        gradNorms.add(r.gradNorm());
        clipped.add(r.clipped());
    }

    @Override
    public void onValidation(int step, double loss) {
        validationSteps.add(step);
        validationLosses.add(loss);
    }

    /** The share of steps whose gradients were clipped. */
    double clipRate() {
        if (clipped.isEmpty()) {
            return Double.NaN;
        }
        long n = clipped.stream().filter(c -> c).count();
        return (double) n / clipped.size();
    }
}
