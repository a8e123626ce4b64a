package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnn4j.classify.ClassificationMetrics;
import org.rnn4j.classify.ClassifierModel;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.classify.SequenceEncoding;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.TextFiles;
import org.rnn4j.forecast.ForecastEvaluation;
import java.util.List;
import org.rnn4j.forecast.AutoForecastModel;
import org.rnn4j.forecast.ForecastModel;
import org.rnn4j.forecast.PanelData;
import org.rnn4j.forecast.Series;
import org.rnn4j.forecast.ForecastRunner;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.lm.LmScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j eval --model DIR --data FILE}: scores a trained model on a file, whatever its task:
 * a language model's loss, bits per character and perplexity over a whole text; a forecaster's
 * errors on the last rows of a series next to the naive baselines; a classifier's accuracy (with its
 * 95% Wilson interval), macro-F1, per-class precision, recall and F1, and confusion matrix on labelled
 * sequences.
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
            "  classify: accuracy with its 95%% interval, macro-F1, each class's precision, recall and F1, and the"
                    + " confusion matrix.",
        })
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    ModelOption model;

    @Mixin
    DataOption data;

    @Option(names = "--test", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "forecast: rows at the end to forecast and score. Default: as in training.")
    Integer test;

    @Option(names = "--all-rows",
            description = "classify: score every sequence, not only those the split column holds out.")
    boolean allRows;

    @Mixin
    Threads threads;

    @Mixin
    JsonOption json;

    @Mixin
    PrecisionOption precision;

    @Override
    public Integer call() throws IOException {
        threads.apply();
        ModelDirectory.Contents contents = precision.apply(model.load("eval", LanguageModel.TASK, ForecastModel.TASK,
                ClassifierModel.TASK));
        Path file = data.existing();
        String task = ModelDirs.taskOf(contents);
        if (test != null && !task.equals(ForecastModel.TASK)) {
            throw new ParameterException(spec.commandLine(), "--test applies to forecasting models only;"
                    + " " + model.dir() + " holds " + ModelDirs.describe(task));
        }
        PrintWriter out = spec.commandLine().getOut();
        JsonResult result = new JsonResult();
        result.put("task", task);
        switch (task) {
            case LanguageModel.TASK -> {
                LanguageModel lm = LanguageModel.fromContents(contents, model.source());
                LmScore s = lm.evaluate(TextFiles.readUtf8(file));
                MetricsText.languageModel(out, s);
                MetricsJson.languageModel(result, s);
            }
            case ForecastModel.TASK -> {
                if (AutoForecastModel.isAuto(contents)) {
                    AutoForecastModel am = AutoForecastModel.load(model.dir(), contents);
                    am.setPrecision(precision.precision);
                    AutoForecastModel.Columns c = am.columns();
                    int rows = test != null ? test : c.test();
                    if (rows < 1 || rows > am.horizon()) {
                        throw new ParameterException(spec.commandLine(), "--test " + rows + ": the model forecasts 1"
                                + " to " + am.horizon() + " steps" + (test == null
                                        ? " (it was trained without"
                                                + " held-out rows; give --test N)"
                                        : ""));
                    }
                    List<Series> series = PanelData.read(CsvTable.read(file), c.target(), c.idColumn(), c.season(),
                            c.covariates());
                    TrainForecastCommand.printHoldOut(out, result, am.evaluate(series, rows), series.size());
                    break;
                }
                ForecastModel fm = ForecastModel.fromContents(contents, model.source());
                int rows = test != null ? test : fm.transform().test();
                if (rows < 1) {
                    throw new ParameterException(spec.commandLine(), "the model was trained without"
                            + " held-out rows; give --test N, the rows at the end of " + file
                            + " to forecast and score");
                }
                CsvTable table = CsvTable.read(file);
                if (rows >= table.rowCount()) {
                    throw new ParameterException(spec.commandLine(), "--test " + rows + " leaves no"
                            + " history: " + file + " has " + table.rowCount() + " rows");
                }
                ForecastEvaluation ev = ForecastRunner.evaluate(fm, table, rows);
                MetricsText.forecast(out, ev, rows);
                MetricsJson.forecast(result, ev);
            }
            default -> {
                ClassifierModel cm = ClassifierModel.fromContents(contents, model.source());
                CsvTable table = CsvTable.read(file);
                SequenceEncoding.Encoded encoded = cm.encoding().encode(table, true);
                ClassificationMetrics m = ClassifyRunner.evaluate(cm, encoded, table, allRows);
                int unknown = encoded.unknownTokens();
                ClassifyCommand.reportUnknown(spec.commandLine().getErr(), unknown);
                MetricsText.classification(out, m);
                MetricsJson.classification(result, m);
                result.put("unknown_tokens", unknown);
            }
        }
        if (json.requested()) {
            result.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
