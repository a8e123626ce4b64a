package org.rnn4j.cli.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.cli.report.GradientFlowCharts.Curve;
import org.rnn4j.data.synthetic.AddingProblem;

/**
 * The {@code report.html} of {@code rnn4j demo}: the adding problem, each model's result, the learning
 * curves, and how far back the loss gradient reaches as each model trains.
 *
 * @param lengthT             T, the sequence length
 * @param validationSequences the fixed sequences every validation scores
 * @param probeSequences      the fixed batch whose loss gradients are shown
 */
public record AddingProblemReport(int lengthT, int validationSequences, int probeSequences) {

    /**
     * Writes the report into {@code out}.
     *
     * @param settings the Settings table at the end
     */
    public void write(Path out, List<AddingProblemRun> runs, Map<String, String> settings) throws IOException {
        TrainingReport report = new TrainingReport("rnn4j demo: the adding problem at T=" + lengthT);
        report.paragraph("Each sequence has " + lengthT + " steps of two numbers: a value drawn uniformly from [0, 1)"
                + " and a marker that is 1 at exactly two steps, one in each half of the sequence. After the last"
                + " step the model must output the sum of the two marked values (Arjovsky, Shah and Bengio 2016,"
                + " after Hochreiter and Schmidhuber 1997). Always answering 1 scores a mean squared error of 1/6 ="
                + " 0.167; to do better a model must carry the first marked value across 50 to " + lengthT
                + " steps. Test MSE below " + AddingProblemRun.SOLVED_MSE + " counts as solved.");
        List<List<String>> rows = new ArrayList<>();
        for (AddingProblemRun r : runs) {
            int h0 = r.horizonInitial();
            int h1 = r.divergedAt() > 0 ? -2 : r.horizonTrained();
            rows.add(List.of(r.display(), Numbers.mse(r.testMse()), r.verdict(), Integer.toString(r.steps()),
                    String.format(Locale.ROOT, "%.1f", r.seconds()), horizon(h0), horizon(h1)));
        }
        report.heading("Results");
        report.grid(List.of("model", "test MSE", "vs baseline 0.167", "steps", "seconds",
                "memory horizon before training", "after training"), rows);
        report.paragraph("Memory horizon: the lag T-1-t at which ||dh_T/dh_t||, the Jacobian product that carries a"
                + " signal from step t to the end, falls below 1e-3 of its value at lag 0 ('> " + (lengthT - 1)
                + "': never within the sequence). See docs/vanishing-gradients.md.");

        report.heading("Learning curves");
        List<Curve> curves = new ArrayList<>();
        for (AddingProblemRun r : runs) {
            curves.add(new Curve(r.display(), toDoubles(r.evalSteps()),
                    r.validationMse().stream().mapToDouble(Double::doubleValue).toArray()));
        }
        report.chart("learning-curves.png", "Validation MSE (" + validationSequences + " fixed sequences) during"
                + " training; dashed: the baseline 0.167",
                GradientFlowCharts.learningCurves("Adding problem, T=" + lengthT + ": validation MSE",
                        "validation MSE", curves, AddingProblem.BASELINE_MSE, "baseline (predict 1)"));

        report.heading("How far back the gradient reaches");
        report.paragraph("Each row is one point of training (step 0 at the top); each column a time step t of a fixed"
                + " batch of " + probeSequences + " sequences. Colour: log10 of ||dL/dh_t|| relative to the last step"
                + " (white: as large as at the end; blue: vanished). The first marked value sits in the first half:"
                + " a model learns the task only once gradient reaches there.");
        int[] columns = new int[lengthT];
        for (int t = 0; t < lengthT; t++) {
            columns[t] = t;
        }
        for (AddingProblemRun r : runs) {
            List<String> labels = new ArrayList<>();
            for (int s : r.evalSteps()) {
                labels.add("step " + s);
            }
            report.chart("gradflow-" + r.key() + ".png", r.display() + ": ||dL/dh_t|| / ||dL/dh_T-1|| during training",
                    GradientFlowCharts.logHeatMap(
                            r.display() + ": ||dL/dh_t|| relative to the last step (colour: log10)",
                            "time step t", "", labels, columns, r.gradientRows().toArray(new double[0][]), true));
        }
        List<Curve> jacobians = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            AddingProblemRun r = runs.get(i);
            jacobians.add(new Curve(r.display() + ", before training", GradientFlowCharts.lags(lengthT),
                    r.jacobianInitial(), i, true));
            if (r.divergedAt() == 0) {
                jacobians.add(new Curve(r.display() + ", trained", GradientFlowCharts.lags(lengthT),
                        r.jacobianTrained(), i, false));
            }
        }
        report.chart("jacobian.png", "||dh_T/dh_t|| / sqrt(H) against the lag, before (dashed) and after training",
                GradientFlowCharts.logCurves("||dh_T/dh_t|| relative to lag 0", "lag T-1-t", "relative norm",
                        jacobians));

        report.heading("Settings");
        report.table(settings);
        report.write(out);
    }

    /** A horizon for the table: the lag, "> T-1" as a number when never reached, "-" after divergence (-2). */
    private String horizon(int h) {
        return h == -2 ? "-" : h < 0 ? "> " + (lengthT - 1) : Integer.toString(h);
    }

    private static double[] toDoubles(List<Integer> v) {
        return v.stream().mapToDouble(Integer::doubleValue).toArray();
    }

}
