package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.InvalidInputException;
import org.rnn4j.cli.report.ReportSections;
import org.rnn4j.cli.report.TrainingHistory;
import org.rnn4j.cli.report.TrainingReport;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.lm.LmResult;
import org.rnn4j.lm.LmSettings;
import org.rnn4j.lm.LmTraining;
import org.rnn4j.spark.Reduction;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.DivergenceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j spark-train lm --master URL --data PATH --out DIR}: {@code rnn4j train lm} on Spark.
 * The model directory is the one {@code train lm} writes; {@code --resume} continues it exactly.
 * Spark's classes are touched only through {@link SparkRuns}, so this command's help and usage errors
 * work without Spark on the class path.
 */
@Command(name = "lm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Trains a character language model on Spark, step for step as 'rnn4j train lm' does with the same"
                    + " global --batch.",
            "The B streams are split over --partitions; their state stays with them. Validation, early stopping"
                    + " on the best weights and checkpoints run on the driver, as in 'rnn4j train lm'.",
        })
final class SparkTrainLmCommand implements Callable<Integer>, HelpLayout.ComputedDefaults {

    /** The language model's setting defaults, as {@code train lm} shows them. */
    @Override
    public java.util.Map<String, String> helpDefaults() {
        java.util.Map<String, String> d = TrainTaskCommand.settingDefaults(LmTraining.defaultHyperParameters(), 0);
        d.put("--validate-every", "the task's own interval");
        d.put("--val-fraction", "0.1");
        return d;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    SparkTrainOptions spark;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "Text file(s) as Spark reads them (a path, a directory, hdfs://, s3a://...), line by"
                    + " line with each newline kept.")
    String data;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The model directory to create (on the driver). Default: none; with --resume, the resumed"
                    + " directory.")
    Path out;

    @Option(names = "--seq-len", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Characters per truncated-BPTT chunk. Default: 64.")
    Integer seqLen;

    @Option(names = "--embedding", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Width of a character's embedding. Default: 64.")
    Integer embedding;

    @Mixin
    TrainCommonOptions common;

    @Override
    public Integer call() throws IOException {
        common.threads.apply();
        CommandLine cl = spec.commandLine();
        Reduction mode = spark.reduction(cl);
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
        HyperParameters hp = LmTraining.defaultHyperParameters();
        LmSettings settings = LmTraining.defaultSettings();
        double valFraction = 0.1;
        if (t.resume != null) {
            ModelDirectory.Contents resumed = ModelDirs.load(cl, "--resume", t.resume);
            ModelDirs.requireTask(resumed, t.resume, "spark-train lm", "lm");
            String where = t.resume.resolve(ModelDirectory.MANIFEST).toString();
            hp = SavedHyperParameters.read(resumed.task(), where);
            LmSettings saved = LmTraining.settingsOf(resumed.task(), where);
            settings = saved != null ? saved : settings;
            valFraction = resumed.task().path("data").path("validation_fraction").asDouble(valFraction);
        }
        try {
            hp = t.applyTo(common.architecture.applyTo(hp));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        if (seqLen != null) {
            settings = settings.withSequenceLength(seqLen);
        }
        if (embedding != null) {
            settings = settings.withEmbeddingSize(embedding);
        }
        if (t.valFraction != null) {
            valFraction = t.valFraction;
        }
        SparkRuns.requireSpark();
        TrainingHistory history = new TrainingHistory();
        LmResult result;
        long stepsPerEpoch = -1;
        try (TrainingProgress progress = new TrainingProgress(cl.getErr(), TrainingProgress.Mode.choose(common.quiet),
                hp.limits(), stepsPerEpoch, "chars", TrainingProgress.LossView.BITS_PER_CHARACTER,
                settings.validationSlice() > 0
                        ? "val (" + TrainLmCommand.sliceSize(settings.validationSlice())
                                + " slice)"
                        : "val")) {
            RunOptions options = RunOptions.none().withListener(progress).withListener(history)
                    .withCheckpoints(dir, t.checkpointEvery)
                    .withValidateEvery(t.validateEvery != null ? t.validateEvery : 0);
            if (t.resume != null) {
                options = options.withResume(t.resume);
            }
            result = SparkRuns.trainLm(spark.master, data, valFraction, hp, settings, spark.partitions, mode, options);
        } catch (DivergenceException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        TrainingSummary s = result.summary();
        JsonResult json = MetricsJson.training("lm", dir, s);
        MetricsJson.languageModelTraining(json, s, result.validation(),
                result.validation() == null ? 0 : result.validation().skipped(), result.model().vocabulary().size());
        PrintWriter o = cl.getOut();
        o.printf(Locale.ROOT, "trained a character language model on Spark: %s%n", dir);
        MetricsText.run(o, s, "chars", "nats");
        o.printf(Locale.ROOT, "  vocabulary %d characters; training loss %.4f bits/char%n",
                result.model().vocabulary().size(), s.trainLoss() / Math.log(2));
        if (result.validation() != null) {
            o.printf(Locale.ROOT, "  validation %.4f bits/char over the first %d held-out characters%n",
                    result.validation().bitsPerCharacter(), result.validation().predictions() + 1);
        }
        AtomicFiles.writeString(dir.resolve(MetricsJson.FILE), json.root().toPrettyString() + "\n");
        if (!common.noReport) {
            TrainingReport report = ReportSections.start("Character language model on Spark",
                    new ReportSections.Run("lm", Path.of(data), dir, t.resume, Main.kernels().name(),
                            VersionProvider.rnn4jVersion()),
                    s, hp);
            ReportSections.taskSettings(report, Map.of("sequence length", Integer.toString(settings.sequenceLength()),
                    "embedding", Integer.toString(settings.embeddingSize()),
                    "validation fraction", Double.toString(valFraction)));
            ReportSections.results(report, json.root(), "chars");
            ReportSections.training(report, history, "bits per character", v -> v / Math.log(2), hp.clip());
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
