package org.rnn4j.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.function.DoubleSupplier;
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
    private static final String DROPOUT_RNG = "dropout";

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
        RecurrentConfig rc = new RecurrentConfig(hp.cell(), hp.activation(), inputSize, hp.hiddenSize(), hp.layers(),
                hp.bidirectional(), true, 0, false);
        SequenceModel model = new SequenceModel(new ModelConfig(vocabSize, rc, outputSize, output, hp.dropout(), false),
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
     * Trains {@code model} in place until a limit of {@code hp} is reached.
     *
     * @param model      a model from {@link #newModel}; with a resume its parameters are replaced by the
     *                   checkpoint's
     * @param source     training batches, drawing from {@code streams.data()}
     * @param dropoutRng {@code streams.dropout()}
     * @param validation the mean validation loss of the current model, or null when there is none
     * @param task       the model directory's task object (saved with every checkpoint; on resume every
     *                   key but {@value #HYPER_PARAMETERS_KEY} must equal the checkpoint's)
     */
    public static TrainingSummary fit(SequenceModel model, BatchSource source, Rng dropoutRng, LossKind lossKind,
            HyperParameters hp, RunOptions options, DoubleSupplier validation,
            ObjectNode task) throws IOException {
        Optimizer optimizer = hp.optimizer().create(model.parameters());
        Trainer trainer = new Trainer(model, optimizer, schedule(hp), hp.clip(), lossKind, dropoutRng);
        if (options.resumeDir() != null) {
            resume(options, model, optimizer, source, dropoutRng, task);
        }
        TrainingLoop loop = new TrainingLoop(trainer, source);
        SummaryTracker tracker = new SummaryTracker();
        loop.listener(tracker);
        for (TrainingListener l : options.listeners()) {
            loop.listener(l);
        }
        if (validation != null) {
            loop.validation(options.validateEvery(), validation);
        }
        if (options.checkpointDir() != null) {
            loop.checkpoints(options.checkpointEvery(), options.checkpointDir(), step -> ModelDirectory.save(
                    options.checkpointDir(), model, task,
                    new TrainingState(optimizer.stepCount(), optimizer.stateTensors(), optimizer.stateScalars(),
                            Map.of(DROPOUT_RNG, dropoutRng.state()), source.cursor(), null),
                    hp.seed()));
        }
        loop.run(hp.limits());
        return tracker.summary(optimizer.stepCount(), loop.lastValidation());
    }

    private static void resume(RunOptions options, SequenceModel model, Optimizer optimizer, BatchSource source,
            Rng dropoutRng, ObjectNode task) throws IOException {
        ModelDirectory.Contents saved = ModelDirectory.load(options.resumeDir(), KernelProvider.get());
        String where = "cannot resume from " + options.resumeDir() + ": ";
        if (saved.training() == null) {
            throw new InvalidInputException(where + "it holds weights only, no training state");
        }
        if (!saved.model().config().equals(model.config())) {
            throw new InvalidInputException(
                    where + "its architecture " + ModelDirectory.modelToJson(saved.model().config())
                            + " differs from this run's " + ModelDirectory.modelToJson(model.config())
                            + " — were other --cell/--hidden/--layers options given?");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = task.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getKey().equals(HYPER_PARAMETERS_KEY)) {
                continue;
            }
            JsonNode other = saved.task().get(e.getKey());
            if (!e.getValue().equals(other)) {
                throw new InvalidInputException(where + "its task data '" + e.getKey() + "' differs from this run's"
                        + " (saved " + other + ", now " + e.getValue()
                        + ") — was it trained on other data or settings?");
            }
        }
        Map<String, Parameter> params = saved.model().namedParameters();
        for (Parameter p : model.parameters()) {
            p.set(params.get(p.name()).value());
        }
        TrainingState ts = saved.training();
        optimizer.loadState(ts.optimizerTensors(), ts.optimizerScalars());
        source.restore(ts.cursor());
        Long dropout = ts.rngStates().get(DROPOUT_RNG);
        if (dropout == null) {
            throw new InvalidInputException(where + "its training state has no dropout generator state");
        }
        dropoutRng.setState(dropout);
    }
}
