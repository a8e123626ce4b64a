package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnn4j.forecast.AutoForecastModel;
import org.rnn4j.forecast.AutoForecaster;
import org.rnn4j.forecast.Backtest;
import org.rnn4j.forecast.ForecastRunner;
import org.rnn4j.forecast.NeuralForecaster;
import org.rnn4j.cli.report.Numbers;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.task.HyperParameters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j spark-train forecast --master URL --data CSV --id-col COL --time-col COL --target COL --out DIR}:
 * {@code rnn4j train forecast --id-col COL --test 0} on Spark. Each series' statistical candidates are fitted on
 * an executor, the global network's gradients come from windows the partitions hold. The model directory is the
 * one {@code train forecast} writes; {@code forecast}, {@code spark-score} and the {@code Predictor} read it.
 */
@Command(name = "forecast",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Trains the default forecaster of a long-form panel (a CSV with a header, a row per series and time) on"
                    + " Spark: the choice 'rnn4j train forecast --id-col COL --test 0' makes, by the same rolling"
                    + " backtest.",
            "Every row trains: hold the last rows of each series out beforehand to score the forecast. Without"
                    + " covariates.",
        })
final class SparkTrainForecastCommand implements Callable<Integer>, HelpLayout.ComputedDefaults {

    /** The defaults of the auto forecaster's network; the other training options do not apply to it. */
    @Override
    public java.util.Map<String, String> helpDefaults() {
        java.util.Map<String, String> d = TrainTaskCommand.settingDefaults(ForecastRunner.defaultHyperParameters(), 0);
        NeuralForecaster.Settings ns = NeuralForecaster.Settings.defaults();
        d.put("--cell", ns.cell().id());
        d.put("--hidden", Integer.toString(ns.hiddenSize()));
        d.put("--batch", Integer.toString(ns.batchSize()));
        d.put("--lr", Double.toString(ns.learningRate()));
        d.put("--steps", Integer.toString(ns.steps()));
        d.put("--time-budget", ns.timeBudgetSeconds() > 0 ? Numbers.clock(ns.timeBudgetSeconds()) : "no limit");
        d.put("--seed", Long.toString(ns.seed()));
        d.put("--resume", "not available (one run)");
        d.put("--val-fraction", "not used (the backtest chooses)");
        d.put("--validate-every", "not used");
        return d;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    SparkTrainOptions spark;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "CSV file(s) with a header, as Spark reads them (a path, a directory, hdfs://, s3a://...).")
    String data;

    @Option(names = "--id-col", required = true, paramLabel = "COL",
            description = "The column naming each row's series.")
    String idColumn;

    @Option(names = "--time-col", required = true, paramLabel = "COL",
            description = "The column that orders each series' rows.")
    String timeColumn;

    @Option(names = "--target", required = true, paramLabel = "COL", description = "The column to forecast.")
    String target;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model directory to create.")
    Path out;

    @Option(names = "--season", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
            description = "Season length (e.g. 12 for monthly data); 0 or 1 = none. Default: none.")
    Integer season;

    @Option(names = "--horizon", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "The steps the model forecasts. Default: 2 seasons (10 without a season).")
    Integer horizon;

    @Option(names = "--backtest", paramLabel = "K", converter = OptionValues.NonNegativeInt.class,
            defaultValue = "0",
            description = "Forecast origins of the rolling backtest over the end of each series; 0 = as many as the"
                    + " data allow, up to 20. Default: 0.")
    int backtest;

    @Mixin
    ArchitectureOptions architecture;

    @Mixin
    TrainingOptions training;

    @Mixin
    Threads threads;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws IOException {
        threads.apply();
        CommandLine cl = spec.commandLine();
        if (training.resume != null) {
            throw new CommandLine.ParameterException(cl, "--resume: the default forecaster is chosen and trained in"
                    + " one run; train it again instead");
        }
        ModelDirs.checkOutputDirectory(cl, out, null, training.overwrite);
        int seasonLength = season == null || season < 2 ? 1 : season;
        int h = horizon != null ? horizon : seasonLength > 1 ? 2 * seasonLength : 10;
        HyperParameters hp;
        try {
            hp = training.applyTo(architecture.applyTo(ForecastRunner.defaultHyperParameters()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        NeuralForecaster.Settings ns = TrainForecastCommand.neuralSettings(architecture, training);
        AutoForecaster.Settings settings = AutoForecaster.Settings.defaults().withNeural(ns)
                .withPlan(new Backtest.Plan(1, backtest, 0));
        SparkRuns.requireSpark();
        long started = System.nanoTime();
        AutoForecaster.Result r = SparkRuns.trainForecaster(spark.master, data, idColumn, timeColumn, target,
                seasonLength, h, settings, spark.partitions, spark.reduction(cl));
        double seconds = (System.nanoTime() - started) / 1e9;
        AutoForecastModel model = AutoForecastModel.of(r, new AutoForecastModel.Columns(target, idColumn,
                timeColumn, seasonLength, List.of(), 0));
        model.save(out, hp.toJson(), ns.seed());
        PrintWriter o = cl.getOut();
        o.printf(Locale.ROOT, "trained the default forecaster of %s on Spark (%d series, horizon %d): %s%n", target,
                r.series().size(), h, out);
        JsonResult j = TrainForecastCommand.autoSummary(o, out, r, ns, r.series(), h, seconds);
        AtomicFiles.writeString(out.resolve(MetricsJson.FILE), j.root().toPrettyString() + "\n");
        if (json.requested()) {
            j.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }
}
