package org.rnn4j.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.data.SequenceBatches;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.task.TaskModels;
import org.rnn4j.train.Batch;

/**
 * A trained sequence classifier: a many-to-one {@link SequenceModel} (the head reads each unit's
 * maximum over the sequence, each sequence's final state, or, for sequences of one length, every step's
 * output; both directions' when bidirectional) with the {@link SequenceEncoding} that turns a table's
 * sequences into its input, and, when training chose one, the {@link ClassifierBlend} that mixes a
 * linear model into its probabilities.
 *
 * <p>In a model directory the task object is
 * <pre>
 * {"task": "classify", "encoding": {@link SequenceEncoding#toJson()}, "hyper_parameters": {...},
 *  "blend": {@link ClassifierBlend#toJson()} (when there is one)}
 * </pre>
 * Not thread-safe (the model's buffers are reused).
 *
 * @param blend null for the network alone
 */
public record ClassifierModel(SequenceModel model, SequenceEncoding encoding, ClassifierBlend blend) {

    /** The task name in a model directory's task object. */
    public static final String TASK = "classify";
    /** The task object's key of the blend. */
    public static final String BLEND_KEY = "blend";
    private static final int PREDICT_BATCH = 64;

    /** The network alone. */
    public ClassifierModel(SequenceModel model, SequenceEncoding encoding) {
        this(model, encoding, null);
    }

    public ClassifierModel {
        if (blend != null && !linearFits(blend.linear(), encoding)) {
            throw new InvalidInputException("the blend's linear model (" + blend.linear().reads() + ", "
                    + blend.linear().classes() + " classes) does not fit the sequence encoding ("
                    + encoding.inputSize() + (encoding.tokenInput() ? " tokens" : " dense features") + ", "
                    + encoding.classNames().size() + " classes)");
        }
        boolean fits = model.config().output().perSequence()
                && model.config().outputSize() == encoding.classNames().size()
                && (encoding.tokenInput()
                        ? model.config().vocabSize() == encoding.inputSize()
                        : !model.config().tokenInput() && model.config().rnn().inputSize() == encoding.inputSize());
        if (!fits) {
            throw new InvalidInputException("the network (" + ModelDirectory.modelToJson(model.config())
                    + ") does not fit the sequence encoding: expected a model with one output row per sequence, "
                    + (encoding.tokenInput()
                            ? "a vocabulary of " + encoding.inputSize() + " tokens"
                            : encoding.inputSize() + " dense inputs")
                    + " and " + encoding.classNames().size() + " outputs");
        }
    }

    private static boolean linearFits(LinearClassifier linear, SequenceEncoding encoding) {
        if (linear.classes() != encoding.classNames().size()) {
            return false;
        }
        return linear instanceof PositionLinear p
                ? encoding.tokenInput() && p.vocab() == encoding.inputSize()
                : !encoding.tokenInput() && ((SummaryLinear) linear).features() == encoding.inputSize();
    }

    /** This classifier with {@code b} as its blend (null: the network alone). */
    public ClassifierModel withBlend(ClassifierBlend b) {
        return new ClassifierModel(model, encoding, b);
    }

    /** The network alone, without the blend. */
    public ClassifierModel withoutBlend() {
        return withBlend(null);
    }

    /**
     * Class probabilities of every sequence, in the order of {@code sequences}: the softmax of the
     * network's head, mixed with the linear model's as the blend says when there is one.
     *
     * @return [N][C], rows summing to 1
     */
    public double[][] predict(LabelledSequences sequences) {
        if (blend != null && blend.networkWeight() == 0) {
            return blend.linear().probabilities(sequences);   // the network's share is nothing: skip it
        }
        double[][] p = predictNetwork(sequences);
        return blend == null || blend.networkWeight() == 1
                ? p
                : blend.mixInPlace(p, blend.linear().probabilities(sequences));
    }

    private double[][] predictNetwork(LabelledSequences sequences) {
        if (sequences.dense() == encoding.tokenInput()) {
            throw new InvalidInputException("the sequences are " + (sequences.dense() ? "dense features" : "tokens")
                    + " but the model reads " + (encoding.tokenInput() ? "tokens" : "dense features"));
        }
        int n = sequences.size();
        if (model.config().output() == OutputMode.ALL_STEPS) {
            int want = model.config().positions();
            for (int i = 0; i < n; i++) {
                if (sequences.length(i) != want) {
                    throw new InvalidInputException("this classifier reads sequences of exactly " + want
                            + " steps, as it was trained on; sequence '" + sequences.ids().get(i)
                            + "' has " + sequences.length(i));
                }
            }
        }
        int c = encoding.classNames().size();
        double[][] out = new double[n][c];
        eachRow(sequences, (row, logits, at, max) -> {
            double sum = 0;
            for (int k = 0; k < c; k++) {
                out[row][k] = Math.exp(logits[at + k] - max);
                sum += out[row][k];
            }
            for (int k = 0; k < c; k++) {
                out[row][k] /= sum;
            }
        });
        return out;
    }

