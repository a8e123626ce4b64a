package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.InvalidInputException;
import org.rnn4j.classify.ClassificationData;
import org.rnn4j.classify.ClassificationMetrics;
import org.rnn4j.classify.ClassifyResult;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.classify.ClassifySettings;
import org.rnn4j.cli.report.TrainingCharts;
import org.rnn4j.cli.report.TrainingReport;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.TextFiles;
import org.rnn4j.forecast.ForecastData;
import org.rnn4j.forecast.ForecastEvaluation;
import org.rnn4j.forecast.ForecastMetrics;
import org.rnn4j.forecast.ForecastResult;
import org.rnn4j.forecast.ForecastRunner;
import org.rnn4j.forecast.ForecastSettings;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.Activation;
import org.rnn4j.lm.CharCorpus;
import org.rnn4j.lm.LmResult;
import org.rnn4j.lm.LmSettings;
import org.rnn4j.lm.LmTraining;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.DivergenceException;
import org.rnn4j.train.OptimizerSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j train --task lm|forecast|classify --data FILE --out DIR}: trains a model on a file and
 * saves it, with its training state, a {@code report.html} and {@code metrics.json}, into a model
 * directory.
 *
 * <p>Settings come, in order of precedence, from the options given, from the checkpoint being resumed
 * ({@code --resume}), and from the task's defaults (the library's {@code defaultHyperParameters()}).
 * The defaults are chosen to train a good model without tuning.
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Trains a model on a file and saves it into a model directory (weights, training state,"
                    + " report.html with plots, metrics.json).",
            "",
            "  lm        a character language model on any UTF-8 text",
            "  forecast  time series in a CSV with a header row",
            "  classify  labelled sequences in a CSV, one row per step",
            "            or one token string per row",
            "",
            "Options for one task only are refused with another. The settings not given are the task's"
                    + " defaults, chosen to train a good model without tuning:",
            "  lm        ${sys:rnn4j.train.defaults.lm}",
            "  forecast  ${sys:rnn4j.train.defaults.forecast}",
            "  classify  ${sys:rnn4j.train.defaults.classify}",
        })
final class TrainCommand implements Callable<Integer> {

    static {
        // the help shows each task's defaults as its library defines them, through picocli's ${sys:...}
        System.setProperty("rnn4j.train.defaults.lm", describeDefaults(LmTraining.defaultHyperParameters())
                + ", chunks of " + LmTraining.defaultSettings().sequenceLength() + ", embedding "
                + LmTraining.defaultSettings().embeddingSize() + ", validate every 100 steps");
        System.setProperty("rnn4j.train.defaults.forecast", describeDefaults(ForecastRunner.defaultHyperParameters())
                + ", validate every 50 steps");
        System.setProperty("rnn4j.train.defaults.classify", describeDefaults(ClassifyRunner.defaultHyperParameters())
                + ", validate every 50 steps");
    }

    /** One line of a task's default settings, for the help. */
    static String describeDefaults(HyperParameters hp) {
        StringBuilder s = new StringBuilder();
        s.append(hp.cell().id()).append(' ').append(hp.layers()).append('x').append(hp.hiddenSize());
        s.append(", batch ").append(hp.batchSize());
        s.append(", ").append(hp.optimizer().name()).append(' ').append(hp.optimizer().learningRate());
        if (hp.clip().mode() != ClipConfig.Mode.NONE) {
            s.append(", clip ").append(hp.clip().mode().name().toLowerCase(Locale.ROOT).replace('_', '-')).append(' ')
                    .append(hp.clip().threshold());
        }
        if (hp.dropout() > 0) {
            s.append(", dropout ").append(hp.dropout());
        }
        s.append(", seed ").append(hp.seed()).append(", ");
        List<String> limits = new java.util.ArrayList<>();
        if (hp.maxSteps() > 0) {
            limits.add(hp.maxSteps() + " steps");
        }
        if (hp.maxEpochs() > 0) {
            limits.add(hp.maxEpochs() + " epochs");
        }
        if (hp.timeBudgetSeconds() > 0) {
            limits.add(TrainingProgress.clock(hp.timeBudgetSeconds()) + " of training");
        }
        s.append(String.join(" or ", limits));
        return s.toString();
    }

