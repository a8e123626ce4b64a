package org.rnn4j.cli.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * What the Results table shows of the JSON line, in this order: a reader's name for each figure,
     * with its unit. Members not listed here (the model directory and the task, in the Run table; the
     * losses under their older names without a unit; arrays and objects) stay in metrics.json only.
     */
    private static final List<Map.Entry<String, String>> RESULT_LABELS = List.of(
            Map.entry("steps", "steps"),
            Map.entry("stop_reason", "stopped by"),
            Map.entry("best_step", "the model's weights are of step"),
            Map.entry("elapsed_s", "training time"),
            Map.entry("tokens_per_s", "throughput"),
            Map.entry("train_bpc", "training loss (bits per character)"),
            Map.entry("val_bpc", "validation loss (bits per character)"),
            Map.entry("val_perplexity", "validation perplexity"),
            Map.entry("val_characters", "validation characters"),
            Map.entry("val_skipped", "validation characters unseen in training (skipped)"),
            Map.entry("vocabulary", "vocabulary (characters)"),
            Map.entry("train_loss_nats", "training loss (nats)"),
            Map.entry("val_loss_nats", "validation loss (nats)"),
            Map.entry("best_val_loss_nats", "best validation loss (nats)"),
            Map.entry("train_loss_mse", "training loss (MSE of the normalized values)"),
            Map.entry("val_loss_mse", "validation loss (MSE of the normalized values)"),
            Map.entry("best_val_loss_mse", "best validation loss (MSE of the normalized values)"),
            Map.entry("test_rows", "held-out rows"),
            Map.entry("rmse", "RMSE of the held-out forecast"),
            Map.entry("mae", "MAE of the held-out forecast"),
            Map.entry("mase", "MASE of the held-out forecast (below 1: better than seasonal naive in-sample)"),
            Map.entry("smape", "sMAPE of the held-out forecast (%)"),
            Map.entry("accuracy", "accuracy"),
            Map.entry("macro_f1", "macro-F1"),
            Map.entry("majority_accuracy", "accuracy of always the majority class"),
            Map.entry("count", "held-out sequences"));

    /**
     * The results of the JSON line as a table for a reader: named figures with their units, a forecast's
     * baselines and a classifier's classes as grids. The JSON itself is in metrics.json.
     *
     * @param throughputUnit what the throughput counts ({@code chars}, {@code windows}, {@code sequences})
     */
    public static void results(TrainingReport report, ObjectNode json, String throughputUnit) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : RESULT_LABELS) {
            com.fasterxml.jackson.databind.JsonNode v = json.get(e.getKey());
            if (v == null || v.isNull() || v.isContainerNode()) {
                continue;
            }
            String text = switch (e.getKey()) {
                case "elapsed_s" -> Numbers.clock(v.asDouble());
                case "tokens_per_s" -> Numbers.rate(v.asDouble()) + " " + throughputUnit + "/s";
                case "stop_reason" -> v.asText() + " reached";
                default -> v.isFloatingPointNumber() ? Numbers.significant(v.asDouble()) : v.asText();
            };
            if (e.getKey().equals("accuracy") && json.path("accuracy_ci95").size() == 2) {
                text += " (95% interval " + Numbers.significant(json.path("accuracy_ci95").get(0).asDouble()) + " to "
                        + Numbers.significant(json.path("accuracy_ci95").get(1).asDouble()) + ")";
            }
            rows.put(e.getValue(), text);
        }
        report.heading("Results").table(rows);
        if (json.has("naive") && json.has("seasonal_naive")) {
            List<List<String>> grid = new java.util.ArrayList<>();
            grid.add(errorsRow("rnn4j", json));
            grid.add(errorsRow("naive", json.get("naive")));
            grid.add(errorsRow("seasonal naive", json.get("seasonal_naive")));
            report.paragraph("The forecast of the held-out rows against the naive baselines:");
            report.grid(List.of("forecast", "RMSE", "MAE", "MASE", "sMAPE (%)"), grid);
        }
        if (json.path("per_class").isArray() && json.path("per_class").size() > 0) {
            List<List<String>> grid = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode c : json.get("per_class")) {
                grid.add(List.of(c.path("class").asText(), figure(c.get("precision")), figure(c.get("recall")),
                        figure(c.get("f1")), c.path("support").asText()));
            }
            report.grid(List.of("class", "precision", "recall", "F1", "support"), grid);
        }
        com.fasterxml.jackson.databind.JsonNode cv = json.get("cv");
        if (cv != null && cv.isObject()) {
            report.paragraph(String.format(Locale.ROOT, "Stratified %d-fold cross-validation: accuracy %s ± %s,"
                    + " macro-F1 %s ± %s (mean ± sample standard deviation over the folds).", cv.path("folds").asInt(),
                    figure(cv.get("accuracy_mean")), figure(cv.get("accuracy_sd")), figure(cv.get("macro_f1_mean")),
                    figure(cv.get("macro_f1_sd"))));
        }
    }

    private static List<String> errorsRow(String name, com.fasterxml.jackson.databind.JsonNode o) {
        return List.of(name, figure(o.get("rmse")), figure(o.get("mae")), figure(o.get("mase")),
                figure(o.get("smape")));
    }

    private static String figure(com.fasterxml.jackson.databind.JsonNode v) {
        return v == null || v.isNull() ? "-" : Numbers.significant(v.asDouble());
    }

    /**
     * The forecast of each target's held-out rows against the actual values and the naive baselines.
     *
     * @param train    the training rows, [rows, targets]
     * @param times    the time column's text of every row (training then held out), or null
     * @param timeName the time column's name, or null
     */
    public static void forecast(TrainingReport report, ForecastEvaluation ev, double[][] train, int season,
            List<String> times, String timeName) {
        int test = ev.actual().length;
        for (int k = 0; k < ev.targets().size(); k++) {
            report.chart("forecast-" + k + ".png", "Forecast of the " + test + " held-out rows of "
                    + ev.targets().get(k) + " from the rows before them, with the naive baselines",
                    TrainingCharts.forecast(ev.targets().get(k), times, timeName, column(train, k),
                            column(ev.actual(), k), column(ev.forecast(), k), column(ev.naive(), k),
                            column(ev.seasonalNaive(), k), Math.max(3 * test, 4 * Math.max(1, season)), null));
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
