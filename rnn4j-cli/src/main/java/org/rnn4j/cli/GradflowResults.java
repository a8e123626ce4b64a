package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnn4j.analysis.ClippingTrace;
import org.rnn4j.analysis.StepNorms;
import org.rnn4j.cli.report.ClippingStudy;
import org.rnn4j.cli.report.GradientFlowMeasurement;
import org.rnn4j.cli.report.Numbers;

/**
 * What {@code rnn4j gradflow} prints: the tables on standard output (norms by lag, memory horizons,
 * the clipping study) and the {@code --json} line.
 */
final class GradflowResults {

    /** Lags printed in the table (those below T), and always the last one, T-1. */
    private static final int[] TABLE_LAGS = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

    private GradflowResults() {
    }

    /**
     * A column per layer (and direction) of every model, a row per lag.
     *
     * @param jacobian ‖∂h_T/∂h_t‖ relative to lag 0 when true, else ‖∂L/∂h_t‖
     */
    static void norms(PrintWriter out, String title, List<GradientFlowMeasurement> measured, boolean jacobian) {
        out.println(title);
        boolean withLabel = measured.size() > 1;
        List<String> names = new ArrayList<>();
        List<double[]> byLag = new ArrayList<>();
        for (GradientFlowMeasurement m : measured) {
            for (GradientFlowMeasurement.Row row : m.rows()) {
                names.add(row.name(withLabel));
                byLag.add(jacobian ? row.relativeJacobianByLag() : row.lossGradientByLag());
            }
        }
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %5s", "lag"));
        int[] widths = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            widths[i] = Math.max(9, names.get(i).length());
            header.append("  ").append(String.format(Locale.ROOT, "%" + widths[i] + "s", names.get(i)));
        }
        out.println(header);
        for (int lag : tableLags(measured.get(0).steps())) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %5d", lag));
            for (int i = 0; i < names.size(); i++) {
                line.append("  ").append(String.format(Locale.ROOT, "%" + widths[i] + "s",
                        Numbers.sci(byLag.get(i)[lag])));
            }
            out.println(line);
        }
    }

    /** Each model's memory horizon per layer. */
    static void horizons(PrintWriter out, List<GradientFlowMeasurement> measured) {
        out.printf(Locale.ROOT, "memory horizon (lag where ||dh_T/dh_t|| < %s of its value at lag 0):%n",
                Numbers.number(StepNorms.HORIZON_FRACTION));
        for (GradientFlowMeasurement m : measured) {
            List<String> parts = new ArrayList<>();
            for (GradientFlowMeasurement.Row row : m.rows()) {
                parts.add(row.name(false) + " " + row.horizon());
            }
            out.println("  " + m.label() + ": " + String.join(", ", parts));
        }
    }

    /** The clipping study's title and column heads; a {@link #clippingRow} per model follows. */
    static void clippingHeader(PrintWriter out, int steps, double learningRate, double clipNorm) {
        out.printf(Locale.ROOT, "clipping study: %d steps of SGD (lr %s) from the same start, with global-norm"
                + " clipping at %s and without:%n", steps, Numbers.number(learningRate), Numbers.number(clipNorm));
        out.printf(Locale.ROOT, "  %-12s %8s %26s %11s %10s   %s%n", "model", "clipped", "norm before (median / max)",
                "after (max)", "last loss", "without clipping");
    }

    static void clippingRow(PrintWriter out, ClippingStudy st) {
        ClippingTrace c = st.clipped();
        String clippedRun = c.steps().isEmpty()
                ? String.format(Locale.ROOT, "%-58s", ClippingStudy.diverged(c))
                : String.format(Locale.ROOT, "%8s %26s %11s %10s", st.clippedShare(),
                        Numbers.sci(st.medianNormBefore()) + " / " + Numbers.sci(c.maxNormBefore()),
                        Numbers.sci(c.maxNormAfter()), ClippingStudy.lastLoss(c));
        out.printf(Locale.ROOT, "  %-12s %s   %s%n", st.label(), clippedRun, st.unclippedOutcome());
    }

    private static List<Integer> tableLags(int steps) {
        List<Integer> lags = new ArrayList<>();
        for (int lag : TABLE_LAGS) {
            if (lag < steps - 1) {
                lags.add(lag);
            }
        }
        lags.add(steps - 1);
        return lags;
    }

    /**
     * input, T, recurrent_scale, horizon_fraction, and per model its loss, per layer the horizon (null:
     * beyond the sequence) and both norms by lag, and the clipping study's figures.
     */
    static JsonResult json(String input, List<GradientFlowMeasurement> measured, List<ClippingStudy> studies,
            double scale, double clipNorm) {
        JsonResult result = new JsonResult();
        result.put("input", input);
        result.put("T", measured.get(0).steps());
        result.put("recurrent_scale", scale);
        result.put("horizon_fraction", StepNorms.HORIZON_FRACTION);
        ArrayNode models = result.array("models");
        for (GradientFlowMeasurement m : measured) {
            ObjectNode o = models.addObject();
            o.put("name", m.label());
            JsonResult.number(o, "loss", m.loss());
            ArrayNode ls = o.putArray("layers");
            for (GradientFlowMeasurement.Row row : m.rows()) {
                ObjectNode l = ls.addObject();
                l.put("layer", row.layer());
                l.put("direction", row.direction());
                int h = row.horizonSteps();
                if (h < 0) {
                    l.putNull("horizon");
                } else {
                    l.put("horizon", h);
                }
                ArrayNode ja = l.putArray("jacobian_by_lag");
                for (double v : row.relativeJacobianByLag()) {
                    JsonResult.number(ja, v);
                }
                ArrayNode ga = l.putArray("loss_gradient_by_lag");
                for (double v : row.lossGradientByLag()) {
                    JsonResult.number(ga, v);
                }
            }
            for (ClippingStudy st : studies) {
                if (st.label().equals(m.label())) {
                    ObjectNode c = o.putObject("clipping");
                    c.put("steps", st.clipped().steps().size());
                    c.put("clip_norm", clipNorm);
                    c.put("clip_rate", st.clipped().clipRate());
                    JsonResult.number(c, "max_norm_before", st.clipped().maxNormBefore());
                    JsonResult.number(c, "max_norm_after", st.clipped().maxNormAfter());
                    c.put("unclipped_diverged_at", st.unclipped().divergedAt());
                    JsonResult.number(c, "unclipped_max_norm", st.unclipped().maxNormBefore());
                }
            }
        }
        return result;
    }
}
