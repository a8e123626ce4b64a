package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.cli.report.ReportSections;
import org.rnn4j.cli.report.TrainingReport;
import org.rnn4j.data.TextFiles;
import org.rnn4j.lm.CharCorpus;
import org.rnn4j.lm.LmResult;
import org.rnn4j.lm.LmSettings;
import org.rnn4j.lm.LmTraining;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.TrainingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j train lm --data FILE --out DIR}: a character language model on a UTF-8 text, trained
 * with truncated backpropagation through time, the state carried between chunks; the last
 * {@code --val-fraction} of the text is held out.
 */
@Command(name = "lm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        modelTransformer = TrainTaskCommand.DefaultsInHelp.class,
        description = {
            "Trains a character language model on any UTF-8 text.",
            "The last --val-fraction of the text is held out and scored as bits per character.",
        })
final class TrainLmCommand extends TrainTaskCommand {

    /** The share of the text held out for validation without {@code --val-fraction}. */
    private static final double DEFAULT_VAL_FRACTION = 0.1;

    @Option(names = "--seq-len", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Characters per truncated-BPTT chunk; the state is carried across chunks.")
    Integer seqLen;

    @Option(names = "--embedding", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Width of a character's embedding.")
    Integer embedding;

    /** Each symbol is a row of the embedding and of the head; 65,536 covers every script's text. */
    @Option(names = "--max-vocab", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            defaultValue = "65536", description = "Refuse a text with more distinct characters than this.")
    int maxVocab;

    @Mixin
    TrainCommonOptions common;

    TrainLmCommand() {
        super("lm", 100, LmTraining::defaultHyperParameters);
    }

    @Override
    TrainCommonOptions common() {
        return common;
    }

    /** {@code 16k} for 16,384 characters, {@code 1,000 chars} otherwise. */
    static String sliceSize(int chars) {
        return chars % 1024 == 0 ? chars / 1024 + "k" : String.format(Locale.ROOT, "%,d-char", chars);
    }

    @Override
    Map<String, String> taskHelpDefaults() {
        LmSettings s = LmTraining.defaultSettings();
        return Map.of("--seq-len", Integer.toString(s.sequenceLength()), "--embedding",
                Integer.toString(s.embeddingSize()), "--val-fraction", Double.toString(DEFAULT_VAL_FRACTION));
    }

    @Override
    String taskDefaultsDescription() {
        LmSettings s = LmTraining.defaultSettings();
        return ", chunks of " + s.sequenceLength() + ", embedding " + s.embeddingSize();
    }

    @Override
    int train(Run run) throws IOException {
        LmSettings settings = LmTraining.defaultSettings();
        double valFraction = DEFAULT_VAL_FRACTION;
        if (run.resumed() != null) {
            LmSettings saved = LmTraining.settingsOf(run.resumed().task(), resumeDir().toString());
            settings = saved != null ? saved : settings;
            valFraction = run.resumed().task().path("data").path("validation_fraction").asDouble(valFraction);
        }
        if (seqLen != null) {
            settings = settings.withSequenceLength(seqLen);
        }
        if (embedding != null) {
            settings = settings.withEmbeddingSize(embedding);
        }
        if (valFraction() != null) {
            valFraction = valFraction();
        }
        HyperParameters hp = run.hp();
        CharCorpus corpus = CharCorpus.split(TextFiles.readUtf8(dataFile()), valFraction);
        if (corpus.vocabulary().size() > maxVocab) {
            throw new InvalidInputException(dataFile() + " has " + corpus.vocabulary().size()
                    + " distinct characters, more than the limit of " + maxVocab + " (--max-vocab): each one is a row"
                    + " of the embedding and of the output layer - is it text? Raise --max-vocab to train on it anyway");
        }
        long stepsPerEpoch = (((corpus.train().length - 1L) / hp.batchSize()) + settings.sequenceLength() - 1)
                / settings.sequenceLength();
        LmResult result;
        // during training only the first validationSlice characters are scored, so that validating is cheap
        String validationLabel = corpus.validation().length > settings.validationSlice()
                && settings.validationSlice() > 0
                        ? "val (" + sliceSize(settings.validationSlice()) + " slice)"
                        : "val";
        try (TrainingProgress progress = progress(run, stepsPerEpoch, "chars",
                TrainingProgress.LossView.BITS_PER_CHARACTER, validationLabel)) {
            result = LmTraining.train(corpus, hp, settings, runOptions(run, progress));
        }
        TrainingSummary s = result.summary();
        JsonResult json = MetricsJson.training(task(), run.dir(), s);
        MetricsJson.languageModelTraining(json, s, result.validation(), corpus.validationSkipped(),
                corpus.vocabulary().size());

        PrintWriter o = stdout();
        o.printf(Locale.ROOT, "trained a character language model: %s%n", run.dir());
        MetricsText.run(o, s, "chars", "nats");
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
        TrainingReport report = report("Character language model", run, s);
        ReportSections.taskSettings(report, Map.of("sequence length", Integer.toString(settings.sequenceLength()),
                "embedding", Integer.toString(settings.embeddingSize()),
                "validation fraction", Double.toString(valFraction)));
        ReportSections.results(report, json.root(), "chars");
        ReportSections.training(report, run.history(), "bits per character", v -> v / Math.log(2), hp.clip());
        return finish(run, report, json);
    }
}
