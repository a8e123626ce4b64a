package org.rnn4j.cli.report;

import java.util.List;
import org.rnn4j.analysis.StepNorms;
import org.rnn4j.data.synthetic.AddingProblem;

/**
 * What training one model on the adding problem gave, for {@code rnn4j demo}'s table, report and
 * {@code results.json}.
 *
 * @param key             {@code rnn}, {@code lstm}, {@code gru}: the model's key in the JSON line
 * @param display         the model's name in tables: {@code rnn (tanh)}
 * @param label           the model's architecture: {@code rnn-tanh}
 * @param testMse         NaN after a divergence
 * @param steps           the steps trained
 * @param divergedAt      the step that diverged, 0 when none did
 * @param outOfTime       whether its share of the time budget ended the run
 * @param evalSteps       the steps of the validations, 0 (before training) first
 * @param validationMse   the validation MSE at each of them
 * @param gradientRows    ‖∂L/∂h_t‖ relative to the last step at each of them, [validations][T]
 * @param jacobianInitial ‖∂h_T/∂h_t‖ by lag relative to lag 0, before training
 * @param jacobianTrained the same after training (zeros after a divergence)
 */
public record AddingProblemRun(String key, String display, String label, double testMse, int steps, double seconds,
        int divergedAt, boolean outOfTime, List<Integer> evalSteps, List<Double> validationMse,
        List<double[]> gradientRows, double[] jacobianInitial, double[] jacobianTrained) {

    /** Test MSE below this counts as solving the adding problem. */
    public static final double SOLVED_MSE = 0.01;

    /** The test MSE against the baseline: solved, at the baseline, ..., or where it diverged. */
    public String verdict() {
        if (divergedAt > 0) {
            return "diverged at step " + divergedAt;
        }
        String v;
        if (testMse < SOLVED_MSE) {
            v = "solved";
        } else if (testMse < 0.9 * AddingProblem.BASELINE_MSE) {
            v = "below the baseline, not solved";
        } else if (testMse <= 1.1 * AddingProblem.BASELINE_MSE) {
            v = "at the baseline: not learned";
        } else {
            v = "above the baseline: not learned";
        }
        return outOfTime ? v + " (time budget)" : v;
    }

    /** The memory horizon before training, -1 when the norm never falls below the fraction. */
    public int horizonInitial() {
        return StepNorms.horizon(jacobianInitial, StepNorms.HORIZON_FRACTION);
    }

    /** The memory horizon after training, -1 when the norm never falls below the fraction. */
    public int horizonTrained() {
        return StepNorms.horizon(jacobianTrained, StepNorms.HORIZON_FRACTION);
    }
}
