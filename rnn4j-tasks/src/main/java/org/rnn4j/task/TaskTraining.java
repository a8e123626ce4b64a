package org.rnn4j.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.train.BatchSource;
import org.rnn4j.train.DivergenceRule;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.Initializer;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingLoop;
import org.rnn4j.train.TrainingState;
import org.rnn4j.util.Rng;

/**
 * The training run shared by the task runners: a fresh model from {@link HyperParameters}, a
 * {@link Trainer} and a {@link TrainingLoop} with the caller's listeners, checkpoints into a model
 * directory, and exact resume. Used by {@code ForecastRunner} and {@code ClassifyRunner}; callers of
 * the library normally go through those.
 *
 * <p>Random streams, all derived from {@code HyperParameters.seed()} in this order: initialization,
 * data order, dropout ({@link #streams}).
 */
public final class TaskTraining {

    /** Key of the task object naming the task ({@code "forecast"}, {@code "classify"}). */
    public static final String TASK_KEY = "task";
    /** Key of the task object holding {@link HyperParameters#toJson()}, provenance only. */
    public static final String HYPER_PARAMETERS_KEY = "hyper_parameters";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskTraining() {
    }

    /** The independent random streams of a run. */
    public record Streams(Rng init, Rng data, Rng dropout) {
    }

    /** The run's random streams from its seed. */
    public static Streams streams(long seed) {
        Rng master = new Rng(seed);
        return new Streams(master.split(), master.split(), master.split());
    }

    /**
     * A model for dense or token input with freshly drawn parameters (PyTorch's initialization, with
     * an LSTM forget-gate bias of 1 so that cells keep their state early in training).
     *
     * @param vocabSize  0 for dense input of {@code inputSize} features, else the token count
     * @param inputSize  features per step, or the embedding width for tokens
     * @param outputSize the head's width
     */
    public static SequenceModel newModel(HyperParameters hp, int vocabSize, int inputSize, int outputSize,
            OutputMode output, Rng init) {
        return newModel(hp, vocabSize, inputSize, outputSize, output, 0, init);
    }

    /** {@link #newModel(HyperParameters, int, int, int, OutputMode, Rng)} for an all-steps head of {@code positions}. */
    public static SequenceModel newModel(HyperParameters hp, int vocabSize, int inputSize, int outputSize,
            OutputMode output, int positions, Rng init) {
        // the parameters and one step of the batch: the least any run of this model needs
        TrainingMemory.check(hp, vocabSize, inputSize, vocabSize > 0 ? "the embedding" : "input features", outputSize,
                output, 1, "at least", 0);
        RecurrentConfig rc = new RecurrentConfig(hp.cell(), hp.activation(), inputSize, hp.hiddenSize(), hp.layers(),
                hp.bidirectional(), true, 0, false);
        SequenceModel model = new SequenceModel(
                new ModelConfig(vocabSize, rc, outputSize, output, hp.dropout(), false, positions),
                KernelProvider.get());
        Initializer.initialize(model, InitConfig.pytorch().withForgetBias(1.0), init);
        return model;
    }

    /** The learning-rate schedule {@link HyperParameters} documents. */
    public static LearningRateSchedule schedule(HyperParameters hp) {
        double lr = hp.optimizer().learningRate();
        if (hp.maxSteps() <= 1) {
            return LearningRateSchedule.constant(lr);
        }
        int total = (int) hp.maxSteps();
        int warmup = (int) Math.min(100, total / 20);
        return LearningRateSchedule.warmupCosine(lr, warmup, total, 0.1 * lr);
    }

    /**
     * Trains {@code model} in place until a limit of {@code hp} is reached, early stopping ends it or
     * {@code options.stop()} is requested: the one training run of every task.
     *
     * <p>With validation and {@code hp.patience() > 0} the run keeps the weights of its best validation
     * and ends on them ({@code TrainingLoop#earlyStopping}); every step is watched for divergence
     * ({@link DivergenceRule#standard()}, acted on by {@code options.onDivergence()}); checkpoints go to
     * {@code options.checkpointDir()}, the last one at the end whatever ended the run.
     *
     * @param model      a model from {@link #newModel}; with a resume its parameters are replaced by the
     *                   checkpoint's
     * @param source     training batches, drawing from {@code streams.data()}
     * @param dropoutRng {@code streams.dropout()}
     * @param validation the mean validation loss of the current model, or null when there is none
     * @param task       the model directory's task object (saved with every checkpoint; on resume every
     *                   key must equal the checkpoint's, the hyper-parameters but their limits)
     */
    public static TrainingSummary fit(SequenceModel model, BatchSource source, Rng dropoutRng, LossKind lossKind,
            HyperParameters hp, RunOptions options, DoubleSupplier validation, ObjectNode task) throws IOException {
        return fit(model, source, dropoutRng, lossKind, null, hp, options, validation, task);
    }

    /**
     * {@link #fit(SequenceModel, BatchSource, Rng, LossKind, HyperParameters, RunOptions, DoubleSupplier,
     * ObjectNode)} with the cross-entropy of each target weighted by its class.
     *
     * @param classWeights [classes] weights of the training loss ({@code Trainer#setClassWeights}), or null
     */
    public static TrainingSummary fit(SequenceModel model, BatchSource source, Rng dropoutRng, LossKind lossKind,
            double[] classWeights, HyperParameters hp, RunOptions options, DoubleSupplier validation, ObjectNode task)
            throws IOException {
        return fit(model, source, dropoutRng, lossKind, classWeights, hp, options, validation, task, null);
    }