    /**
     * The mean cross-entropy (nats) of the network (without the blend: what training watches) on labelled sequences, each weighted by its class's
     * weight when {@code classWeights} is given: {@code Σ w[y]·(-log p[y]) / Σ w[y]}, from the logits
     * by log-sum-exp, summed in double.
     *
     * @param classWeights [C] or null for the plain mean
     */
    public double meanLoss(LabelledSequences sequences, double[] classWeights) {
        double[] totals = lossSums(sequences, classWeights);
        return totals[1] == 0 ? Double.NaN : totals[0] / totals[1];
    }

    /**
     * The two sums of {@link #meanLoss}, {@code Σ w[y]·(-log p[y])} and {@code Σ w[y]}: what parts of a
     * validation set scored in different places add up to.
     */
    public double[] lossSums(LabelledSequences sequences, double[] classWeights) {
        int c = encoding.classNames().size();
        int[] labels = sequences.labels();
        double[] totals = new double[2];
        eachRow(sequences, (row, logits, at, max) -> {
            double sum = 0;
            for (int k = 0; k < c; k++) {
                sum += Math.exp(logits[at + k] - max);
            }
            int y = labels[row];
            double w = classWeights == null ? 1 : classWeights[y];
            totals[0] += w * (max + Math.log(sum) - logits[at + y]);
            totals[1] += w;
        });
        return totals;
    }

    /** One sequence's logits: row {@code row} of the input, its C values from {@code at}, their maximum. */
    private interface RowLogits {
        void accept(int row, float[] logits, int at, double max);
    }

    /** Runs the model over {@code sequences} in batches and hands each sequence's logits on, in order. */
    private void eachRow(LabelledSequences sequences, RowLogits consumer) {
        int c = encoding.classNames().size();
        SequenceBatches batches = new SequenceBatches(sequences, PREDICT_BATCH, null);
        model.inferenceOnly();
        int row = 0;
        for (long i = 0; i < batches.batchesPerEpoch(); i++) {
            Batch b = batches.next();
            float[] logits = forward(b);
            for (int s = 0; s < b.batch(); s++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) {
                    max = Math.max(max, logits[s * c + k]);
                }
                consumer.accept(row++, logits, s * c, max);
            }
        }
    }

    private float[] forward(Batch b) {
        return b.tokens() != null
                ? model.forwardTokens(b.tokens(), b.steps(), b.batch(), b.lengths(), null)
                : model.forwardDense(b.features(), b.steps(), b.batch(), b.lengths(), null);
    }

    /** The most probable class of each row of {@code probabilities} (the lowest id on a tie). */
    public static int[] argmax(double[][] probabilities) {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            int best = 0;
            for (int k = 1; k < probabilities[i].length; k++) {
                if (probabilities[i][k] > probabilities[i][best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Scores the model on labelled sequences. */
    public ClassificationMetrics evaluate(LabelledSequences sequences) {
        int[] predicted = argmax(predict(sequences));
        return ClassificationMetrics.of(encoding.classNames(), sequences.labels(), predicted, encoding.majorityClass());
    }

    /**
     * The model directory's task object: {@code task}, {@code encoding} and, for provenance,
     * {@code hyper_parameters} (may be null).
     */
    public ObjectNode taskJson(ObjectNode hyperParameters) {
        ObjectNode task = TaskModels.taskObject(TASK, "encoding", encoding.toJson(), hyperParameters);
        if (blend != null) {
            task.set(BLEND_KEY, blend.toJson());
        }
        return task;
    }

    /** Saves weights and encoding (no training state) into {@code dir}. */
    public void save(Path dir, long seed) throws IOException {
        TaskModels.save(dir, model, taskJson(null), seed);
    }

    /**
     * Loads a classifier saved by {@link #save} or by a training run.
     *
     * @throws InvalidInputException when {@code dir} is missing or corrupt, holds another task's model, or
     *                               its encoding does not fit its network
     */
    public static ClassifierModel load(Path dir) throws IOException {
        return TaskModels.load(dir, ClassifierModel::fromContents);
    }

    /** A classifier from a loaded model directory (see {@link #load}). */
    public static ClassifierModel fromContents(ModelDirectory.Contents contents, String source) {
        TaskModels.requireTask(contents, TASK, source, "a classification model");
        SequenceEncoding encoding = SequenceEncoding.fromJson(contents.task().get("encoding"), source);
        JsonNode b = contents.task().get(BLEND_KEY);
        ClassifierBlend blend = b == null || b.isNull() ? null : ClassifierBlend.fromJson(b, source);
        return TaskModels.assemble(source, () -> new ClassifierModel(contents.model(), encoding, blend));
    }
}
