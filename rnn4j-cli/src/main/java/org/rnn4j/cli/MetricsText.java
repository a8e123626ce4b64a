package org.rnn4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.rnn4j.classify.ClassificationMetrics;
import org.rnn4j.classify.CrossValidation;
import org.rnn4j.cli.report.Numbers;
import org.rnn4j.forecast.ForecastEvaluation;
import org.rnn4j.forecast.ForecastMetrics;
import org.rnn4j.lm.LmScore;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.TrainingLoop;

/** The results as {@code train}, {@code eval} and {@code classify} print them on standard output. */
final class MetricsText {

    private MetricsText() {
    }

    /**
     * {@code   400 steps in 0:02 (steps reached), 6889 windows/s}, and with early stopping
     * {@code   best validation loss 0.0612 nats at step 180: the model has that step's weights}.
     *
     * @param unit     what the throughput counts
     * @param lossUnit the loss's unit ({@code nats}, {@code MSE})
     */
    static void run(PrintWriter out, TrainingSummary s, String unit, String lossUnit) {
        String why = TrainingLoop.EARLY_STOPPING.equals(s.stopReason())
                ? "stopped early"
                : s.stopReason() + " reached";
        out.printf(Locale.ROOT, "  %d steps in %s (%s), %s %s/s%n", s.steps(), Numbers.clock(s.elapsedSeconds()), why,
                Numbers.rate(s.positionsPerSecond()), unit);
        if (Double.isFinite(s.bestValidationLoss())) {
            out.printf(Locale.ROOT, "  best validation loss %.4f %s at step %d: the model has %s weights%n",
                    s.bestValidationLoss(), lossUnit, s.bestStep(),
                    s.bestStep() == s.steps() ? "the last" : "that step's");
        }
    }

    /** A language model's score of a whole text. */
    static void languageModel(PrintWriter out, LmScore s) {
        out.printf(Locale.ROOT, "loss %.4f nats, %.4f bits/char, perplexity %.3f over %d characters%s%n", s.loss(),
                s.bitsPerCharacter(), s.perplexity(), s.predictions() + 1,
                s.skipped() > 0 ? " (" + s.skipped() + " characters not in the vocabulary were skipped)" : "");
    }

    /** The errors of the model's forecast of the last {@code rows} rows next to the naive baselines. */
    static void forecast(PrintWriter out, ForecastEvaluation ev, int rows) {
        out.printf(Locale.ROOT, "forecast of the last %d rows (%s):%n", rows, String.join(", ", ev.targets()));
        out.printf(Locale.ROOT, "  %-16s %12s %12s %8s %8s%n", "", "rmse", "mae", "mase", "smape");
        errors(out, "rnn4j", ev.model());
        errors(out, "naive", ev.naiveMetrics());
        errors(out, "seasonal naive", ev.seasonalMetrics());
    }

    private static void errors(PrintWriter out, String name, ForecastMetrics m) {
        out.printf(Locale.ROOT, "  %-16s %12.5g %12.5g %8.4f %8.4f%n", name, m.rmse(), m.mae(), m.mase(), m.smape());
    }

    /**
     * Accuracy with its 95% interval, macro-F1, the majority class's accuracy, each class's precision,
     * recall, F1 and support, and the confusion matrix.
     */
    static void classification(PrintWriter out, ClassificationMetrics m) {
        double[] ci = m.accuracyInterval();
        out.printf(Locale.ROOT, "accuracy %.4f (95%% CI %.4f-%.4f), macro-F1 %.4f over %d sequences (majority class:"
                + " %.4f)%n", m.accuracy(), ci[0], ci[1], m.macroF1(), m.count(), m.majorityAccuracy());
        List<String> names = m.classNames();
        int width = 4;
        for (String n : names) {
            width = Math.max(width, Math.min(12, n.length()));
        }
        out.printf(Locale.ROOT, "  %-" + width + "s %9s %9s %9s %8s%n", "", "precision", "recall", "f1", "support");
        for (int k = 0; k < names.size(); k++) {
            out.printf(Locale.ROOT, "  %-" + width + "s %9s %9s %9s %8d%n", abbreviate(names.get(k), width),
                    score(m.precision(k)), score(m.recall(k)), score(m.f1(k)), m.support(k));
        }
        out.println("confusion matrix (rows: true class, columns: predicted):");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %" + width + "s", ""));
        for (String n : names) {
            header.append(String.format(Locale.ROOT, " %" + width + "s", abbreviate(n, width)));
        }
        out.println(header);
        for (int t = 0; t < names.size(); t++) {
            StringBuilder row = new StringBuilder(
                    String.format(Locale.ROOT, "  %" + width + "s", abbreviate(names.get(t), width)));
            for (int p = 0; p < names.size(); p++) {
                row.append(String.format(Locale.ROOT, " %" + width + "d", m.confusion()[t][p]));
            }
            out.println(row);
        }
    }

    /**
     * The folds of a cross-validation, one line each, then their mean ± sample standard deviation and
     * the pooled confusion matrix.
     */
    static void crossValidation(PrintWriter out, CrossValidation cv) {
        out.printf(Locale.ROOT, "stratified %d-fold cross-validation over %d sequences:%n", cv.k(), cv.count());
        for (int i = 0; i < cv.k(); i++) {
            ClassificationMetrics f = cv.folds().get(i);
            TrainingSummary r = cv.runs().get(i);
            out.printf(Locale.ROOT, "  fold %d: accuracy %.4f, macro-F1 %.4f over %d sequences (%d steps, best %d)%n",
                    i + 1, f.accuracy(), f.macroF1(), f.count(), r.steps(), r.bestStep());
        }
        out.printf(Locale.ROOT, "accuracy %.4f ± %.4f, macro-F1 %.4f ± %.4f (mean ± sd over %d folds)%n",
                cv.meanAccuracy(), cv.sdAccuracy(), cv.meanMacroF1(), cv.sdMacroF1(), cv.k());
    }

    private static String score(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