    /**
     * {@link #fit(SequenceModel, BatchSource, Rng, LossKind, double[], HyperParameters, RunOptions,
     * DoubleSupplier, ObjectNode)} with each step taken by the function {@code steps} makes of the run's
     * trainer (a data-parallel run: the gradient computed elsewhere, then {@link Trainer#applyGradient}),
     * everything else (validation, early stopping, divergence, checkpoints, resume) as on one machine.
     *
     * @param steps null for {@code trainer.step(source.next())}
     */
    public static TrainingSummary fit(SequenceModel model, BatchSource source, Rng dropoutRng, LossKind lossKind,
            double[] classWeights, HyperParameters hp, RunOptions options, DoubleSupplier validation, ObjectNode task,
            Function<Trainer, TrainingLoop.StepFunction> steps) throws IOException {
        Optimizer optimizer = hp.optimizer().create(model.parameters());
        Trainer trainer = new Trainer(model, optimizer, schedule(hp), hp.clip(), lossKind, dropoutRng);
        trainer.setClassWeights(classWeights);
        TrainingLoop loop = new TrainingLoop(trainer, source);
        if (steps != null) {
            loop.stepWith(steps.apply(trainer));
        }
        SummaryTracker tracker = new SummaryTracker();
        loop.listener(tracker);
        for (TrainingListener l : options.listeners()) {
            loop.listener(l);
        }
        if (validation != null) {
            loop.validation(options.validateEvery(), validation);
            if (hp.patience() > 0) {
                loop.earlyStopping(hp.patience(), 0);
            }
        }
        loop.divergence(DivergenceRule.standard(), options.onDivergence());
        if (options.stop() != null) {
            loop.stopWhen(options.stop());
        }
        if (options.checkpointDir() != null) {
            // what killed runs left here (temporary files, unnamed checkpoints), by rnn4j's own naming
            ModelDirectory.removeStaleFiles(options.checkpointDir());
            loop.checkpoints(options.checkpointEvery(), options.checkpointSeconds(), options.checkpointDir(),
                    c -> ModelDirectory.save(options.checkpointDir(), model, c.servedWeights(), task, c.state(),
                            hp.seed()));
        }
        if (options.resumeDir() != null) {
            resume(options.resumeDir(), trainer, loop, source, task);
        }
        loop.run(hp.limits());
        boolean best = loop.bestStep() > 0;
        return tracker.summary(optimizer.stepCount(), best ? loop.bestValidation() : loop.lastValidation(),
                best ? loop.bestStep() : optimizer.stepCount(), loop.bestValidation());
    }

    /**
     * Puts the run saved in {@code dir} back into {@code trainer}, {@code loop} and {@code source}, after
     * checking that it is a run of this task on the same data with the same settings.
     */
    private static void resume(Path dir, Trainer trainer, TrainingLoop loop, BatchSource source, ObjectNode task)
            throws IOException {
        ModelDirectory.Contents saved = ModelDirectory.load(dir, KernelProvider.get());
        String where = "cannot resume from " + dir + ": ";
        if (saved.training() == null) {
            throw new InvalidInputException(where + "it holds weights only, no training state");
        }
        requireResumable(saved, trainer.model(), task, where);
        Map<String, float[]> served = new LinkedHashMap<>();
        for (Parameter p : saved.model().parameters()) {
            served.put(p.name(), p.value());
        }
        TrainingState state = saved.training();
        // the current weights are the served ones unless the checkpoint kept them apart (early stopping)
        if (state.parameters().isEmpty()) {
            state = state.with(served, state.loop());
        }
        trainer.restore(state, source);
        loop.resume(state.loop(), served);
    }

    /**
     * Refuses, in one line starting with {@code where}, a checkpoint whose architecture is not
     * {@code model}'s or whose task object differs from {@code task} in anything but the limits.
     */
    public static void requireResumable(ModelDirectory.Contents saved, SequenceModel model, ObjectNode task,
            String where) {
        if (!saved.model().config().equals(model.config())) {
            throw new InvalidInputException(
                    where + "its architecture " + ModelDirectory.modelToJson(saved.model().config())
                            + " differs from this run's " + ModelDirectory.modelToJson(model.config())
                            + " — were other --cell/--hidden/--layers options given?");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = task.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            JsonNode mine = withoutLimits(e.getValue());
            JsonNode theirs = withoutLimits(saved.task().get(e.getKey()));
            if (!mine.equals(theirs)) {
                throw new InvalidInputException(where + "its " + e.getKey() + " differs from this run's (saved "
                        + brief(theirs) + ", now " + brief(mine) + ") — was it trained on other data or settings?");
            }
        }
    }

    /**
     * A task-object value with the hyper-parameters' limits taken out: a resumed run may be given other
     * limits; everything else decides what the next step does, so it must be the checkpoint's. Also read
     * back through its text, so that a long 1 written equals the int 1 read.
     */
    private static JsonNode withoutLimits(JsonNode n) {
        if (n == null) {
            return null;
        }
        JsonNode copy;
        try {
            copy = JSON.readTree(JSON.writeValueAsString(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON made in memory must round-trip", e);
        }
        if (copy.isObject() && copy.has("max_steps")) {
            ((ObjectNode) copy).remove(List.of("max_steps", "max_epochs", "time_budget_seconds"));
        }
        return copy;
    }

    private static String brief(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
