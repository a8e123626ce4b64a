package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.classify.ClassificationData;
import org.rnn4j.classify.ClassificationMetrics;
import org.rnn4j.classify.ClassifyResult;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.classify.ClassifySettings;
import org.rnn4j.cli.report.ReportSections;
import org.rnn4j.cli.report.TrainingReport;
import org.rnn4j.data.CsvTable;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.TrainingSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j train classify --data FILE.csv --label-col COL --out DIR}: a classifier of labelled
 * sequences, in long form (one row per step: {@code --id-col}, {@code --order-col}) or one token string
 * per row ({@code --sequence-col}). A split column is honoured; without one a stratified share of each
 * class is held out.
 */
@Command(name = "classify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        modelTransformer = TrainTaskCommand.DefaultsInHelp.class,
        description = {
            "Trains a classifier of labelled sequences in a CSV, one row per step or one token string per row.",
            "The sequences the split column marks test or validation (else a stratified --val-fraction of each"
                    + " class) are held out and scored.",
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
            description = "Read each sequence both ways. Default: off.")
    Boolean bidirectional;

    @Mixin
    TrainCommonOptions common;

    TrainClassifyCommand() {
        super("classify", 50, ClassifyRunner::defaultHyperParameters);
    }

    @Override
    TrainCommonOptions common() {
        return common;
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
            if (valFraction() != null) {
                settings = settings.withValidationFraction(valFraction());
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ClassificationData cd = ClassificationData.fromCsv(table, settings);
        long stepsPerEpoch = (cd.train().size() + hp.batchSize() - 1) / hp.batchSize();
        ClassifyResult result;
        try (TrainingProgress progress = progress(run, stepsPerEpoch, "sequences", TrainingProgress.LossView.NATS)) {
            result = ClassifyRunner.train(cd, hp, runOptions(run, progress));
        }
        TrainingSummary s = result.summary();
        JsonResult json = MetricsJson.training(task(), run.dir(), s);
        PrintWriter o = stdout();
        o.printf(Locale.ROOT, "trained a classifier of %d classes: %s%n", cd.encoding().classNames().size(),
                run.dir());
        MetricsText.run(o, s, "sequences");
        o.println("  held out: " + cd.splitDescription());
        TrainingReport report = report("Sequence classifier", run, s);
        ReportSections.taskSettings(report, Map.of("classes", String.join(", ", cd.encoding().classNames()),
                "split", cd.splitDescription()));
        ClassificationMetrics m = result.validation();
        if (m != null) {
            MetricsJson.classification(json, m);
            MetricsText.classification(o, m);
        }
        ReportSections.results(report, json.root());
        if (m != null) {
            ReportSections.confusion(report, m);
        }
        ReportSections.training(report, run.history(), "cross-entropy (nats)", v -> v, hp.clip());
        return finish(run, report, json);
    }
}
