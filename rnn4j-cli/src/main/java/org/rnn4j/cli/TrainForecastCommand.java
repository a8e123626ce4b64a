package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.cli.report.ReportSections;
import org.rnn4j.cli.report.TrainingReport;
import org.rnn4j.data.CsvTable;
import org.rnn4j.forecast.ForecastData;
import org.rnn4j.forecast.ForecastEvaluation;
import org.rnn4j.forecast.ForecastResult;
import org.rnn4j.forecast.ForecastRunner;
import org.rnn4j.forecast.ForecastSettings;
import org.rnn4j.task.TrainingSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code rnn4j train forecast --data FILE.csv --target COL --out DIR}: a forecaster of one or more
 * columns of a CSV. The last {@code --test} rows are held out: the normalization is fitted on the rows
 * before them, and the forecast of the held-out rows is scored against the naive and seasonal-naive
 * forecasts.
 */
@Command(name = "forecast",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        modelTransformer = TrainTaskCommand.DefaultsInHelp.class,
        description = {
            "Trains a forecaster of time series in a CSV with a header row.",
            "The last --test rows are held out and their forecast is scored against the naive and seasonal-naive"
                    + " forecasts.",
        })
final class TrainForecastCommand extends TrainTaskCommand {

    @Option(names = "--target", required = true, paramLabel = "COL", split = ",",
            description = "The column(s) to forecast, comma-separated.")
    List<String> targets;

    @Option(names = "--time-col", paramLabel = "COL", description = "A time column, kept for output only.")
    String timeColumn;

    @Option(names = "--test", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
            description = "Rows held out at the end to score the forecast against the baselines."
                    + " Default: --season if given, else 10%% of the rows.")
    Integer test;

    @Option(names = "--season", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
            description = "Season length (e.g. 12 for monthly data) for the seasonal-naive baseline,"
                    + " MASE and differencing; 0 = none. Default: 0.")
    Integer season;

    @Option(names = "--window", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "Rows of history the network reads. Default: 2 seasons (24 without a season),"
                    + " shorter for short series.")
    Integer window;

    @Option(names = "--log", paramLabel = "MODE", converter = LogMode.class, defaultValue = "auto",
            description = "Model the logarithm of the targets: auto (when all are positive), on or off.")
    ForecastSettings.LogMode log;

    @Mixin
    TrainCommonOptions common;

    TrainForecastCommand() {
        super("forecast", 50, ForecastRunner::defaultHyperParameters);
    }

    /** {@code --log}: auto, on or off. */
    static final class LogMode implements ITypeConverter<ForecastSettings.LogMode> {
        @Override
        public ForecastSettings.LogMode convert(String value) {
            try {
                return ForecastSettings.LogMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected auto, on or off, got '" + value + "'");
            }
        }
    }

    @Override
    TrainCommonOptions common() {
        return common;
    }

    @Override
    int train(Run run) throws IOException {
        CsvTable table = CsvTable.read(dataFile());
        int seasonLength = season == null ? 0 : season;
        int testRows = test != null
                ? test
                : seasonLength > 0 ? seasonLength : Math.max(1, table.rowCount() / 10);
        ForecastSettings settings;
        try {
            settings = ForecastSettings.of(targets).withTimeColumn(timeColumn).withTest(testRows)
                    .withSeason(seasonLength).withLog(log);
            if (window != null) {
                settings = settings.withWindow(window);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ForecastData fd = ForecastData.fromCsv(table, settings);
        ForecastResult result;
        try (TrainingProgress progress = progress(run, -1, "windows", TrainingProgress.LossView.MSE)) {
            result = ForecastRunner.train(fd, run.hp(), runOptions(run, progress));
        }
        TrainingSummary s = result.summary();
        JsonResult json = MetricsJson.training(task(), run.dir(), s);
        PrintWriter o = stdout();
        o.printf(Locale.ROOT, "trained a forecaster of %s: %s%n", String.join(", ", fd.targets()), run.dir());
        MetricsText.run(o, s, "windows");
        TrainingReport report = report("Forecaster of " + String.join(", ", fd.targets()), run, s);
        ReportSections.taskSettings(report, Map.of("targets", String.join(", ", fd.targets()),
                "season", Integer.toString(settings.season()), "test rows", Integer.toString(testRows),
                "training rows", Integer.toString(fd.trainRows())));
        ForecastEvaluation ev = result.evaluation();
        if (ev != null) {
            MetricsJson.forecast(json, ev);
            MetricsText.forecast(o, ev, testRows);
        }
        ReportSections.results(report, json.root());
        if (ev != null) {
            ReportSections.forecast(report, ev, fd.trainPart(), settings.season());
        }
        ReportSections.training(report, run.history(), "mean squared error (normalized)", v -> v, run.hp().clip());
        return finish(run, report, json);
    }
}
