package org.rnn4j.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TaskTraining;
import org.rnn4j.task.TrainingMemory;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.train.TokenStreams;
import org.rnn4j.util.Rng;

/**
 * Trains a character language model from one call: the entry point of {@code rnn4j train --task lm}.
 *
 * <pre>
 * CharCorpus corpus = CharCorpus.split(TextFiles.readUtf8(path), 0.1);
 * LmResult r = LmTraining.train(corpus, LmTraining.defaultHyperParameters().withLimits(0, 0, 120),
 *         LmTraining.defaultSettings(), RunOptions.none().withCheckpoints(dir, 0));
 * r.validation().bitsPerCharacter();
 * </pre>
 *
 * <p>What training does: the training part is cut into {@code B} streams read side by side in chunks
 * of {@code k} characters ({@link TokenStreams}), the state carried from chunk to chunk (truncated
 * BPTT); the loss is the next character's cross-entropy. Validation during the run scores the first
 * {@link LmSettings#validationSlice()} characters of the validation part, and the whole part once at
 * the end ({@link LmEvaluator}). A checkpoint holds everything a resumed run needs to continue bit for
 * bit: weights, optimizer state, the dropout generator, the data cursor and the carried state.
 *
 * <p>Random streams, from {@code HyperParameters.seed()} as {@link TaskTraining#streams}: initialization,
 * (data order: unused, the streams are read in order), dropout.
 */
public final class LmTraining {

    private static final String DATA_KEY = "data";
    private static final String SETTINGS_KEY = "lm";

    private LmTraining() {
    }

    /**
     * Defaults that train a good model without tuning on texts of a few hundred kilobytes to a few
     * megabytes: a GRU of 2 layers × 256 units, batch 32, Adam at 3e-3 with norm clipping at 5, no
     * dropout, seed 1, limited to 10 epochs or 10 minutes of training, whichever comes first; with
     * validation during the run, early stopping after 5 validations without improvement, ending on the
     * best weights.
     *
     * <p>A GRU rather than an LSTM: its step costs three gate blocks to an LSTM's four, so within a time
     * budget it takes more steps, and it learns as much per step (the runs: bench/RESULTS-choices.md).
     */
    public static HyperParameters defaultHyperParameters() {
        return HyperParameters.builder(CellType.GRU, OptimizerSpec.adam(3e-3)).hiddenSize(256).layers(2).batchSize(32)
                .clip(ClipConfig.norm(5.0)).maxEpochs(10).timeBudgetSeconds(600).seed(1).patience(5).build();
    }

    /** Chunks of 64 characters, embeddings of 64, validation during training on the first 16,384 characters. */
    public static LmSettings defaultSettings() {
        return new LmSettings(64, 64, 16_384);
    }

    /**
     * Trains a language model on {@code corpus.train()} and scores it on {@code corpus.validation()}. With
     * {@code options.checkpointDir()} set, the model is saved there at the end (and every
     * {@code checkpointEvery} steps), loadable with {@link LanguageModel#load}.
     *
     * @throws InvalidInputException for a bidirectional network, a training part too short for the batch,
     *                               or a resume directory that does not match this run
     * @throws IOException           when a checkpoint cannot be written or a resume directory read
     */
    public static LmResult train(CharCorpus corpus, HyperParameters hp, LmSettings lm, RunOptions options)
            throws IOException {
        if (hp.bidirectional()) {
            throw new InvalidInputException("a language model cannot be bidirectional: it would read the character"
                    + " it predicts");
        }
        int vocab = corpus.vocabulary().size();
        long validationSteps = corpus.hasValidation()
                ? lm.validationSlice() > 0
                        ? Math.min(corpus.validation().length, lm.validationSlice() + 1L)
                        : corpus.validation().length
                : 0;
        TrainingMemory.check(hp, vocab, lm.embeddingSize(), "--embedding", vocab, OutputMode.EVERY_STEP,
                lm.sequenceLength(), "--seq-len", validationSteps);
        TaskTraining.Streams streams = TaskTraining.streams(hp.seed());
        SequenceModel network = TaskTraining.newModel(hp, vocab, lm.embeddingSize(), vocab, OutputMode.EVERY_STEP,
                streams.init());
        LanguageModel model = new LanguageModel(network, corpus.vocabulary());
        TokenStreams source = new TokenStreams(corpus.train(), hp.batchSize(), lm.sequenceLength());
        DoubleSupplier validation = null;
        if (corpus.hasValidation()) {
            int[] slice = corpus.validation();
            if (lm.validationSlice() > 0 && slice.length > lm.validationSlice() + 1L) {
                slice = Arrays.copyOf(slice, lm.validationSlice() + 1);
            }
            int[] scored = slice;
            List<SampleListener> samples = options.listeners().stream().filter(SampleListener.class::isInstance)
                    .map(SampleListener.class::cast).toList();
            int[] validations = {0};
            validation = () -> {
                double loss = LmEvaluator.evaluate(network, scored, 0).loss();
                if (!samples.isEmpty()) {
                    // its own generator, seeded by the count of validations: the training's draws stay as they were
                    validations[0]++;
                    String text = model.sampler(new Rng(hp.seed() * 31 + validations[0]))
                            .generate(SampleListener.SAMPLE_LENGTH, 0.8, 0);
                    samples.forEach(l -> l.onSample(text));
                }
                return loss;
            };
        }
        if (options.resumeDir() != null) {
            // a language model's directory, not another task's: say so before comparing its contents
            LanguageModel.fromContents(ModelDirectory.load(options.resumeDir(), KernelProvider.get()),
                    options.resumeDir().resolve(ModelDirectory.MANIFEST).toString());
        }
        TrainingSummary during = TaskTraining.fit(network, source, streams.dropout(), LossKind.CROSS_ENTROPY, hp,
                options, validation, taskJson(model, corpus, hp, lm));
        LmScore score = corpus.hasValidation()
                ? LmEvaluator.evaluate(network, corpus.validation(), corpus.validationSkipped())
                : null;
        TrainingSummary summary = new TrainingSummary(during.steps(), during.trainLoss(),
                score == null ? Double.NaN : score.loss(), during.positionsPerSecond(), during.elapsedSeconds(),
                during.stopReason(), during.bestStep(), during.bestValidationLoss());
        return new LmResult(model, summary, score);
    }

    /** The task object of a run: the model's, plus the data fingerprint, the settings and the hyper-parameters. */
    static ObjectNode taskJson(LanguageModel model, CharCorpus corpus, HyperParameters hp, LmSettings lm) {
        ObjectNode task = model.taskJson();
        ObjectNode data = task.putObject(DATA_KEY);
        data.put("sha256", corpus.sha256());
        data.put("validation_fraction", corpus.validationFraction());
        task.set(SETTINGS_KEY, lm.toJson());
        task.set(TaskTraining.HYPER_PARAMETERS_KEY, hp.toJson());
        return task;
    }

    /** The run settings stored in a language model's task object, or null when it has none (a saved model only). */
    public static LmSettings settingsOf(ObjectNode task, String source) {
        JsonNode o = task.get(SETTINGS_KEY);
        return o == null ? null : LmSettings.fromJson(o, source);
    }
}
