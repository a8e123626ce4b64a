package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.classify.ClassificationData;
import org.rnn4j.classify.ClassificationMetrics;
import org.rnn4j.classify.ClassifierBlend;
import org.rnn4j.classify.ClassifyResult;
import org.rnn4j.classify.ClassifierHead;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.classify.ClassifySettings;
import org.rnn4j.classify.CrossValidation;
import org.rnn4j.cli.report.Numbers;
import org.rnn4j.cli.report.ReportSections;
import org.rnn4j.cli.report.TrainingReport;
import org.rnn4j.data.CsvTable;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TrainingSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j train classify --data FILE.csv --label-col COL --out DIR}: a classifier of labelled
 * sequences, in long form (one row per step: {@code --id-col}, {@code --order-col}) or one token string
 * per row ({@code --sequence-col}). A split column's test part, else a stratified {@code --test-fraction}
 * of each class, is held out and scored; a stratified {@code --val-fraction} of the training sequences
 * is the validation that early stopping watches. {@code --folds K} cross-validates first.
 */
@Command(name = "classify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        modelTransformer = TrainTaskCommand.DefaultsInHelp.class,
        description = {
            "Trains a classifier of labelled sequences in a CSV, one row per step or one token string per row.",
            "The sequences the split column marks test or validation (else a stratified --test-fraction of each"
                    + " class) are held out and scored; a stratified --val-fraction of the training sequences is the"
                    + " validation that early stopping watches. --folds K first scores K models by stratified"
                    + " cross-validation.",
        })
final class TrainClassifyCommand extends TrainTaskCommand {

    @Option(names = "--label-col", required = true, paramLabel = "COL", description = "The class of each sequence.")
    String labelColumn;

    @Option(names = "--id-col", paramLabel = "COL",
            description = "Long form: the sequence id; per row: optional names for outputs.")
    String idColumn;

    @Option(names = "--order-col", paramLabel = "COL", description = "Long form: the step order within a sequence.")
    String orderColumn;

    @Option(names = "--feature-cols", paramLabel = "COL", split = ",", showDefaultValue = Help.Visibility.NEVER,
            description = "Long form: the numeric inputs. Default: every other numeric column.")
    List<String> featureColumns;

    @Option(names = "--sequence-col", paramLabel = "COL",
            description = "One row per sequence: the column whose characters are the tokens.")
    String sequenceColumn;

    @Option(names = "--split-col", paramLabel = "COL", defaultValue = ClassifySettings.DEFAULT_SPLIT_COLUMN,
            description = "A column saying train or test/validation per sequence, used when present.")
    String splitColumn;

    @Option(names = "--bidirectional", negatable = true, showDefaultValue = Help.Visibility.NEVER,
            description = "Read each sequence both ways (--no-bidirectional: forwards only). Default: on.")
    Boolean bidirectional;

    @Option(names = "--test-fraction", paramLabel = "F", converter = OptionValues.Fraction.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "The share of each class held out and scored when the CSV has no split column."
                    + " Default: 0.2.")
    Double testFraction;

    @Option(names = "--class-weights", paramLabel = "MODE", converter = ClassWeightsMode.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "none, or balanced: class c weighs n/(C·n_c) in the loss, for recall on rare classes"
                    + " at some cost in accuracy. Default: none.")
    ClassifySettings.ClassWeights classWeights;

    @Option(names = "--head", paramLabel = "HEAD", converter = HeadOption.class, defaultValue = "auto",
            description = "Where the head reads the recurrent outputs: max (each unit's maximum over time), last (the"
                    + " final states), all-steps (every step side by side, for sequences of one length) or auto"
                    + " (all-steps for token sequences of one length, else max).")
    ClassifierHead head;

    @Option(names = "--linear", paramLabel = "MODE", converter = LinearOption.class, defaultValue = "auto",
            description = "auto: also fit a logistic regression (its L2 by 5-fold cross-validation) on the"
                    + " position-wise code of token sequences of one length, or on each feature's summary of dense"
                    + " sequences, and mix its class probabilities with the network's at the weight out-of-fold"
                    + " predictions prefer; off: the network alone.")
    ClassifierBlend.Mode linear;

