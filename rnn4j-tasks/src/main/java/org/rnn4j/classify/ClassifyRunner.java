package org.rnn4j.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.DoubleSupplier;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.data.SequenceBatches;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TaskTraining;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.util.Rng;

/**
 * Sequence classification from a CSV table, from one call: the entry point for {@code rnn4j train
 * classify}, {@code rnn4j eval} and {@code rnn4j classify}.
 *
 * <pre>
 * CsvTable table = CsvTable.read(path);
 * ClassifySettings settings = ClassifySettings.longForm("series_id", "frame", "speaker");
 * ClassifyResult r = ClassifyRunner.train(table, settings, ClassifyRunner.defaultHyperParameters(),
 *         RunOptions.none().withListener(progress).withCheckpoints(outDir, 0));
 * r.test().accuracy();                                        // vs r.test().majorityAccuracy()
 * CrossValidation cv = ClassifyRunner.crossValidate(ClassificationData.fromCsv(table, settings), 5,
 *         ClassifyRunner.defaultHyperParameters(), RunOptions.none());
 * ClassifierModel m = ClassifierModel.load(outDir);           // later
 * ClassificationMetrics e = ClassifyRunner.evaluate(m, CsvTable.read(path), false);
 * Predictions p = ClassifyRunner.predict(m, CsvTable.read(other));
 * </pre>
 *
 * <p>What training does: the encoding is fitted on the training sequences; shuffled batches of whole
 * sequences, padded to the longest with the lengths passed on so padding never counts, train a
 * many-to-one network with softmax cross-entropy (weighted by class when the settings ask for it); the
 * validation sequences (a stratified share of the training ones) give the validation loss that early
 * stopping watches, and the run ends on the weights of its best validation; a logistic regression
 * (position-wise for token sequences of one length, on summary features for dense ones) is then blended
 * in at the weight that out-of-fold predictions prefer ({@link ClassifierBlend}); the test sequences are
 * scored once, after training. Nothing is chosen by looking at the test sequences.
 */
public final class ClassifyRunner {

    /** Steps between validations at least and at most, when the run options leave the interval to the task. */
    public static final int MIN_VALIDATE_EVERY = 10;
    public static final int MAX_VALIDATE_EVERY = 50;
    /** Key of the task object holding the split and class-weight settings of a training run. */
    public static final String DATA_KEY = "data";

    private ClassifyRunner() {
    }

    /**
     * Defaults that generalize without tuning on sets of a hundred to a few thousand sequences: a
     * bidirectional LSTM of 64 units, one layer, read by the head where {@link ClassifierHead#AUTO} says,
     * dropout 0.5 before the head, batch 32, AdamW at 1e-3 with its
     * weight decay of 0.01, norm clipping at 1, seed 1; validated about once an epoch
     * ({@link #validationInterval}) and stopped after 10 validations without improvement on the best
     * weights, within 200 epochs or 100 s of training (the runs behind the choice:
     * bench/RESULTS-quality-classify-*.md).
     */
    public static HyperParameters defaultHyperParameters() {
        return HyperParameters.builder(CellType.LSTM, OptimizerSpec.adamW(1e-3)).hiddenSize(64)
                .layers(1).bidirectional(true).dropout(0.5).batchSize(32).clip(ClipConfig.norm(1.0))
                .limits(0, 200, 100).seed(1).patience(10).build();
    }

    /**
     * A new network for {@code encoding}'s input and classes: token ids through an embedding, the unknown
     * token's row zero (no training sequence holds it, so no step moves it), or dense features.
     */
    public static SequenceModel newNetwork(HyperParameters hp, SequenceEncoding encoding, OutputMode mode,
            int positions, Rng init) {
        int classes = encoding.classNames().size();
        if (!encoding.tokenInput()) {
            return TaskTraining.newModel(hp, 0, encoding.inputSize(), classes, mode, positions, init);
        }
        int width = embeddingWidth(encoding.inputSize());
        SequenceModel network = TaskTraining.newModel(hp, encoding.inputSize(), width, classes, mode, positions, init);
        if (encoding.unknownId() >= 0) {
            Parameter table = network.embedding().weight();
            Arrays.fill(table.value(), encoding.unknownId() * width, (encoding.unknownId() + 1) * width, 0f);
            table.markChanged();
        }
        return network;
    }

