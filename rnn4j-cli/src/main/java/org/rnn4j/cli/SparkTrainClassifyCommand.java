package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.InvalidInputException;
import org.rnn4j.classify.ClassifierBlend;
import org.rnn4j.classify.ClassifyResult;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.classify.ClassifySettings;
import org.rnn4j.cli.report.ReportSections;
import org.rnn4j.cli.report.TrainingHistory;
import org.rnn4j.cli.report.TrainingReport;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.DivergenceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j spark-train classify --master URL --data CSV --sequence-col COL --label-col COL --out DIR}:
 * {@code rnn4j train classify} of one token string a row, on Spark. The model directory is the one
 * {@code train classify} writes; {@code --resume} continues it exactly. Every row trains or validates: hold
 * the test rows out before (and score them with {@code spark-score} or {@code eval}).
 */
@Command(name = "classify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Trains a classifier of token strings (one a row of a CSV with a header) on Spark, step for step as"
                    + " 'rnn4j train classify --test-fraction 0' does with the same global --batch. Dropout masks are"
                    + " drawn per share: with --dropout above 0 a run is reproducible but not the one-machine run.",
            "A stratified --val-fraction of each class is the validation that early stopping watches, on the"
                    + " driver. Every other row trains: hold test rows out beforehand.",
        })
final class SparkTrainClassifyCommand implements Callable<Integer>, HelpLayout.ComputedDefaults {

    /** The classifier's setting defaults, as {@code train classify} shows them. */
    @Override
    public Map<String, String> helpDefaults() {
        Map<String, String> d = TrainTaskCommand.settingDefaults(ClassifyRunner.defaultHyperParameters(), 0);
        d.put("--validate-every", "about once an epoch, " + ClassifyRunner.MIN_VALIDATE_EVERY + " to "
                + ClassifyRunner.MAX_VALIDATE_EVERY + " steps");
        d.put("--val-fraction", Double.toString(ClassifySettings.DEFAULT_VALIDATION_FRACTION));
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

    @Option(names = "--sequence-col", required = true, paramLabel = "COL",
            description = "The column whose characters are a sequence's tokens.")
    String sequenceColumn;

    @Option(names = "--label-col", required = true, paramLabel = "COL", description = "The class of each sequence.")
    String labelColumn;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The model directory to create (on the driver). Default: none; with --resume, the resumed"
                    + " directory.")
    Path out;

    @Option(names = "--bidirectional", negatable = true, showDefaultValue = Help.Visibility.NEVER,
            description = "Read each sequence both ways (--no-bidirectional: forwards only). Default: on.")
    Boolean bidirectional;

    @Option(names = "--class-weights", paramLabel = "MODE", converter = TrainClassifyCommand.ClassWeightsMode.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "none, or balanced: class c weighs n/(C·n_c) in the loss. Default: none.")
    ClassifySettings.ClassWeights classWeights;

    @Option(names = "--linear", paramLabel = "MODE", converter = TrainClassifyCommand.LinearOption.class,
            defaultValue = "auto",
            description = "auto: for token sequences of one length, also fit a position-wise logistic regression on"
                    + " the driver after the network's run and mix its class probabilities with the network's at the"
                    + " weight the validation part prefers (train classify chooses it out of fold); off: the network"
                    + " alone.")
    ClassifierBlend.Mode linear;

    @Mixin
    TrainCommonOptions common;

    @Override
    public Integer call() throws IOException {
        common.threads.apply();
        CommandLine cl = spec.commandLine();
        TrainingOptions t = common.training;
        if (out == null && t.resume == null) {
            throw new CommandLine.ParameterException(cl, "Missing required option: '--out=DIR'"
                    + " (or --resume DIR to continue a run in place)");
        }
        if (t.clipNorm != null && t.clipValue != null) {
            throw new CommandLine.ParameterException(cl, "--clip-norm and --clip-value cannot be combined; give one");
        }
        Path dir = out != null ? out : t.resume;
        ModelDirs.checkOutputDirectory(cl, dir, t.resume, t.overwrite);
        HyperParameters hp = ClassifyRunner.defaultHyperParameters();
        ClassifySettings settings;
        try {
            settings = ClassifySettings.perRow(sequenceColumn, labelColumn).withTestFraction(0);
            if (t.resume != null) {
                ModelDirectory.Contents resumed = ModelDirs.load(cl, "--resume", t.resume);
                ModelDirs.requireTask(resumed, t.resume, "spark-train classify", "classify");
                hp = SavedHyperParameters.read(resumed.task(), t.resume.resolve(ModelDirectory.MANIFEST).toString());
                settings = ClassifyRunner.savedSettings(resumed.task(), settings);
            }
            hp = t.applyTo(common.architecture.applyTo(hp));
            if (bidirectional != null) {
                hp = hp.withBidirectional(bidirectional);
            }
            settings = settings.withSeed(hp.seed());
            if (t.valFraction != null) {
                settings = settings.withValidationFraction(t.valFraction);
            }
            if (classWeights != null) {
                settings = settings.withClassWeights(classWeights);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        SparkRuns.requireSpark();
        TrainingHistory history = new TrainingHistory();
        ClassifyResult result;
        try (TrainingProgress progress = new TrainingProgress(cl.getErr(), TrainingProgress.Mode.choose(common.quiet),
                hp.limits(), -1, "sequences", TrainingProgress.LossView.NATS, "val")) {
            RunOptions options = RunOptions.none().withListener(progress).withListener(history)
                    .withCheckpoints(dir, t.checkpointEvery)
                    .withValidateEvery(t.validateEvery != null ? t.validateEvery : 0);
            if (t.resume != null) {
                options = options.withResume(t.resume);
            }
            result = SparkRuns.trainClassifier(spark.master, data, settings, hp, spark.partitions, spark.reduction(cl),
                    options, linear);
        } catch (DivergenceException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        TrainingSummary s = result.summary();
        JsonResult json = MetricsJson.training("classify", dir, s);
        PrintWriter o = cl.getOut();
        int classes = result.model().encoding().classNames().size();
        o.printf(Locale.ROOT, "trained a classifier of %d classes on Spark: %s%n", classes, dir);
        MetricsText.run(o, s, "sequences", "nats");
        o.printf(Locale.ROOT, "  validation: a stratified %.0f%% of each class's sequences%n",
                100 * settings.validationFraction());
        ClassifierBlend blend = result.model().blend();
        o.println("  model: " + (blend == null ? "the network alone" : blend.describe()));
        if (blend != null) {
            MetricsJson.blend(json, blend);
        }
        AtomicFiles.writeString(dir.resolve(MetricsJson.FILE), json.root().toPrettyString() + "\n");
        if (!common.noReport) {
            TrainingReport report = ReportSections.start("Sequence classifier on Spark",
                    new ReportSections.Run("classify", Path.of(data), dir, t.resume, Main.kernels().name(),
                            VersionProvider.rnn4jVersion()),
                    s, hp);
            ReportSections.taskSettings(report, Map.of("classes", String.join(", ", result.model().encoding()
                    .classNames()), "validation fraction", Double.toString(settings.validationFraction()),
                    "class weights", settings.classWeights().id()));
            ReportSections.results(report, json.root(), "sequences");
            ReportSections.training(report, history, "cross-entropy (nats)", v -> v, hp.clip());
            report.write(dir);
            o.println("  report: " + dir.resolve(TrainingReport.FILE));
        }
        if (common.json.requested()) {
            json.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }
}