    @Option(names = "--folds", paramLabel = "K", converter = OptionValues.PositiveInt.class,
            description = "Score K models by stratified K-fold cross-validation of the training sequences"
                    + " (mean ± sd over the folds), then train the saved model on all of them. K is at most the"
                    + " training sequences of the smallest class. Each fold trains as the saved model does, with the"
                    + " same --time-budget, so the run takes up to K + 1 times the budget.")
    Integer folds;

    @Mixin
    TrainCommonOptions common;

    TrainClassifyCommand() {
        super("classify", 0, ClassifyRunner::defaultHyperParameters);
    }

    @Override
    TrainCommonOptions common() {
        return common;
    }

    /** {@code --head}: auto, max, last or all-steps. */
    static final class HeadOption extends OptionValues.Named<ClassifierHead> {
        HeadOption() {
            super(ClassifierHead::parse, "auto, max, last or all-steps");
        }
    }

    /** {@code --linear}: auto or off. */
    static final class LinearOption extends OptionValues.Named<ClassifierBlend.Mode> {
        LinearOption() {
            super(ClassifierBlend.Mode::parse, "auto or off");
        }
    }

    /** {@code --class-weights}: none or balanced. */
    static final class ClassWeightsMode extends OptionValues.Named<ClassifySettings.ClassWeights> {
        ClassWeightsMode() {
            super(ClassifySettings.ClassWeights::parse, "none or balanced");
        }
    }

    @Override
    Map<String, String> taskHelpDefaults() {
        return Map.of("--val-fraction", Double.toString(ClassifySettings.DEFAULT_VALIDATION_FRACTION),
                "--validate-every", "about once an epoch, " + ClassifyRunner.MIN_VALIDATE_EVERY + " to "
                        + ClassifyRunner.MAX_VALIDATE_EVERY + " steps",
                "--id-col", "none", "--order-col", "none", "--sequence-col", "none", "--folds",
                "none (no cross-validation)");
    }

    @Override
    String taskDefaultsDescription() {
        return ", validation about once an epoch (" + ClassifyRunner.MIN_VALIDATE_EVERY + " to "
                + ClassifyRunner.MAX_VALIDATE_EVERY + " steps) on "
                + percent(ClassifySettings.DEFAULT_VALIDATION_FRACTION)
                + " of the training sequences";
    }

