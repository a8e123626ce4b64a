package org.rnn4j.cli.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.analysis.ClippingTrace;
import org.rnn4j.analysis.StepNorms;
import org.rnn4j.cli.report.GradientFlowCharts.Curve;

/**
 * The {@code report.html} of {@code rnn4j gradflow}: memory horizons, heat maps and curves of the
 * Jacobian products and the loss gradients, and the clipping study when there is one.
 *
 * @param setup        the models studied, as a sentence
 * @param input        the batch measured
 * @param seed         the seed of the fresh models and the input
 * @param learningRate the clipping study's SGD learning rate
 * @param clipNorm     the clipping study's threshold
 */
public record GradientFlowReport(String setup, String input, long seed, double learningRate, double clipNorm) {

    /**
     * Writes the report into {@code out}.
     *
     * @param settings the Settings table at the end (command line, kernels)
     */
    public void write(Path out, List<GradientFlowMeasurement> measured, List<ClippingStudy> studies,
            Map<String, String> settings) throws IOException {
        int steps = measured.get(0).jacobian().steps();
        int[] columns = new int[steps];
        for (int t = 0; t < steps; t++) {
            columns[t] = t;
        }
        boolean withLabel = measured.size() > 1;
        List<String> rowLabels = new ArrayList<>();
        List<double[]> jacobianRows = new ArrayList<>();
        List<double[]> lossRows = new ArrayList<>();
        List<Curve> jacobianCurves = new ArrayList<>();
        List<Curve> lossCurves = new ArrayList<>();
        List<List<String>> horizonRows = new ArrayList<>();
        for (GradientFlowMeasurement m : measured) {
            for (GradientFlowMeasurement.Row row : m.rows()) {
                String name = row.name(withLabel);
                double[] jl = row.relativeJacobianByLag();
                double[] gl = row.lossGradientByLag();
                // heat-map rows run in time order, t = 0 .. T-1
                double[] j = new double[steps];
                double[] g = new double[steps];
                for (int t = 0; t < steps; t++) {
                    int lag = m.jacobian().lag(row.direction(), t);
                    j[t] = jl[lag];
                    g[t] = gl[lag];
                }
                rowLabels.add(name);
                jacobianRows.add(j);
                lossRows.add(g);
                jacobianCurves.add(new Curve(name, GradientFlowCharts.lags(steps), jl));
                lossCurves.add(new Curve(name, GradientFlowCharts.lags(steps), gl));
                horizonRows.add(List.of(name, row.horizon(), Numbers.sci(jl[Math.min(10, steps - 1)]),
                        Numbers.sci(jl[Math.min(50, steps - 1)]), Numbers.sci(jl[steps - 1])));
            }
        }
        TrainingReport report = new TrainingReport("Gradient flow through time");
        report.paragraph(setup + ". Input: " + input + ", seed " + seed + ".");
        report.paragraph("For every layer and time step t: the Jacobian-product norm ||dh_T/dh_t||_F of the layer's own"
                + " final state h_T with respect to its state after step t, computed exactly by one backward pass per"
                + " unit of h_T and averaged over the batch's sequences, shown relative to its value at lag 0 (sqrt(S));"
                + " and the norm of the loss gradient dL/dh_t as backpropagation through time delivers it (Frobenius"
                + " over the batch, L the batch's mean loss). The memory horizon is the lag T-1-t (t for a backward"
                + " direction) at which the Jacobian norm first falls below "
                + Numbers.number(StepNorms.HORIZON_FRACTION)
                + " of its value at lag 0. See docs/vanishing-gradients.md for the equations.");
        report.heading("Memory horizon");
        report.grid(List.of("layer", "horizon (steps)", "relative norm at lag 10", "at lag 50", "at lag T-1"),
                horizonRows);
        report.heading("Jacobian products");
        report.chart("jacobian-heatmap.png", "log10 ||dh_T/dh_t|| / sqrt(S) per time step (columns) and layer (rows):"
                + " white = 1, blue = vanishing, red = exploding",
                GradientFlowCharts.logHeatMap("||dh_T/dh_t|| relative to lag 0 (colour: log10)", "time step t", "",
                        rowLabels, columns, jacobianRows.toArray(new double[0][]), true));
        report.chart("jacobian-curves.png", "The same against the lag T-1-t",
                GradientFlowCharts.logCurves("||dh_T/dh_t|| relative to lag 0", "lag T-1-t", "relative norm",
                        jacobianCurves));
        report.heading("Loss gradients");
        report.chart("loss-gradient-heatmap.png", "log10 ||dL/dh_t|| per time step and layer",
                GradientFlowCharts.logHeatMap("||dL/dh_t|| (colour: log10)", "time step t", "", rowLabels, columns,
                        lossRows.toArray(new double[0][]), false));
        report.chart("loss-gradient-curves.png", "||dL/dh_t|| against the lag T-1-t",
                GradientFlowCharts.logCurves("||dL/dh_t||", "lag T-1-t", "||dL/dh_t||", lossCurves));
        if (!studies.isEmpty()) {
            report.heading("Gradient clipping in the exploding regime");
            report.paragraph(String.format(Locale.ROOT, "%d steps of plain SGD (learning rate %s) from the same"
                    + " weights on the same batches, once with the global L2 gradient norm clipped to %s"
                    + " (PyTorch's clip_grad_norm_) and once without.", studies.get(0).clipped().steps().size(),
                    Numbers.number(learningRate), Numbers.number(clipNorm)));
            List<List<String>> rows = new ArrayList<>();
            for (ClippingStudy st : studies) {
                ClippingTrace c = st.clipped();
                rows.add(List.of(st.label(), st.clippedShare(), Numbers.sci(st.medianNormBefore()),
                        Numbers.sci(c.maxNormBefore()), Numbers.sci(c.maxNormAfter()), st.clippedOutcome(),
                        st.unclippedOutcome()));
            }
            report.grid(List.of("model", "steps clipped", "median norm before", "max norm before", "max norm after",
                    "last loss", "without clipping"), rows);
            for (ClippingStudy st : studies) {
                List<ClippingTrace.Step> c = st.clipped().steps();
                List<ClippingTrace.Step> u = st.unclipped().steps();
                if (c.isEmpty() && u.isEmpty()) {
                    continue;  // diverged at the first step either way: nothing to draw
                }
                report.chart("clipping-" + st.label() + ".png", st.label() + ": the gradient norm per step",
                        GradientFlowCharts.clipping(st.label() + ": global gradient norm",
                                c.stream().mapToDouble(ClippingTrace.Step::step).toArray(),
                                c.stream().mapToDouble(ClippingTrace.Step::normBefore).toArray(),
                                c.stream().mapToDouble(ClippingTrace.Step::normAfter).toArray(), clipNorm,
                                u.stream().mapToDouble(ClippingTrace.Step::step).toArray(),
                                u.stream().mapToDouble(ClippingTrace.Step::normBefore).toArray()));
            }
        }
        report.heading("Settings");
        report.table(settings);
        report.write(out);
    }
}