    /** The embedding width for a vocabulary of {@code v} tokens: {@code v} clamped to [8, 32]. */
    public static int embeddingWidth(int v) {
        return Math.max(8, Math.min(32, v));
    }

    /**
     * Steps between validations when the run options leave it to the task: about one epoch of
     * {@code trainSequences} in batches of {@code batchSize}, within [{@link #MIN_VALIDATE_EVERY},
     * {@link #MAX_VALIDATE_EVERY}].
     */
    public static int validationInterval(int trainSequences, int batchSize) {
        long epoch = (trainSequences + (long) batchSize - 1) / batchSize;
        return (int) Math.max(MIN_VALIDATE_EVERY, Math.min(MAX_VALIDATE_EVERY, epoch));
    }

    /**
     * The class weights of the training loss: null for {@link ClassifySettings.ClassWeights#NONE}, else
     * {@code n / (C · n_c)} over the training counts {@code counts}.
     */
    public static double[] classWeights(ClassifySettings.ClassWeights mode, int[] counts) {
        if (mode == ClassifySettings.ClassWeights.NONE) {
            return null;
        }
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        double[] w = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            w[c] = counts[c] == 0 ? 0 : (double) n / ((double) counts.length * counts[c]);
        }
        return w;
    }

    /** Reads and splits the sequences of {@code table} as {@code settings} say and trains on them; see {@link #train(ClassificationData, HyperParameters, RunOptions)}. */
    public static ClassifyResult train(CsvTable table, ClassifySettings settings, HyperParameters hp,
            RunOptions options)
            throws IOException {
        return train(ClassificationData.fromCsv(table, settings), hp, options);
    }

    /**
     * Trains a classifier on {@code data.train()}, early-stopped on {@code data.validation()} when
     * {@code hp.patience() > 0}, and scores it on {@code data.test()}. With {@code options.checkpointDir()}
     * set, the model is saved there at the end (and every {@code checkpointEvery} steps), loadable with
     * {@link ClassifierModel#load}.
     *
     * <p>{@code options.validateEvery() == 0} with early stopping on means the task's interval
     * ({@link #validationInterval}): early stopping needs validations during the run.
     *
     * @throws IOException when a checkpoint cannot be written or a resume directory read
     */
    public static ClassifyResult train(ClassificationData data, HyperParameters hp, RunOptions options)
            throws IOException {
        return train(data, hp, options, ClassifierHead.AUTO);
    }

    /**
     * {@link #train(ClassificationData, HyperParameters, RunOptions)} with the head {@code head} reads the
     * recurrent outputs through ({@link ClassifierHead#AUTO}: the task's choice for the data).
     *
     * @throws InvalidInputException for the all-steps head on sequences of different lengths
     */
    public static ClassifyResult train(ClassificationData data, HyperParameters hp, RunOptions options,
            ClassifierHead head) throws IOException {
        return train(data, hp, options, head, ClassifierBlend.Mode.AUTO);
    }

    /**
     * {@link #train(ClassificationData, HyperParameters, RunOptions, ClassifierHead)}, blending a linear
     * model into the network's probabilities ({@link ClassifierBlend#fit}, its weight on
     * {@link #outOfFold} probabilities where they can be had) when {@code blend} is
     * {@link ClassifierBlend.Mode#AUTO} and {@link ClassifierBlend#applies}; the blend is fitted after the
     * network's run, on its ending weights, and saved into the run's last checkpoint.
     */
    public static ClassifyResult train(ClassificationData data, HyperParameters hp, RunOptions options,
            ClassifierHead head, ClassifierBlend.Mode blend) throws IOException {
        SequenceEncoding encoding = data.encoding();
        TaskTraining.Streams streams = TaskTraining.streams(hp.seed());
        int classes = encoding.classNames().size();
        OutputMode mode;
        try {
            mode = head.mode(data.train(), data.validation(), data.test());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(data.source() + ": " + e.getMessage());
        }
        int positions = mode == OutputMode.ALL_STEPS ? ClassifierHead.fixedLength(data.train()) : 0;
        SequenceModel network = newNetwork(hp, encoding, mode, positions, streams.init());
        ClassifierModel model = new ClassifierModel(network, encoding);
        SequenceBatches source = new SequenceBatches(data.train(), hp.batchSize(), streams.data());
        double[] weights = classWeights(data.settings().classWeights(), encoding.classCounts());
        LabelledSequences held = data.validation();
        DoubleSupplier validation = null;
        if (held != null) {
            validation = () -> model.meanLoss(held, weights);
            if (options.validateEvery() == 0 && hp.patience() > 0) {
                options = options.withValidateEvery(validationInterval(data.train().size(), hp.batchSize()));
            }
        }
        ObjectNode task = model.taskJson(hp.toJson());
        task.set(DATA_KEY, dataJson(data.settings(), weights));
        TrainingSummary summary = TaskTraining.fit(network, source, streams.dropout(), LossKind.CROSS_ENTROPY,
                weights, hp, options, validation, task);
        ClassifierModel trained = model;
        if (ClassifierBlend.applies(blend, encoding, data.train(), held, data.test())) {
            ClassifierBlend.OutOfFold oof = outOfFold(data, hp, head, summary.steps(), summary.elapsedSeconds(),
                    weights, options);
            trained = model.withBlend(ClassifierBlend.fit(model, data.train(), held, weights, hp.seed(), oof));
            if (options.checkpointDir() != null) {
                task.set(ClassifierModel.BLEND_KEY, trained.blend().toJson());
                ModelDirectory.replaceTask(options.checkpointDir(), task);
            }
        }
        ClassificationMetrics metrics = data.test() == null ? null : trained.evaluate(data.test());
        return new ClassifyResult(trained, summary, metrics);
    }

    /** Folds of the cross-fitted blend weight ({@link #outOfFold}), at most. */
    static final int BLEND_FOLDS = 5;
    /** Above this many training and validation sequences the blend's weight is chosen on the validation part. */
    static final int BLEND_FOLDS_UP_TO = 5000;

    /**
     * Out-of-fold class probabilities of the network and of the linear model for every training and
     * validation sequence, from a stratified {@code min(5, rarest class)}-fold split of them: each fold's
     * network trained as {@link #train} trains (its own validation part and early stopping, at most
     * {@code maxSteps} steps, no blend), each fold's linear model ({@link LinearClassifier#family})
     * fitted on the same sequences at the λ cross-validated on {@code data.train()}. Null, and the weight
     * is chosen on the validation part, for more than {@value #BLEND_FOLDS_UP_TO} sequences, a class too
     * rare for two folds, a fold whose sequences the linear model cannot read, a stop request, or a time
     * budget whose remainder after the saved network's {@code networkSeconds} would not hold K networks
     * as long (the fold networks share that remainder, so the run keeps to its budget).
     */
    static ClassifierBlend.OutOfFold outOfFold(ClassificationData data, HyperParameters hp, ClassifierHead head,
            long maxSteps, double networkSeconds, double[] classWeights, RunOptions options) throws IOException {
        int k = blendFolds(data, ClassifierBlend.Mode.AUTO);
        if (k == 0 || stopped(options)) {
            return null;
        }
        double budget = hp.timeBudgetSeconds();
        double foldBudget = 0;
        if (budget > 0) {
            double left = budget - networkSeconds;
            if (k * networkSeconds > left) {
                return null;
            }
            foldBudget = left / k;
        }
        LinearClassifier.Family family = LinearClassifier.family(data.encoding(), data.train(), data.validation(),
                data.test());
        double lambda = family.chooseLambda(data.train(), classWeights, hp.seed());
        HyperParameters foldHp = hp.withLimits(maxSteps, hp.maxEpochs(), foldBudget);
        RunOptions quiet = RunOptions.none().withValidateEvery(options.validateEvery());
        if (options.stop() != null) {
            quiet = quiet.withStop(options.stop());
        }
        List<double[]> network = new ArrayList<>();
        List<double[]> linear = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (ClassificationData fold : data.folds(k)) {
            SequenceEncoding e = fold.encoding();
            if (fold.validation() == null || fold.test() == null
                    || !ClassifierBlend.applies(ClassifierBlend.Mode.AUTO, e, fold.train(), fold.validation(),
                            fold.test())) {
                return null;
            }
            ClassifyResult r = train(fold, foldHp, quiet, head, ClassifierBlend.Mode.OFF);
            if (stopped(options)) {
                return null;
            }
            LabelledSequences fitted = ClassifierBlend.concat(fold.train(), fold.validation());
            double[][] pl = LinearClassifier.family(e, fold.train(), fold.validation(), fold.test())
                    .fit(fitted, lambda, classWeights).probabilities(fold.test());
            double[][] pn = r.model().predict(fold.test());
            for (int i = 0; i < pn.length; i++) {
                network.add(pn[i]);
                linear.add(pl[i]);
                labels.add(fold.test().labels()[i]);
            }
        }
        return new ClassifierBlend.OutOfFold(network.toArray(new double[0][]), linear.toArray(new double[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray(), k, lambda);
    }

    /**
     * How many fold networks a run on {@code data} trains after its own to choose the blend's weight
     * ({@link #outOfFold}): {@code min(5, rarest class)}, or 0 when there is no blend or the weight is
     * chosen on the validation part.
     */
    public static int blendFolds(ClassificationData data, ClassifierBlend.Mode blend) {
        int k = Math.min(BLEND_FOLDS, data.smallestPoolClass());
        boolean applies = ClassifierBlend.applies(blend, data.encoding(), data.train(), data.validation(),
                data.test());
        return applies && data.poolSize() <= BLEND_FOLDS_UP_TO && k >= 2 ? k : 0;
    }

    private static boolean stopped(RunOptions options) {
        return options.stop() != null && options.stop().requested();
    }

    /** The split and class-weight settings of a run, for its task object (provenance, and checked on resume). */
    public static ObjectNode dataJson(ClassifySettings settings, double[] weights) {
        ObjectNode o = ModelDirectory.newObject();
        o.put("test_fraction", settings.testFraction());
        o.put("validation_fraction", settings.validationFraction());
        o.put("class_weights", settings.classWeights().id());
        if (weights != null) {
            ArrayNode a = o.putArray("class_weight_values");
            for (double w : weights) {
                a.add(w);
            }
        }
        return o;
    }

    /**
     * The split and class-weight settings a training run saved in its task object, applied to
     * {@code settings}; {@code settings} as they are when the task object has none.
     */
    public static ClassifySettings savedSettings(JsonNode task, ClassifySettings settings) {
        JsonNode o = task == null ? null : task.get(DATA_KEY);
        if (o == null || !o.isObject()) {
            return settings;
        }
        try {
            return settings.withTestFraction(o.path("test_fraction").asDouble(settings.testFraction()))
                    .withValidationFraction(o.path("validation_fraction").asDouble(settings.validationFraction()))
                    .withClassWeights(ClassifySettings.ClassWeights.parse(
                            o.path("class_weights").asText(settings.classWeights().id())));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("task." + DATA_KEY + ": " + e.getMessage());
        }
    }

    /**
     * Stratified {@code folds}-fold cross-validation of {@code data}'s training sequences
     * ({@link ClassificationData#folds}): one model per fold, trained as {@link #train} does (early
     * stopping on the fold's own validation hold-out) and scored on the fold. Checkpoints and resume of
     * {@code options} are not used: the fold models are not kept.
     *
     * @throws InvalidInputException when {@code folds} is below 2 or above the smallest class's training count
     */
    public static CrossValidation crossValidate(ClassificationData data, int folds, HyperParameters hp,
            RunOptions options) throws IOException {
        return crossValidate(data, folds, hp, options, (i, r) -> {
        });
    }

    /**
     * {@link #crossValidate(ClassificationData, int, HyperParameters, RunOptions)}, telling {@code onFold}
     * about each fold (its index from 0 and its result) as soon as it is done.
     */
    public static CrossValidation crossValidate(ClassificationData data, int folds, HyperParameters hp,
            RunOptions options, BiConsumer<Integer, ClassifyResult> onFold) throws IOException {
        return crossValidate(data, folds, hp, options, ClassifierHead.AUTO, onFold);
    }

    /** {@link #crossValidate(ClassificationData, int, HyperParameters, RunOptions, BiConsumer)} with {@code head}. */
    public static CrossValidation crossValidate(ClassificationData data, int folds, HyperParameters hp,
            RunOptions options, ClassifierHead head, BiConsumer<Integer, ClassifyResult> onFold) throws IOException {
        return crossValidate(data, folds, hp, options, head, ClassifierBlend.Mode.AUTO, onFold);
    }

    /** {@link #crossValidate(ClassificationData, int, HyperParameters, RunOptions, ClassifierHead, BiConsumer)} with {@code blend}. */
    public static CrossValidation crossValidate(ClassificationData data, int folds, HyperParameters hp,
            RunOptions options, ClassifierHead head, ClassifierBlend.Mode blend,
            BiConsumer<Integer, ClassifyResult> onFold) throws IOException {
        List<ClassificationData> parts = data.folds(folds);
        RunOptions inMemory = new RunOptions(options.listeners(), null, 0, 0, null, options.validateEvery(),
                options.onDivergence(), options.stop());
        List<ClassificationMetrics> scores = new ArrayList<>();
        List<TrainingSummary> runs = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            ClassifyResult r = train(parts.get(i), hp, inMemory, head, blend);
            scores.add(r.test());
            runs.add(r.summary());
            onFold.accept(i, r);
        }
        return new CrossValidation(scores, runs);
    }

    /**
     * Scores a trained model on a labelled table of the training table's shape ({@code rnn4j eval}).
     *
     * @param allRows false: when the table has the split column the model was trained with, only its
     *                held-out sequences (test / validation) are scored, as in training; true: every sequence
     * @throws InvalidInputException for a missing column, a non-numeric value, an empty sequence, a label
     *                               the model was not trained on, or no sequence to score
     */
    public static ClassificationMetrics evaluate(ClassifierModel model, CsvTable table, boolean allRows) {
        return evaluate(model, model.encoding().encode(table, true), table, allRows);
    }

    /** {@link #evaluate(ClassifierModel, CsvTable, boolean)} of {@code table} already encoded (labelled). */
    public static ClassificationMetrics evaluate(ClassifierModel model, SequenceEncoding.Encoded encoded,
            CsvTable table, boolean allRows) {
        LabelledSequences seqs = encoded.sequences();
        String split = model.encoding().splitColumn();
        if (!allRows && split != null && table.hasColumn(split)) {
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < seqs.size(); i++) {
                if (!encoded.splits().get(i).trim().equalsIgnoreCase("train")) {
                    keep.add(i);
                }
            }
            if (keep.isEmpty()) {
                throw new InvalidInputException(table.source() + ": every sequence has " + split
                        + " 'train'; nothing held out to evaluate (evaluate all rows instead)");
            }
            seqs = subset(seqs, keep);
        }
        return model.evaluate(seqs);
    }

    /**
     * Class probabilities for every sequence of {@code table} ({@code rnn4j classify}); the label column
     * may be missing. Characters outside the vocabulary read as the unknown token and are counted.
     */
    public static Predictions predict(ClassifierModel model, CsvTable table) {
        SequenceEncoding.Encoded encoded = model.encoding().encode(table, false);
        double[][] p = model.predict(encoded.sequences());
        return new Predictions(encoded.sequences().ids(), model.encoding().classNames(), p, ClassifierModel.argmax(p),
                encoded.unknownTokens());
    }

    /** {@link ClassifierModel#load}. */
    public static ClassifierModel load(Path dir) throws IOException {
        return ClassifierModel.load(dir);
    }

    private static LabelledSequences subset(LabelledSequences s, List<Integer> keep) {
        int n = keep.size();
        List<String> ids = new ArrayList<>(n);
        int[] labels = new int[n];
        float[][][] features = s.dense() ? new float[n][][] : null;
        int[][] tokens = s.dense() ? null : new int[n][];
        for (int i = 0; i < n; i++) {
            int j = keep.get(i);
            ids.add(s.ids().get(j));
            labels[i] = s.labels()[j];
            if (features != null) {
                features[i] = s.features()[j];
            } else {
                tokens[i] = s.tokens()[j];
            }
        }
        return new LabelledSequences(ids, features, tokens, labels, s.classNames());
    }
}