    private static String percent(double f) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * f);
    }

    @Override
    void checkTaskOptions() {
        if (sequenceColumn == null && (idColumn == null || orderColumn == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "train classify needs either --sequence-col"
                    + " COL (one token string per row) or --id-col and --order-col (one row per step)");
        }
        if (sequenceColumn != null && (orderColumn != null || featureColumns != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sequence-col (one row per sequence) cannot"
                    + " be combined with --order-col or --feature-cols (one row per step)");
        }
        if (folds != null && folds < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--folds must be at least 2 (each fold is scored by a model trained on the others), got " + folds);
        }
        if (folds != null && resumeDir() != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--folds cannot be combined with --resume: the cross-validation trains new models");
        }
    }

    @Override
    HyperParameters applyTaskOptions(HyperParameters hp) {
        return bidirectional != null ? hp.withBidirectional(bidirectional) : hp;
    }

    @Override
    int train(Run run) throws IOException {
        HyperParameters hp = run.hp();
        CsvTable table = CsvTable.read(dataFile());
        ClassifySettings settings;
        try {
            settings = sequenceColumn != null
                    ? ClassifySettings.perRow(sequenceColumn, labelColumn).withIdColumn(idColumn)
                    : ClassifySettings.longForm(idColumn, orderColumn, labelColumn);
            if (featureColumns != null) {
                settings = settings.withFeatureColumns(featureColumns);
            }
            settings = settings.withSplitColumn(splitColumn).withSeed(hp.seed());
            if (run.resumed() != null) {
                settings = ClassifyRunner.savedSettings(run.resumed().task(), settings);
            }
            if (folds != null && !table.hasColumn(splitColumn)) {
                // the folds score every sequence: the saved model then trains on all of them
                settings = settings.withTestFraction(0);
            }
            if (testFraction != null) {
                settings = settings.withTestFraction(testFraction);
            }
            if (valFraction() != null) {
                settings = settings.withValidationFraction(valFraction());
            }
            if (classWeights != null) {
                settings = settings.withClassWeights(classWeights);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ClassificationData cd = ClassificationData.fromCsv(table, settings);
        CrossValidation cv = null;
        if (folds != null) {
            cv = crossValidate(cd, hp);
        }
        long stepsPerEpoch = (cd.train().size() + hp.batchSize() - 1) / hp.batchSize();
        int blendFolds = ClassifyRunner.blendFolds(cd, linear);
        if (blendFolds > 0 && !common.quiet) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "rnn4j: after this network, %d more (one a fold, quietly) choose the weight of the"
                    + " linear blend, if the time budget holds them (else the validation part does; --linear off:"
                    + " none)%n", blendFolds);
            err.flush();
        }
        ClassifyResult result;
        long started = System.nanoTime();
        try (TrainingProgress progress = progress(run, stepsPerEpoch, "sequences", TrainingProgress.LossView.NATS)) {
            result = ClassifyRunner.train(cd, hp, runOptions(run, progress), head, linear);
        }
        TrainingSummary s = result.summary();
        // what the run took beyond the network's training: the blend's folds and fits, and scoring the test
        double after = Math.max(0, (System.nanoTime() - started) / 1e9 - s.elapsedSeconds());
        JsonResult json = MetricsJson.training(task(), run.dir(), s);
        PrintWriter o = stdout();
        o.printf(Locale.ROOT, "trained a classifier of %d classes: %s%n", cd.encoding().classNames().size(),
                run.dir());
        MetricsText.run(o, s, "sequences", "nats");
        o.println("  validation: " + cd.validationDescription());
        o.println("  held out: " + cd.splitDescription());
        String kept = result.model().blend() == null ? "the network alone" : result.model().blend().describe();
        o.println("  model: " + kept);
        if (result.model().blend() != null) {
            o.printf(Locale.ROOT, "  the blend took %s after the network's run%n", Numbers.clock(after));
            MetricsJson.blend(json, result.model().blend());
            json.put("blend_seconds", after);
        }
        TrainingReport report = report("Sequence classifier", run, s);
        ReportSections.taskSettings(report, Map.of("classes", String.join(", ", cd.encoding().classNames()),
                "split", cd.splitDescription(), "validation", cd.validationDescription(), "class weights",
                cd.settings().classWeights().id(), "model", kept));
        if (cv != null) {
            MetricsJson.crossValidation(json, cv);
            MetricsText.crossValidation(o, cv);
        }
        ClassificationMetrics m = result.test();
        if (m != null) {
            MetricsJson.classification(json, m);
            MetricsText.classification(o, m);
        }
        ReportSections.results(report, json.root(), "sequences");
        if (m != null) {
            ReportSections.confusion(report, m);
        }
        ReportSections.training(report, run.history(), "cross-entropy (nats)", v -> v, hp.clip());
        return finish(run, report, json);
    }

    /** The cross-validation of the training sequences, a line per fold on standard error unless --quiet. */
    private CrossValidation crossValidate(ClassificationData cd, HyperParameters hp) throws IOException {
        RunOptions options = RunOptions.none();
        if (common.training.validateEvery != null) {
            options = options.withValidateEvery(common.training.validateEvery);
        }
        PrintWriter err = spec.commandLine().getErr();
        cd.requireFolds(folds);
        if (!common.quiet && hp.timeBudgetSeconds() > 0) {
            // the folds estimate the saved model's accuracy only if they train as it does, budget included
            err.printf(Locale.ROOT, "rnn4j: %d fold models, then the saved one, each within --time-budget %s: up to %s"
                    + " in all%n", folds, Numbers.clock(hp.timeBudgetSeconds()),
                    Numbers.clock((folds + 1) * hp.timeBudgetSeconds()));
            err.flush();
        }
        return ClassifyRunner.crossValidate(cd, folds, hp, options, head, linear, (i, r) -> {
            if (!common.quiet) {
                err.printf(Locale.ROOT, "rnn4j: fold %d of %d: accuracy %.4f over %d sequences, best step %d of %d%n",
                        i + 1, folds, r.test().accuracy(), r.test().count(), r.summary().bestStep(),
                        r.summary().steps());
                err.flush();
            }
        });
    }
}
