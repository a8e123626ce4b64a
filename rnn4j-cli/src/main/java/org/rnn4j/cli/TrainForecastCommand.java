package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.cli.report.ReportSections;
import org.rnn4j.cli.report.TrainingReport;
import org.rnn4j.data.CsvTable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import org.rnn4j.InvalidInputException;
import org.rnn4j.forecast.AutoForecastModel;
import org.rnn4j.forecast.AutoForecaster;
import org.rnn4j.forecast.Backtest;
import org.rnn4j.forecast.ForecastData;
import org.rnn4j.forecast.ForecastEvaluation;
import org.rnn4j.forecast.ForecastResult;
import org.rnn4j.forecast.ForecastRunner;
import org.rnn4j.forecast.ForecastMetrics;
import org.rnn4j.forecast.ForecastSettings;
import org.rnn4j.forecast.Intervals;
import org.rnn4j.forecast.NeuralForecaster;
import org.rnn4j.forecast.PanelData;
import org.rnn4j.forecast.Series;
import org.rnn4j.io.AtomicFiles;
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

    @Option(names = "--method", paramLabel = "METHOD", showDefaultValue = Help.Visibility.NEVER,
            description = "auto: the backtested choice among ETS, ARIMA, Theta, an ES-normalized recurrent network,"
                    + " their combination and seasonal naive, with 80%% and 95%% intervals (--horizon, --backtest,"
                    + " --id-col, --covariates apply); rnn: one recurrent network alone (--window, --log, several"
                    + " --target columns and --resume apply). Default: auto, or rnn with --resume.")
    String method;

    @Option(names = "--horizon", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "auto: the steps the model forecasts. Default: --test if above 0, else 2 seasons (10"
                    + " without a season).")
    Integer horizon;

    @Option(names = "--backtest", paramLabel = "K", converter = OptionValues.NonNegativeInt.class,
            defaultValue = "0",
            description = "auto: forecast origins of the rolling backtest over the end of the training rows;"
                    + " 0 = as many as the data allow, up to 20.")
    int backtest;

    @Option(names = "--id-col", paramLabel = "COL",
            description = "auto: a column naming each row's series (long form); the series are learned as one"
                    + " global network and each forecast on its own scale.")
    String idColumn;

    @Option(names = "--covariates", paramLabel = "COLS", split = ",",
            description = "auto: known-future regressor columns (a 0/1 indicator, a price, calendar features);"
                    + " forecasting needs their future values (forecast --future FILE).")
    List<String> covariates;

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
    Map<String, String> taskHelpDefaults() {
        return Map.of("--val-fraction", "not used (the last --test rows are the held-out part)", "--time-col",
                "none", "--id-col", "none (one series)", "--covariates", "none");
    }

    @Override
    void checkTaskOptions() {
        if (method == null) {
            if (resumeDir() == null && (window != null || targets.size() != 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(), (window != null
                        ? "--window"
                        : "several --target columns") + " need --method rnn (the default, auto, forecasts one"
                        + " column; many series go in long form with --id-col)");
            }
            method = resumeDir() != null ? "rnn" : "auto";
        }
        if (!method.equals("rnn") && !method.equals("auto")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--method': expected rnn or auto, got '" + method + "'");
        }
        boolean auto = method.equals("auto");
        if (!auto && (horizon != null || backtest != 0 || idColumn != null || covariates != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--horizon, --backtest, --id-col and --covariates need --method auto");
        }
        if (auto && common.ui != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--ui shows one network's training; --method auto trains many in its backtest (see its report)");
        }
        if (auto && (window != null || resumeDir() != null || targets.size() != 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), targets.size() != 1
                    ? "--method auto forecasts one --target column (many series go in long form with --id-col)"
                    : "--method auto does not take --window or --resume (it trains its networks in one go)");
        }
    }

    @Override
    int train(Run run) throws IOException {
        if (method.equals("auto")) {
            return trainAuto(run);
        }
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
        MetricsText.run(o, s, "windows", "MSE");
        TrainingReport report = report("Forecaster of " + String.join(", ", fd.targets()), run, s);
        ReportSections.taskSettings(report, Map.of("targets", String.join(", ", fd.targets()),
                "season", Integer.toString(settings.season()), "test rows", Integer.toString(testRows),
                "training rows", Integer.toString(fd.trainRows())));
        ForecastEvaluation ev = result.evaluation();
        if (ev != null) {
            MetricsJson.forecast(json, ev);
            MetricsText.forecast(o, ev, testRows);
        }
        ReportSections.results(report, json.root(), "windows");
        if (ev != null) {
            ReportSections.forecast(report, ev, fd.trainPart(), settings.season(), fd.times(),
                    settings.timeColumn());
        }
        ReportSections.training(report, run.history(), "mean squared error (normalized)", v -> v, run.hp().clip());
        return finish(run, report, json);
    }

    /** {@code --method auto}: backtest, choose, report and save the library's default forecaster. */
    private int trainAuto(Run run) throws IOException {
        CsvTable table = CsvTable.read(dataFile());
        int seasonLength = season == null || season < 2 ? 1 : season;
        List<String> cov = covariates == null ? List.of() : covariates;
        List<Series> all = PanelData.read(table, targets.get(0), idColumn, seasonLength, cov);
        int shortest = all.stream().mapToInt(Series::length).min().orElse(0);
        int testRows = test != null ? test : seasonLength > 1 ? seasonLength : Math.max(1, shortest / 10);
        if (testRows >= shortest) {
            throw new InvalidInputException(table.source() + ": series '" + all.stream()
                    .filter(x -> x.length() == shortest).findFirst().orElseThrow().id() + "' has " + shortest
                    + " rows; holding out --test " + testRows + " leaves nothing to train on");
        }
        int h = horizon != null ? horizon : testRows > 0 ? testRows : seasonLength > 1 ? 2 * seasonLength : 10;
        List<Series> train = new ArrayList<>();
        for (Series x : all) {
            train.add(x.head(x.length() - testRows));
        }
        NeuralForecaster.Settings ns = neuralSettings(run.hp());
        AutoForecaster.Settings settings = AutoForecaster.Settings.defaults().withNeural(ns)
                .withPlan(new Backtest.Plan(1, backtest, 0));
        long started = System.nanoTime();
        AutoForecaster.Result r = AutoForecaster.forecast(train, h, settings);
        double seconds = (System.nanoTime() - started) / 1e9;
        AutoForecastModel model = AutoForecastModel.of(r, new AutoForecastModel.Columns(targets.get(0), idColumn,
                timeColumn, seasonLength, cov, testRows));
        model.save(run.dir(), run.hp().toJson(), ns.seed());
        PrintWriter o = stdout();
        o.printf(Locale.ROOT, "trained the default forecaster of %s (%d series, horizon %d): %s%n", targets.get(0),
                all.size(), h, run.dir());
        JsonResult json = autoSummary(o, run.dir(), r, ns, train, h, seconds);
        if (testRows > 0) {
            holdOut(o, json, all, train, r, Math.min(h, testRows), seasonLength);
        }
        AtomicFiles.writeString(run.dir().resolve(MetricsJson.FILE), json.root().toPrettyString() + "\n");
        if (!common.noReport) {
            autoReport(run, table, all, train, r, json.root(), Math.min(h, testRows), seasonLength, seconds)
                    .write(run.dir());
            o.println("  report: " + run.dir().resolve(TrainingReport.FILE));
        }
        if (common.json.requested()) {
            json.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }

    /**
     * What an auto run chose, printed after its first line and as JSON: the time, the summary of the
     * choices, each series' method and the backtest's MASE of every candidate.
     */
    static JsonResult autoSummary(PrintWriter o, Path dir, AutoForecaster.Result r, NeuralForecaster.Settings ns,
            List<Series> train, int h, double seconds) {
        o.printf(Locale.ROOT, "  %.1f s, of which %.1f s training networks (%s %d units, %d steps each, ensemble of"
                + " %d)%n", seconds, r.neuralSeconds(), ns.cell().name().toLowerCase(Locale.ROOT), ns.hiddenSize(),
                ns.steps(), ns.ensemble());
        o.print(r.summary().lines().limit(2 + AutoForecaster.CANDIDATES.size() + 5L + 20).map(l -> "  " + l + "\n")
                .reduce("", String::concat));
        JsonResult json = new JsonResult();
        json.put("task", "forecast");
        json.put("model", dir.toString());
        json.put("method", "auto");
        json.put("elapsed_s", seconds);
        json.put("network_s", r.neuralSeconds());
        json.put("horizon", h);
        json.put("series", train.size());
        ObjectNode chosen = json.object("chosen");
        for (int s = 0; s < train.size(); s++) {
            chosen.put(train.get(s).id(), r.choices().get(s).method());
        }
        ObjectNode bt = json.object("backtest_mase");
        for (String m : r.backtest().methods()) {
            JsonResult.number(bt, m, r.backtest().mase(m));
        }
        return json;
    }

    /** The most series whose forecast the report of a panel plots. */
    private static final int PLOTTED_SERIES = 4;

    /**
     * The report of {@code --method auto}: the run, what each series chose, the backtest, the hold-out
     * score, and the held-out forecast of the first series with its 80% and 95% intervals on the time
     * column.
     */
    private TrainingReport autoReport(Run run, CsvTable table, List<Series> all, List<Series> train,
            AutoForecaster.Result r, ObjectNode json, int h, int season, double seconds) {
        TrainingReport report = new TrainingReport("Default forecaster of " + targets.get(0) + " — rnn4j");
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        rows.put("task", "forecast (--method auto)");
        rows.put("data", dataFile().toAbsolutePath().normalize().toString());
        rows.put("model directory", run.dir().toAbsolutePath().normalize().toString());
        rows.put("series", Integer.toString(all.size()));
        rows.put("horizon", Integer.toString(r.bands().get(0).point().length));
        rows.put("time", org.rnn4j.cli.report.Numbers.clock(seconds) + ", of which "
                + org.rnn4j.cli.report.Numbers.clock(r.neuralSeconds()) + " training networks");
        rows.put("rnn4j", VersionProvider.rnn4jVersion());
        report.heading("Run").table(rows);
        List<List<String>> bt = new ArrayList<>();
        for (String m : r.backtest().methods()) {
            bt.add(List.of(m, org.rnn4j.cli.report.Numbers.significant(r.backtest().mase(m))));
        }
        report.heading("Backtest").paragraph("MASE of each candidate over the rolling-origin backtest of the training"
                + " rows (below 1: better than seasonal naive in-sample).");
        report.grid(List.of("method", "backtest MASE"), bt);
        Map<String, String> chosen = new java.util.LinkedHashMap<>();
        for (int s = 0; s < train.size(); s++) {
            chosen.put(train.get(s).id(), r.choices().get(s).method());
        }
        report.heading("Chosen").table(chosen);
        if (h > 0 && json.has("mase")) {
            Map<String, String> score = new java.util.LinkedHashMap<>();
            score.put("held-out rows", Integer.toString(h));
            score.put("MASE", org.rnn4j.cli.report.Numbers.significant(json.get("mase").asDouble()));
            score.put("seasonal naive MASE", org.rnn4j.cli.report.Numbers.significant(
                    json.get("seasonal_naive_mase").asDouble()));
            score.put("naive MASE", org.rnn4j.cli.report.Numbers.significant(json.get("naive_mase").asDouble()));
            score.put("inside the 80% interval", Math.round(100 * json.get("coverage_80").asDouble()) + "%");
            score.put("inside the 95% interval", Math.round(100 * json.get("coverage_95").asDouble()) + "%");
            report.heading("Held-out forecast").table(score);
            List<String> times = idColumn == null && timeColumn != null ? timeColumnText(table) : null;
            for (int s = 0; s < Math.min(PLOTTED_SERIES, all.size()); s++) {
                double[] history = train.get(s).values();
                double[] actual = java.util.Arrays.copyOfRange(all.get(s).values(), history.length,
                        history.length + h);
                Intervals.Bands b = r.bands().get(s);
                double[][] lower = new double[b.lower().length][];
                double[][] upper = new double[b.upper().length][];
                int[] levels = new int[b.lower().length];
                for (int l = 0; l < levels.length; l++) {
                    lower[l] = java.util.Arrays.copyOf(b.lower()[l], h);
                    upper[l] = java.util.Arrays.copyOf(b.upper()[l], h);
                    levels[l] = (int) Math.round(100 * Intervals.LEVELS[l]);
                }
                String name = all.size() > 1 ? targets.get(0) + " of " + all.get(s).id() : targets.get(0);
                report.chart("forecast-" + s + ".png", "Forecast of the " + h + " held-out rows of " + name
                        + " from the rows before them, with its 80% and 95% intervals",
                        org.rnn4j.cli.report.TrainingCharts.forecast(name, times, timeColumn, history, actual,
                                java.util.Arrays.copyOf(b.point(), h), null, null,
                                Math.max(3 * h, 4 * Math.max(1, season)),
                                new org.rnn4j.cli.report.TrainingCharts.Bands(levels, lower, upper)));
            }
        }
        return report;
    }

    /** The time column's text per row of {@code table}. */
    private List<String> timeColumnText(CsvTable table) {
        int col = table.column(timeColumn);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < table.rowCount(); i++) {
            out.add(table.text(i, col));
        }
        return out;
    }

    /** Scores the forecast of the held-out rows against seasonal naive and the intervals' coverage. */
    private static void holdOut(PrintWriter o, JsonResult json, List<Series> all, List<Series> train,
            AutoForecaster.Result r, int h, int season) {
        AutoForecastModel.HoldOut score = AutoForecastModel.score(all, train, r.bands(), h);
        printHoldOut(o, json, score, all.size());
    }

    /** The hold-out score as text and JSON members (also {@code eval}'s). */
    static void printHoldOut(PrintWriter o, JsonResult json, AutoForecastModel.HoldOut score, int series) {
        o.printf(Locale.ROOT, "forecast of the last %d rows%s: MASE %.4f (seasonal naive %.4f, naive %.4f); inside"
                + " the 80%% interval %.0f%%, the 95%% interval %.0f%%%n", score.rows(),
                series > 1 ? " of each of " + series + " series" : "", score.mase(), score.seasonalNaiveMase(),
                score.naiveMase(), 100 * score.coverage()[0], 100 * score.coverage()[1]);
        JsonResult.number(json.root(), "mase", score.mase());
        JsonResult.number(json.root(), "seasonal_naive_mase", score.seasonalNaiveMase());
        JsonResult.number(json.root(), "naive_mase", score.naiveMase());
        JsonResult.number(json.root(), "coverage_80", score.coverage()[0]);
        JsonResult.number(json.root(), "coverage_95", score.coverage()[1]);
    }

    /** The network's settings: the library's defaults for the method, changed only by the options given. */
    private NeuralForecaster.Settings neuralSettings(org.rnn4j.task.HyperParameters hp) {
        return neuralSettings(common.architecture, common.training);
    }

    /** {@link NeuralForecaster.Settings#defaults()} changed by the network and training options given. */
    static NeuralForecaster.Settings neuralSettings(ArchitectureOptions a, TrainingOptions t) {
        NeuralForecaster.Settings ns = NeuralForecaster.Settings.defaults();
        if (a.cell != null) {
            ns = ns.withCell(a.cell);
        }
        if (a.hidden != null) {
            ns = ns.withHiddenSize(a.hidden);
        }
        if (t.batch != null) {
            ns = ns.withBatchSize(t.batch);
        }
        if (t.lr != null) {
            ns = ns.withLearningRate(t.lr);
        }
        if (t.steps != null) {
            ns = ns.withSteps((int) Math.min(Integer.MAX_VALUE, t.steps));
        }
        if (t.timeBudget != null) {
            ns = ns.withTimeBudget(t.timeBudget);
        }
        if (t.seed != null) {
            ns = ns.withSeed(t.seed);
        }
        return ns;
    }
}
