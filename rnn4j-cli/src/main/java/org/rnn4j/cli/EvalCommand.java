package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnn4j.classify.ClassificationMetrics;
import org.rnn4j.classify.ClassifierModel;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.TextFiles;
import org.rnn4j.forecast.ForecastEvaluation;
import org.rnn4j.forecast.ForecastMetrics;
import org.rnn4j.forecast.ForecastModel;
import org.rnn4j.forecast.ForecastRunner;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.lm.LmScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j eval --model DIR --data FILE}: scores a trained model on a file, whatever its task:
 * a language model's loss, bits per character and perplexity over a whole text; a forecaster's
 * errors on the last rows of a series next to the naive baselines; a classifier's accuracy, macro-F1
 * and confusion matrix on labelled sequences.
 */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Scores a trained model on a file of the kind it was trained on.",
            "  lm: loss (nats), bits per character and perplexity over the whole text;",
            "  forecast: RMSE, MAE, MASE and sMAPE of a forecast of the last --test rows from the rows before"
                    + " them, with the naive and seasonal-naive baselines;",
            "  classify: accuracy, macro-F1 and the confusion matrix.",
        })
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "UTF-8 text (lm) or CSV of the training data's shape (forecast, classify).")
    Path data;

    @Option(names = "--test", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "forecast: rows at the end to forecast and score. Default: as in training.")
    Integer test;

    @Option(names = "--all-rows",
            description = "classify: score every sequence, not only those the split column holds out.")
    boolean allRows;

    @Option(names = "--threads", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "Threads for the matrix kernels. Default: every processor.")
    Integer threads;

    @Option(names = "--json", description = "Print the results as one JSON object, the last line of standard output.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Threads.apply(threads);
        ModelDirectory.Contents contents = ModelDirs.load(spec.commandLine(), "--model", model);
        ModelDirs.requireTask(contents, model, "eval", LanguageModel.TASK, ForecastModel.TASK, ClassifierModel.TASK);
        ModelDirs.requireFile(spec.commandLine(), "--data", data);
        String source = model.resolve(ModelDirectory.MANIFEST).toString();
        String task = ModelDirs.taskOf(contents);
        if (test != null && !task.equals(ForecastModel.TASK)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--test applies to forecasting models only;"
                            + " " + model + " holds " + ModelDirs.describe(task));
        }
        PrintWriter out = spec.commandLine().getOut();
        JsonResult result = new JsonResult();
        result.put("task", task);
        switch (task) {
            case LanguageModel.TASK -> {
                LanguageModel lm = LanguageModel.fromContents(contents, source);
                LmScore s = lm.evaluate(TextFiles.readUtf8(data));
                out.printf(Locale.ROOT, "loss %.4f nats, %.4f bits/char, perplexity %.3f over %d characters%s%n",
                        s.loss(),
                        s.bitsPerCharacter(), s.perplexity(), s.predictions() + 1,
                        s.skipped() > 0 ? " (" + s.skipped() + " characters not in the vocabulary were skipped)" : "");
                result.put("loss", s.loss());
                result.put("bpc", s.bitsPerCharacter());
                result.put("perplexity", s.perplexity());
                result.put("characters", s.predictions() + 1);
                result.put("skipped", s.skipped());
            }
            case ForecastModel.TASK -> {
                ForecastModel fm = ForecastModel.fromContents(contents, source);
                int rows = test != null ? test : fm.transform().test();
                if (rows < 1) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "the model was trained without"
                            + " held-out rows; give --test N, the rows at the end of " + data
                            + " to forecast and score");
                }
                CsvTable table = CsvTable.read(data);
                if (rows >= table.rowCount()) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--test " + rows + " leaves no"
                            + " history: " + data + " has " + table.rowCount() + " rows");
                }
                ForecastEvaluation ev = ForecastRunner.evaluate(fm, table, rows);
                printForecastMetrics(out, ev, rows);
                putForecastMetrics(result, ev);
            }
            default -> {
                ClassifierModel cm = ClassifierModel.fromContents(contents, source);
                ClassificationMetrics m = ClassifyRunner.evaluate(cm, CsvTable.read(data), allRows);
                printClassificationMetrics(out, m);
                putClassificationMetrics(result, m);
            }
        }
        if (json) {
            result.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** rmse, mae, mase, smape of the model, then {@code naive} and {@code seasonal_naive} objects, then per target. */
    static void putForecastMetrics(JsonResult json, ForecastEvaluation ev) {
        ObjectNode root = json.root();
        TrainCommand.metricsJson(root, ev.model());
        TrainCommand.metricsJson(root.putObject("naive"), ev.naiveMetrics());
        TrainCommand.metricsJson(root.putObject("seasonal_naive"), ev.seasonalMetrics());
        root.put("test_rows", ev.actual().length);
        if (ev.targets().size() > 1) {
            ObjectNode per = root.putObject("targets");
            for (ForecastEvaluation.TargetMetrics t : ev.perTarget()) {
                ObjectNode o = TrainCommand.metricsJson(per.putObject(t.target()), t.model());
                TrainCommand.metricsJson(o.putObject("naive"), t.naive());
                TrainCommand.metricsJson(o.putObject("seasonal_naive"), t.seasonalNaive());
            }
        }
    }

    static void printForecastMetrics(PrintWriter out, ForecastEvaluation ev, int rows) {
        out.printf(Locale.ROOT, "forecast of the last %d rows (%s):%n", rows, String.join(", ", ev.targets()));
        out.printf(Locale.ROOT, "  %-16s %12s %12s %8s %8s%n", "", "rmse", "mae", "mase", "smape");
        metricsLine(out, "rnn4j", ev.model());
        metricsLine(out, "naive", ev.naiveMetrics());
        metricsLine(out, "seasonal naive", ev.seasonalMetrics());
    }

    private static void metricsLine(PrintWriter out, String name, ForecastMetrics m) {
        out.printf(Locale.ROOT, "  %-16s %12.5g %12.5g %8.4f %8.4f%n", name, m.rmse(), m.mae(), m.mase(), m.smape());
    }

    static void putClassificationMetrics(JsonResult json, ClassificationMetrics m) {
        json.put("accuracy", m.accuracy());
        json.put("macro_f1", m.macroF1());
        json.put("majority_accuracy", m.majorityAccuracy());
        json.put("count", m.count());
        ArrayNode classes = json.array("classes");
        m.classNames().forEach(classes::add);
        TrainCommand.confusionJson(m.confusion(), json.array("confusion"));
    }

    static void printClassificationMetrics(PrintWriter out, ClassificationMetrics m) {
        out.printf(Locale.ROOT, "accuracy %.4f, macro-F1 %.4f over %d sequences (majority class: %.4f)%n", m.accuracy(),
                m.macroF1(), m.count(), m.majorityAccuracy());
        List<String> names = m.classNames();
        int width = 4;
        for (String n : names) {
            width = Math.max(width, Math.min(12, n.length()));
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

    private static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
