package org.rnn4j.lm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TaskTraining;
import org.rnn4j.task.SummaryTracker;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.train.TokenStreams;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingLoop;
import org.rnn4j.train.TrainingState;
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

    private static final String DROPOUT_RNG = "dropout";
    private static final String DATA_KEY = "data";
    private static final String SETTINGS_KEY = "lm";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LmTraining() {
    }

    /**
     * Defaults that train a good model without tuning on texts of a few hundred kilobytes to a few
     * megabytes: a GRU of 2 layers × 256 units, batch 32, Adam at 3e-3 with norm clipping at 5, no
     * dropout, seed 1, limited to 10 epochs or 10 minutes of training, whichever comes first.
     *
     * <p>A GRU rather than an LSTM: its step costs three gate blocks to an LSTM's four, so within a time
     * budget it takes more steps, and it learns as much per step (the runs: bench/RESULTS-choices.md).
     */
    public static HyperParameters defaultHyperParameters() {
        return new HyperParameters(CellType.GRU, null, 256, 2, false, 0, 32,
                new OptimizerSpec("adam", 3e-3, 0, Double.NaN), ClipConfig.norm(5.0), 0, 10, 600, 1);
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
        TaskTraining.Streams streams = TaskTraining.streams(hp.seed());
        SequenceModel network = TaskTraining.newModel(hp, vocab, lm.embeddingSize(), vocab, OutputMode.EVERY_STEP,
                streams.init());
        LanguageModel model = new LanguageModel(network, corpus.vocabulary());
        TokenStreams source = new TokenStreams(corpus.train(), hp.batchSize(), lm.sequenceLength());
        Optimizer optimizer = hp.optimizer().create(network.parameters());
        Rng dropout = streams.dropout();
        Trainer trainer = new Trainer(network, optimizer, TaskTraining.schedule(hp), hp.clip(), LossKind.CROSS_ENTROPY,
                dropout);
        ObjectNode task = taskJson(model, corpus, hp, lm);
        if (options.resumeDir() != null) {
            resume(options, trainer, source, dropout, task);
        }

        TrainingLoop loop = new TrainingLoop(trainer, source);
        SummaryTracker tracker = new SummaryTracker();
        loop.listener(tracker);
        for (TrainingListener l : options.listeners()) {
            loop.listener(l);
        }
        int[] slice = corpus.validation();
        if (lm.validationSlice() > 0 && slice.length > lm.validationSlice() + 1) {
            slice = Arrays.copyOf(slice, lm.validationSlice() + 1);
        }
        if (corpus.hasValidation()) {
            int[] scored = slice;
            DoubleSupplier validation = () -> LmEvaluator.evaluate(network, scored, 0).loss();
            loop.validation(options.validateEvery(), validation);
        }
        if (options.checkpointDir() != null) {
            loop.checkpoints(options.checkpointEvery(), options.checkpointDir(), step -> ModelDirectory.save(
                    options.checkpointDir(), network, task,
                    new TrainingState(optimizer.stepCount(), optimizer.stateTensors(), optimizer.stateScalars(),
                            Map.of(DROPOUT_RNG, dropout.state()), source.cursor(), trainer.carriedState()),
                    hp.seed()));
        }
        loop.run(hp.limits());
        LmScore score = corpus.hasValidation()
                ? LmEvaluator.evaluate(network, corpus.validation(), corpus.validationSkipped())
                : null;
        TrainingSummary summary = tracker.summary(optimizer.stepCount(), score == null ? Double.NaN : score.loss());
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

    private static void resume(RunOptions options, Trainer trainer, TokenStreams source, Rng dropout, ObjectNode task)
            throws IOException {
        ModelDirectory.Contents saved = ModelDirectory.load(options.resumeDir(), KernelProvider.get());
        String where = "cannot resume from " + options.resumeDir() + ": ";
        LanguageModel.fromContents(saved, options.resumeDir().resolve(ModelDirectory.MANIFEST).toString());
        if (saved.training() == null) {
            throw new InvalidInputException(where + "it holds weights only, no training state");
        }
        SequenceModel network = trainer.model();
        if (!saved.model().config().equals(network.config())) {
            throw new InvalidInputException(
                    where + "its architecture " + ModelDirectory.modelToJson(saved.model().config())
                            + " differs from this run's " + ModelDirectory.modelToJson(network.config())
                            + " — were other --cell/--hidden/--layers options given?");
        }
        for (String key : List.of(TaskTraining.TASK_KEY, LanguageModel.VOCABULARY_KEY, DATA_KEY, SETTINGS_KEY,
                TaskTraining.HYPER_PARAMETERS_KEY)) {
            JsonNode mine = withoutLimits(task.get(key));
            JsonNode theirs = withoutLimits(saved.task().get(key));
            if (!mine.equals(theirs)) {
                throw new InvalidInputException(
                        where + "its " + key + " differs from this run's (saved " + brief(theirs)
                                + ", now " + brief(mine) + ") — was it trained on other data or settings?");
            }
        }
        Map<String, Parameter> params = saved.model().namedParameters();
        for (Parameter p : network.parameters()) {
            p.set(params.get(p.name()).value());
        }
        TrainingState ts = saved.training();
        trainer.optimizer().loadState(ts.optimizerTensors(), ts.optimizerScalars());
        source.restore(ts.cursor());
        Long state = ts.rngStates().get(DROPOUT_RNG);
        if (state == null) {
            throw new InvalidInputException(where + "its training state has no dropout generator state");
        }
        dropout.setState(state);
        trainer.setCarriedState(ts.carried());
    }

    /**
     * The hyper-parameters less the limits, which a resumed run may change; the rest (batch, optimizer,
     * seed, ...) decides what the next step does, so it must be the checkpoint's.
     */
    private static JsonNode withoutLimits(JsonNode n) {
        if (n == null) {
            return null;
        }
        JsonNode copy = normalized(n);
        if (copy.isObject() && copy.has("max_steps")) {
            ((ObjectNode) copy).remove(List.of("max_steps", "max_epochs", "time_budget_seconds"));
        }
        return copy;
    }

    /** The node as read back from its text, so that a long 1 written equals the int 1 read. */
    private static JsonNode normalized(JsonNode n) {
        try {
            return JSON.readTree(JSON.writeValueAsString(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON made in memory must round-trip", e);
        }
    }

    private static String brief(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