    /** The kinds of model. */
    enum Task { lm, forecast, classify }

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Option(names = "--task", required = true, paramLabel = "TASK", description = "lm, forecast or classify.")
    Task task;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "The training data: UTF-8 text (lm) or CSV with a header (forecast, classify).")
    Path data;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The model directory to create. Default with --resume: the resumed directory.")
    Path out;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Mixin
    LmOptions lm = new LmOptions();

    @Mixin
    ForecastOptions forecast = new ForecastOptions();

    @Mixin
    ClassifyOptions classify = new ClassifyOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    static final class ModelOptions {
        @Option(names = "--cell", paramLabel = "CELL", converter = OptionValues.Cell.class,
                showDefaultValue = Help.Visibility.NEVER,
                description = "rnn, lstm or gru.")
        CellType cell;

        @Option(names = "--activation", paramLabel = "FN", converter = OptionValues.Nonlinearity.class,
                showDefaultValue = Help.Visibility.NEVER,
                description = "The nonlinearity of an rnn cell: tanh, relu or sigmoid. Default: tanh.")
        Activation activation;

        @Option(names = "--layers", paramLabel = "N", converter = OptionValues.PositiveInt.class,
                description = "Stacked recurrent layers.")
        Integer layers;

        @Option(names = "--hidden", paramLabel = "N", converter = OptionValues.PositiveInt.class,
                description = "Units per layer (and direction).")
        Integer hidden;

        @Option(names = "--bidirectional", negatable = true, showDefaultValue = Help.Visibility.NEVER,
                description = "Read each sequence both ways (classify only). Default: off.")
        Boolean bidirectional;

        @Option(names = "--dropout", paramLabel = "P", converter = OptionValues.Fraction.class,
                description = "Dropout between layers and before the head, in [0, 1). Default: 0.")
        Double dropout;
    }

    static final class TrainingOptions {
        @Option(names = "--batch", paramLabel = "N", converter = OptionValues.PositiveInt.class,
                description = "Sequences (lm: parallel streams) per step.")
        Integer batch;

        @Option(names = "--optimizer", paramLabel = "NAME", converter = OptionValues.OptimizerName.class,
                description = "sgd, adam, adamw, rmsprop or adagrad.")
        String optimizer;

        @Option(names = "--lr", paramLabel = "RATE", converter = OptionValues.PositiveDouble.class,
                description = "Learning rate (the peak of the schedule with --steps).")
        Double lr;

        @Option(names = "--clip-norm", paramLabel = "X", converter = OptionValues.PositiveDouble.class,
                description = "Clip the global gradient norm to X.")
        Double clipNorm;

        @Option(names = "--clip-value", paramLabel = "X", converter = OptionValues.PositiveDouble.class,
                description = "Clip every gradient element to [-X, X] instead of clipping the norm.")
        Double clipValue;

        @Option(names = "--steps", paramLabel = "N", converter = OptionValues.PositiveLong.class,
                description = "Stop after N optimizer steps in total (a resumed run counts the earlier ones)."
                        + " The learning rate then warms up and follows a cosine to 10%%.")
        Long steps;

        @Option(names = "--epochs", paramLabel = "N", converter = OptionValues.PositiveLong.class,
                description = "Stop after N passes over the training data.")
        Long epochs;

        @Option(names = "--time-budget", paramLabel = "DURATION", converter = OptionValues.Duration.class,
                description = "Stop after this much training, e.g. 90s, 10m, 1h30m.")
        Double timeBudget;

        @Option(names = "--val-fraction", paramLabel = "F", converter = OptionValues.Fraction.class,
                description = "lm: the share at the end of the text held out for validation (default 0.1);"
                        + " classify: the share of each class held out when the CSV has no split column"
                        + " (default 0.2).")
        Double valFraction;

        @Option(names = "--validate-every", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
                description = "Steps between validations; 0 = only at the end.")
        Integer validateEvery;

        @Option(names = "--seed", paramLabel = "S", description = "Seed of every random choice.")
        Long seed;

        @Option(names = "--threads", paramLabel = "N", converter = OptionValues.PositiveInt.class,
                showDefaultValue = Help.Visibility.NEVER,
                description = "Threads for the matrix kernels. Default: every processor.")
        Integer threads;

        @Option(names = "--resume", paramLabel = "DIR",
                description = "Continue the run saved in DIR exactly where it stopped (weights, optimizer,"
                        + " random state, data position, carried state); its settings are used unless given.")
        Path resume;

        @Option(names = "--checkpoint-every", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
                defaultValue = "0", description = "Save a checkpoint every N steps; 0 = only at the end.")
        int checkpointEvery;
    }

    static final class LmOptions {
        @Option(names = "--seq-len", paramLabel = "N", converter = OptionValues.PositiveInt.class,
                description = "Characters per truncated-BPTT chunk; the state is carried across chunks."
                        + " Default: 64.")
        Integer seqLen;

        @Option(names = "--embedding", paramLabel = "N", converter = OptionValues.PositiveInt.class,
                description = "Width of a character's embedding. Default: 64.")
        Integer embedding;
    }

    static final class ForecastOptions {
        @Option(names = "--target", paramLabel = "COL", split = ",",
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

        @Option(names = "--log", paramLabel = "MODE",
                description = "Model the logarithm of the targets: auto (when all are positive), on or off."
                        + " Default: auto.")
        String log;
    }

    static final class ClassifyOptions {
        @Option(names = "--label-col", paramLabel = "COL", description = "The class of each sequence.")
        String labelColumn;

        @Option(names = "--id-col", paramLabel = "COL",
                description = "Long form: the sequence id; per row: optional names for outputs.")
        String idColumn;

        @Option(names = "--order-col", paramLabel = "COL", description = "Long form: the step order within a sequence.")
        String orderColumn;

        @Option(names = "--feature-cols", paramLabel = "COL", split = ",",
                showDefaultValue = Help.Visibility.NEVER,
                description = "Long form: the numeric inputs. Default: every other numeric column.")
        List<String> featureColumns;

        @Option(names = "--sequence-col", paramLabel = "COL",
                description = "One row per sequence: the column whose characters are the tokens.")
        String sequenceColumn;

        @Option(names = "--split-col", paramLabel = "COL",
                description = "A column saying train or test/validation per sequence, used when present."
                        + " Default: " + ClassifySettings.DEFAULT_SPLIT_COLUMN + ".")
        String splitColumn;
    }

    static final class OutputOptions {
        @Option(names = "--quiet", description = "No progress on standard error.")
        boolean quiet;

        @Option(names = "--json",
                description = "Print the results as one JSON object, the last line of standard output.")
        boolean json;

        @Option(names = "--no-report", negatable = false,
                description = "Do not write report.html and its plots.")
        boolean noReport;
    }

    @Override
    public Integer call() throws IOException {
        Threads.apply(training.threads);
        checkOptions();
        ModelDirectory.Contents resumed = null;
        if (training.resume != null) {
            resumed = ModelDirs.load(spec.commandLine(), "--resume", training.resume);
            ModelDirs.requireTask(resumed, training.resume, "train --task " + task, task.name());
            if (resumed.training() == null) {
                throw new InvalidInputException("cannot resume from " + training.resume
                        + ": it holds weights only, no training state");
            }
        }
        Path dir = out != null ? out : training.resume;
        checkOutputDirectory(dir);
        ModelDirs.requireFile(spec.commandLine(), "--data", data);
        HyperParameters hp = hyperParameters(resumed);
        TrainingHistory history = new TrainingHistory();
        try (InterruptCleanup cleanup = InterruptCleanup.watch(dir)) {
            return switch (task) {
                case lm -> trainLanguageModel(hp, resumed, dir, history);
                case forecast -> trainForecaster(hp, dir, history);
                case classify -> trainClassifier(hp, dir, history);
            };
        } catch (DivergenceException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------ settings

    private void checkOptions() {
        CommandLine cl = spec.commandLine();
        if (out == null && training.resume == null) {
            throw new CommandLine.ParameterException(cl, "Missing required option: '--out=DIR'"
                    + " (or --resume DIR to continue a run in place)");
        }
        if (training.clipNorm != null && training.clipValue != null) {
            throw new CommandLine.ParameterException(cl, "--clip-norm and --clip-value cannot be combined; give one");
        }
        requireFor(Task.lm, "--seq-len", lm.seqLen != null);
        requireFor(Task.lm, "--embedding", lm.embedding != null);
        requireFor(Task.classify, "--bidirectional", Boolean.TRUE.equals(model.bidirectional));
        requireFor(Task.forecast, "--target", forecast.targets != null);
        requireFor(Task.forecast, "--time-col", forecast.timeColumn != null);
        requireFor(Task.forecast, "--test", forecast.test != null);
        requireFor(Task.forecast, "--window", forecast.window != null);
        requireFor(Task.forecast, "--season", forecast.season != null);
        requireFor(Task.forecast, "--log", forecast.log != null);
        requireFor(Task.classify, "--split-col", classify.splitColumn != null);
        requireFor(Task.classify, "--label-col", classify.labelColumn != null);
        requireFor(Task.classify, "--id-col", classify.idColumn != null);
        requireFor(Task.classify, "--order-col", classify.orderColumn != null);
        requireFor(Task.classify, "--feature-cols", classify.featureColumns != null);
        requireFor(Task.classify, "--sequence-col", classify.sequenceColumn != null);
        if (task == Task.forecast && (forecast.targets == null || forecast.targets.isEmpty())) {
            throw new CommandLine.ParameterException(cl,
                    "--task forecast needs --target COL (the column(s) to forecast)");
        }
        if (task == Task.classify) {
            if (classify.labelColumn == null) {
                throw new CommandLine.ParameterException(cl, "--task classify needs --label-col COL");
            }
            if (classify.sequenceColumn == null && (classify.idColumn == null || classify.orderColumn == null)) {
                throw new CommandLine.ParameterException(cl, "--task classify needs either --sequence-col COL"
                        + " (one token string per row) or --id-col and --order-col (one row per step)");
            }
            if (classify.sequenceColumn != null && (classify.orderColumn != null || classify.featureColumns != null)) {
                throw new CommandLine.ParameterException(cl, "--sequence-col (one row per sequence) cannot be combined"
                        + " with --order-col or --feature-cols (one row per step)");
            }
        }
        try {
            ForecastSettings.LogMode.parse(forecast.log == null ? "auto" : forecast.log);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "Invalid value for option '--log': expected auto, on or off,"
                    + " got '" + forecast.log + "'");
        }
    }

    /** An option that only one task reads, given for another: a usage error rather than silently ignored. */
    private void requireFor(Task owner, String option, boolean given) {
        if (given && task != owner) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " applies to --task " + owner
                    + " only, not to --task " + task);
        }
    }

    /** Refuses to overwrite another model: a directory with a model must be the one resumed. */
    private void checkOutputDirectory(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadArgumentException(spec.commandLine(), "--out: " + dir + " is a file; expected a directory");
        }
        if (Files.exists(dir.resolve(ModelDirectory.MANIFEST))) {
            boolean resumingIt = training.resume != null && Files.exists(training.resume)
                    && Files.isSameFile(dir, training.resume);
            if (!resumingIt) {
                throw new BadArgumentException(spec.commandLine(), "--out: " + dir + " already holds a model;"
                        + " choose another directory, or continue it with --resume " + dir);
            }
        }
    }

    private HyperParameters defaults() {
        return switch (task) {
            case lm -> LmTraining.defaultHyperParameters();
            case forecast -> ForecastRunner.defaultHyperParameters();
            case classify -> ClassifyRunner.defaultHyperParameters();
        };
    }

    /** Options given, else the resumed run's settings, else the task's defaults. */
    private HyperParameters hyperParameters(ModelDirectory.Contents resumed) {
        HyperParameters hp = resumed != null
                ? SavedHyperParameters.read(resumed.task(), training.resume.resolve(ModelDirectory.MANIFEST).toString())
                : defaults();
        try {
            if (model.cell != null) {
                hp = hp.withCell(model.cell);
            }
            if (model.activation != null) {
                hp = hp.withActivation(model.activation);
            }
            if (model.hidden != null) {
                hp = hp.withHiddenSize(model.hidden);
            }
            if (model.layers != null) {
                hp = hp.withLayers(model.layers);
            }
            if (model.bidirectional != null) {
                hp = hp.withBidirectional(model.bidirectional);
            }
            if (model.dropout != null) {
                hp = hp.withDropout(model.dropout);
            }
            if (training.batch != null) {
                hp = hp.withBatchSize(training.batch);
            }
            if (training.optimizer != null) {
                OptimizerSpec o = hp.optimizer();
                hp = hp.withOptimizer(
                        o.withName(training.optimizer));
            }
            if (training.lr != null) {
                hp = hp.withLearningRate(training.lr);
            }
            if (training.clipNorm != null) {
                hp = hp.withClip(ClipConfig.norm(training.clipNorm));
            }
            if (training.clipValue != null) {
                hp = hp.withClip(ClipConfig.value(training.clipValue));
            }
            if (training.seed != null) {
                hp = hp.withSeed(training.seed);
            }
            if (training.steps != null || training.epochs != null || training.timeBudget != null) {
                hp = hp.withLimits(training.steps == null ? 0 : training.steps,
                        training.epochs == null ? 0 : training.epochs,
                        training.timeBudget == null ? 0 : training.timeBudget);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return hp;
    }

    private RunOptions runOptions(Path dir, TrainingProgress progress, TrainingHistory history,
            int defaultValidateEvery) {
        RunOptions options = RunOptions.none().withListener(progress).withListener(history)
                .withCheckpoints(dir, training.checkpointEvery)
                .withValidateEvery(training.validateEvery != null ? training.validateEvery : defaultValidateEvery);
        return training.resume != null ? options.withResume(training.resume) : options;
    }

    // ------------------------------------------------------------------------------------------ tasks

    private int trainLanguageModel(HyperParameters hp, ModelDirectory.Contents resumed, Path dir,
            TrainingHistory history)
            throws IOException {
        LmSettings settings = LmTraining.defaultSettings();
        double valFraction = 0.1;
        if (resumed != null) {
            LmSettings saved = LmTraining.settingsOf(resumed.task(), training.resume.toString());
            settings = saved != null ? saved : settings;
            valFraction = resumed.task().path("data").path("validation_fraction").asDouble(valFraction);
        }
        if (lm.seqLen != null) {
            settings = settings.withSequenceLength(lm.seqLen);
        }
        if (lm.embedding != null) {
            settings = settings.withEmbeddingSize(lm.embedding);
        }
        if (training.valFraction != null) {
            valFraction = training.valFraction;
        }
        CharCorpus corpus = CharCorpus.split(TextFiles.readUtf8(data), valFraction);
        long stepsPerEpoch = (((corpus.train().length - 1L) / hp.batchSize()) + settings.sequenceLength() - 1)
                / settings.sequenceLength();
        LmResult result;
        try (TrainingProgress progress = progress(hp, stepsPerEpoch, "chars",
                TrainingProgress.LossView.BITS_PER_CHARACTER)) {
            result = LmTraining.train(corpus, hp, settings, runOptions(dir, progress, history, 100));
        }
        TrainingSummary s = result.summary();
        JsonResult json = common(s, dir);
        json.put("train_bpc", s.trainLoss() / Math.log(2));
        json.put("val_bpc", result.validation() == null ? Double.NaN : result.validation().bitsPerCharacter());
        json.put("val_perplexity", result.validation() == null ? Double.NaN : result.validation().perplexity());
        json.put("val_characters", result.validation() == null ? 0 : result.validation().predictions() + 1);
        json.put("val_skipped", corpus.validationSkipped());
        json.put("vocabulary", corpus.vocabulary().size());

        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "trained a character language model: %s%n", dir);
        printRun(o, s, "chars");
        o.printf(Locale.ROOT, "  vocabulary %d characters; training loss %.4f bits/char%n", corpus.vocabulary().size(),
                s.trainLoss() / Math.log(2));
        if (result.validation() != null) {
            o.printf(Locale.ROOT, "  validation %.4f bits/char, perplexity %.3f, over %d characters%s%n",
                    result.validation().bitsPerCharacter(), result.validation().perplexity(),
                    result.validation().predictions() + 1,
                    corpus.validationSkipped() > 0
                            ? " (" + corpus.validationSkipped() + " unseen characters skipped)"
                            : "");
        } else {
            o.println("  no validation part (--val-fraction 0)");
        }
        TrainingReport report = report("Character language model", dir, s, hp);
        report.table(settingsTable(Map.of("sequence length", Integer.toString(settings.sequenceLength()),
                "embedding", Integer.toString(settings.embeddingSize()),
                "validation fraction", Double.toString(valFraction))));
        report.heading("Results").table(resultsTable(json));
        lossCharts(report, history, "bits per character", v -> v / Math.log(2), hp);
        return finish(dir, report, json);
    }

    private int trainForecaster(HyperParameters hp, Path dir, TrainingHistory history) throws IOException {
        CsvTable table = CsvTable.read(data);
        int season = forecast.season == null ? 0 : forecast.season;
        int test = forecast.test != null
                ? forecast.test
                : season > 0 ? season : Math.max(1, table.rowCount() / 10);
        ForecastSettings settings;
        try {
            settings = ForecastSettings.of(forecast.targets).withTimeColumn(forecast.timeColumn).withTest(test)
                    .withSeason(season)
                    .withLog(ForecastSettings.LogMode.parse(forecast.log == null ? "auto" : forecast.log));
            if (forecast.window != null) {
                settings = settings.withWindow(forecast.window);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ForecastData fd = ForecastData.fromCsv(table, settings);
        ForecastResult result;
        try (TrainingProgress progress = progress(hp, -1, "windows", TrainingProgress.LossView.MSE)) {
            result = ForecastRunner.train(fd, hp, runOptions(dir, progress, history, 50));
        }
        TrainingSummary s = result.summary();
        JsonResult json = common(s, dir);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "trained a forecaster of %s: %s%n", String.join(", ", fd.targets()), dir);
        printRun(o, s, "windows");
        TrainingReport report = report("Forecaster of " + String.join(", ", fd.targets()), dir, s, hp);
        report.table(settingsTable(Map.of("targets", String.join(", ", fd.targets()),
                "season", Integer.toString(settings.season()), "test rows", Integer.toString(test),
                "training rows", Integer.toString(fd.trainRows()))));
        ForecastEvaluation ev = result.evaluation();
        if (ev != null) {
            EvalCommand.putForecastMetrics(json, ev);
            EvalCommand.printForecastMetrics(o, ev, test);
        }
        report.heading("Results").table(resultsTable(json));
        if (ev != null) {
            double[][] train = fd.trainPart();
            for (int k = 0; k < ev.targets().size(); k++) {
                report.chart("forecast-" + k + ".png", "Forecast of the " + test + " held-out rows of "
                        + ev.targets().get(k) + " from the rows before them, with the naive baselines",
                        TrainingCharts.forecast(ev.targets().get(k), column(train, k), column(ev.actual(), k),
                                column(ev.forecast(), k), column(ev.naive(), k), column(ev.seasonalNaive(), k),
                                Math.max(3 * test, 4 * Math.max(1, settings.season()))));
            }
        }
        lossCharts(report, history, "mean squared error (normalized)", v -> v, hp);
        return finish(dir, report, json);
    }

    private int trainClassifier(HyperParameters hp, Path dir, TrainingHistory history) throws IOException {
        CsvTable table = CsvTable.read(data);
        ClassifySettings settings;
        try {
            settings = classify.sequenceColumn != null
                    ? ClassifySettings.perRow(classify.sequenceColumn, classify.labelColumn)
                            .withIdColumn(classify.idColumn)
                    : ClassifySettings.longForm(classify.idColumn, classify.orderColumn, classify.labelColumn);
            if (classify.featureColumns != null) {
                settings = settings.withFeatureColumns(classify.featureColumns);
            }
            settings = settings.withSplitColumn(classify.splitColumn != null
                    ? classify.splitColumn
                    : ClassifySettings.DEFAULT_SPLIT_COLUMN).withSeed(hp.seed());
            if (training.valFraction != null) {
                settings = settings.withValidationFraction(training.valFraction);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ClassificationData cd = ClassificationData.fromCsv(table, settings);
        long stepsPerEpoch = (cd.train().size() + hp.batchSize() - 1) / hp.batchSize();
        ClassifyResult result;
        try (TrainingProgress progress = progress(hp, stepsPerEpoch, "sequences", TrainingProgress.LossView.NATS)) {
            result = ClassifyRunner.train(cd, hp, runOptions(dir, progress, history, 50));
        }
        TrainingSummary s = result.summary();
        JsonResult json = common(s, dir);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "trained a classifier of %d classes: %s%n", cd.encoding().classNames().size(), dir);
        printRun(o, s, "sequences");
        o.println("  held out: " + cd.splitDescription());
        TrainingReport report = report("Sequence classifier", dir, s, hp);
        report.table(settingsTable(Map.of("classes", String.join(", ", cd.encoding().classNames()),
                "split", cd.splitDescription())));
        ClassificationMetrics m = result.validation();
        if (m != null) {
            EvalCommand.putClassificationMetrics(json, m);
            EvalCommand.printClassificationMetrics(o, m);
        }
        report.heading("Results").table(resultsTable(json));
        if (m != null) {
            report.chart("confusion.png",
                    "Confusion matrix of the " + m.count() + " held-out sequences (rows: true class)",
                    TrainingCharts.confusion(m.classNames(), m.confusion()));
        }
        lossCharts(report, history, "cross-entropy (nats)", v -> v, hp);
        return finish(dir, report, json);
    }

    // ------------------------------------------------------------------------------------------ output

    private TrainingProgress progress(HyperParameters hp, long stepsPerEpoch, String unit,
            TrainingProgress.LossView view) {
        return new TrainingProgress(spec.commandLine().getErr(), TrainingProgress.Mode.choose(output.quiet),
                hp.limits(),
                stepsPerEpoch, unit, view);
    }

    private JsonResult common(TrainingSummary s, Path dir) {
        JsonResult json = new JsonResult();
        json.put("task", task.name());
        json.put("model", dir.toString());
        json.put("steps", s.steps());
        json.put("tokens_per_s", s.positionsPerSecond());
        json.put("train_loss", s.trainLoss());
        json.put("val_loss", s.validationLoss());
        json.put("elapsed_s", s.elapsedSeconds());
        json.put("stop_reason", s.stopReason());
        return json;
    }

    private static void printRun(PrintWriter o, TrainingSummary s, String unit) {
        o.printf(Locale.ROOT, "  %d steps in %s (%s reached), %s %s/s%n", s.steps(),
                TrainingProgress.clock(s.elapsedSeconds()),
                s.stopReason(), TrainingProgress.rate(s.positionsPerSecond()), unit);
    }

    private TrainingReport report(String title, Path dir, TrainingSummary s, HyperParameters hp) {
        TrainingReport report = new TrainingReport(title + " — rnn4j");
        Map<String, String> run = new LinkedHashMap<>();
        run.put("task", task.name());
        run.put("data", data.toAbsolutePath().normalize().toString());
        run.put("model directory", dir.toAbsolutePath().normalize().toString());
        if (training.resume != null) {
            run.put("resumed from", training.resume.toAbsolutePath().normalize().toString());
        }
        run.put("steps", Integer.toString(s.steps()));
        run.put("training time", TrainingProgress.clock(s.elapsedSeconds()) + " (" + s.stopReason() + " reached)");
        run.put("kernels", Main.kernels().name());
        run.put("rnn4j", VersionProvider.rnn4jVersion());
        report.heading("Run").table(run);
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

    private static Map<String, String> settingsTable(Map<String, String> extra) {
        return new java.util.TreeMap<>(extra);
    }

    /** The scalar results of the JSON line, as a table. */
    private static Map<String, String> resultsTable(JsonResult json) {
        Map<String, String> rows = new LinkedHashMap<>();
        json.root().fields().forEachRemaining(e -> {
            if (!e.getKey().equals("model") && !e.getKey().equals("task")) {
                rows.put(e.getKey(), e.getValue().isNumber() && e.getValue().isFloatingPointNumber()
                        ? String.format(Locale.ROOT, "%.5g", e.getValue().asDouble())
                        : e.getValue().toString());
            }
        });
        return rows;
    }

    private static void lossCharts(TrainingReport report, TrainingHistory h, String unit,
            java.util.function.DoubleUnaryOperator transform, HyperParameters hp) {
        if (h.steps.isEmpty()) {
            report.paragraph("No training step ran in this run (the limit was already reached), so there is nothing"
                    + " to plot.");
            return;
        }
        report.heading("Training");
        report.chart("loss.png", "Training loss per step and its moving average; validation loss",
                TrainingCharts.loss(h.steps, h.losses, h.validationSteps, h.validationLosses, unit, transform));
        double threshold = hp.clip().mode() == ClipConfig.Mode.NORM ? hp.clip().threshold() : Double.NaN;
        report.chart("grad-norm.png", "Global gradient norm before clipping", TrainingCharts.gradientNorm(h.steps,
                h.gradNorms, threshold));
        report.chart("clip-rate.png", String.format(Locale.ROOT, "Share of steps whose gradients were clipped"
                + " (%.1f%% over the run)", 100 * h.clipRate()), TrainingCharts.clipRate(h.steps, h.clipped));
    }

    /** Writes metrics.json and the report into the model directory, then prints the JSON line. */
    private int finish(Path dir, TrainingReport report, JsonResult json) throws IOException {
        AtomicFiles.writeString(dir.resolve(InspectCommand.METRICS_FILE), json.root().toPrettyString() + "\n");
        PrintWriter o = spec.commandLine().getOut();
        if (!output.noReport) {
            report.write(dir);
            o.println("  report: " + dir.resolve(TrainingReport.FILE));
        }
        if (output.json) {
            json.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }

    static double[] column(double[][] a, int k) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i][k];
        }
        return c;
    }

    static ArrayNode confusionJson(int[][] confusion, ArrayNode into) {
        for (int[] row : confusion) {
            ArrayNode r = into.addArray();
            Arrays.stream(row).forEach(r::add);
        }
        return into;
    }

    static ObjectNode metricsJson(ObjectNode node, ForecastMetrics m) {
        JsonResult.number(node, "rmse", m.rmse());
        JsonResult.number(node, "mae", m.mae());
        JsonResult.number(node, "mase", m.mase());
        JsonResult.number(node, "smape", m.smape());
        return node;
    }
}
