package org.rnn4j.cli.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.rnn4j.classify.ClassificationMetrics;
import org.rnn4j.forecast.ForecastEvaluation;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.ClipConfig;

/**
 * The sections of a training run's {@code report.html}, the same for every task: the run, the
 * settings, the results, the training curves, and the plots of a forecast or a confusion matrix.
 */
public final class ReportSections {

    private ReportSections() {
    }

    /**
     * Where and with what a run ran, for the Run table.
     *
     * @param resumedFrom the checkpoint continued, or null
     */
    public record Run(String task, Path data, Path modelDirectory, Path resumedFrom, String kernels,
            String version) {
    }

    /** A report that opens with the Run and Settings tables. */
    public static TrainingReport start(String title, Run run, TrainingSummary s, HyperParameters hp) {
        TrainingReport report = new TrainingReport(title + " — rnn4j");
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("task", run.task());
        rows.put("data", absolute(run.data()));
        rows.put("model directory", absolute(run.modelDirectory()));
        if (run.resumedFrom() != null) {
            rows.put("resumed from", absolute(run.resumedFrom()));
        }
        rows.put("steps", Integer.toString(s.steps()));
        rows.put("training time", Numbers.clock(s.elapsedSeconds()) + " (" + s.stopReason() + " reached)");
        rows.put("kernels", run.kernels());
        rows.put("rnn4j", run.version());
        report.heading("Run").table(rows);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("cell", hp.cell().id() + (hp.cell() == CellType.RNN ? " (" + hp.activation().id() + ")" : ""));
        settings.put("layers × hidden",
                hp.layers() + " × " + hp.hiddenSize() + (hp.bidirectional() ? ", bidirectional" : ""));
        settings.put("dropout", Double.toString(hp.dropout()));
        settings.put("batch", Integer.toString(hp.batchSize()));
        settings.put("optimizer", hp.optimizer().name() + ", learning rate " + hp.optimizer().learningRate());
        settings.put("clipping", hp.clip().mode() == ClipConfig.Mode.NONE
                ? "none"
                : hp.clip().mode().name().toLowerCase(Locale.ROOT) + " " + hp.clip().threshold());
        settings.put("seed", Long.toString(hp.seed()));
        report.heading("Settings").table(settings);
        return report;
    }

    /** The task's own settings, in name order, under the common ones. */
    public static void taskSettings(TrainingReport report, Map<String, String> settings) {
        report.table(new TreeMap<>(settings));
    }

    /** The scalar results of the JSON line, as a table; the model directory and the task are in the Run table. */
    public static void results(TrainingReport report, ObjectNode json) {
        Map<String, String> rows = new LinkedHashMap<>();
        json.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("model") && !e.getKey().equals("task")) {
                rows.put(e.getKey(), e.getValue().isNumber() && e.getValue().isFloatingPointNumber()
                        ? Numbers.significant(e.getValue().asDouble())
                        : e.getValue().toString());
            }
        });
        report.heading("Results").table(rows);
    }

    /**
     * The forecast of each target's held-out rows against the actual values and the naive baselines.
     *
     * @param train the training rows, [rows, targets]
     */
    public static void forecast(TrainingReport report, ForecastEvaluation ev, double[][] train, int season) {
        int test = ev.actual().length;
        for (int k = 0; k < ev.targets().size(); k++) {
            report.chart("forecast-" + k + ".png", "Forecast of the " + test + " held-out rows of "
                    + ev.targets().get(k) + " from the rows before them, with the naive baselines",
                    TrainingCharts.forecast(ev.targets().get(k), column(train, k), column(ev.actual(), k),
                            column(ev.forecast(), k), column(ev.naive(), k), column(ev.seasonalNaive(), k),
                            Math.max(3 * test, 4 * Math.max(1, season))));
        }
    }

    /** The confusion matrix of the held-out sequences. */
    public static void confusion(TrainingReport report, ClassificationMetrics m) {
        report.chart("confusion.png",
                "Confusion matrix of the " + m.count() + " held-out sequences (rows: true class)",
                TrainingCharts.confusion(m.classNames(), m.confusion()));
    }

    /**
     * The training loss with the validations, the gradient norm and the clip rate.
     *
     * @param unit      the loss's unit on the plot
     * @param transform from the training loss to {@code unit}
     */
    public static void training(TrainingReport report, TrainingHistory h, String unit, DoubleUnaryOperator transform,
            ClipConfig clip) {
        if (h.steps.isEmpty()) {
            report.paragraph("No training step ran in this run (the limit was already reached), so there is nothing"
                    + " to plot.");
            return;
        }
        report.heading("Training");
        report.chart("loss.png", "Training loss per step and its moving average; validation loss",
                TrainingCharts.loss(h.steps, h.losses, h.validationSteps, h.validationLosses, unit, transform));
        double threshold = clip.mode() == ClipConfig.Mode.NORM ? clip.threshold() : Double.NaN;
        report.chart("grad-norm.png", "Global gradient norm before clipping", TrainingCharts.gradientNorm(h.steps,
                h.gradNorms, threshold));
        report.chart("clip-rate.png", String.format(Locale.ROOT, "Share of steps whose gradients were clipped"
                + " (%.1f%% over the run)", 100 * h.clipRate()), TrainingCharts.clipRate(h.steps, h.clipped));
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    private static double[] column(double[][] a, int k) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i][k];
        }
        return c;
    }
}
