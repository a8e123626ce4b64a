package org.rnn4j.classify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.data.SequenceBatches;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TaskTraining;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.Evaluator;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;

/**
 * Sequence classification from a CSV table, from one call: the entry point for {@code rnn4j train
 * --task classify}, {@code rnn4j eval} and {@code rnn4j classify}.
 *
 * <pre>
 * CsvTable table = CsvTable.read(path);
 * ClassifySettings settings = ClassifySettings.longForm("series_id", "frame", "speaker");
 * ClassifyResult r = ClassifyRunner.train(table, settings, ClassifyRunner.defaultHyperParameters(),
 *         RunOptions.none().withListener(progress).withCheckpoints(outDir, 0));
 * r.validation().accuracy();                                  // vs r.validation().majorityAccuracy()
 * ClassifierModel m = ClassifierModel.load(outDir);           // later
 * ClassificationMetrics e = ClassifyRunner.evaluate(m, CsvTable.read(path), false);
 * Predictions p = ClassifyRunner.predict(m, CsvTable.read(other));
 * </pre>
 *
 * <p>What training does: the encoding is fitted on the training sequences; shuffled batches of whole
 * sequences, padded to the longest with the lengths passed on so padding never counts, train a
 * many-to-one network with softmax cross-entropy; the held-out sequences give the validation loss
 * and, after training, the scores. Nothing is chosen by looking at the held-out sequences.
 */
public final class ClassifyRunner {

    private ClassifyRunner() {
    }

    /**
     * Defaults that classify well without tuning on sets of a hundred to a few thousand sequences: a
     * GRU of 64 units, one layer, unidirectional, batch 32, Adam at 3e-3 with norm clipping at 1, 400
     * steps, seed 1.
     */
    public static HyperParameters defaultHyperParameters() {
        return HyperParameters.builder(CellType.GRU, OptimizerSpec.adam(3e-3)).hiddenSize(64).layers(1).batchSize(32)
                .clip(ClipConfig.norm(1.0)).maxSteps(400).seed(1).build();
    }

    /** The embedding width for a vocabulary of {@code v} tokens: {@code v} clamped to [8, 32]. */
    public static int embeddingWidth(int v) {
        return Math.max(8, Math.min(32, v));
    }

    /** Reads and splits the sequences of {@code table} as {@code settings} say and trains on them; see {@link #train(ClassificationData, HyperParameters, RunOptions)}. */
    public static ClassifyResult train(CsvTable table, ClassifySettings settings, HyperParameters hp,
            RunOptions options)
            throws IOException {
        return train(ClassificationData.fromCsv(table, settings), hp, options);
    }

    /**
     * Trains a classifier on {@code data.train()} and scores it on {@code data.validation()}. With
     * {@code options.checkpointDir()} set, the model is saved there at the end (and every
     * {@code checkpointEvery} steps), loadable with {@link ClassifierModel#load}.
     *
     * @throws IOException when a checkpoint cannot be written or a resume directory read
     */
    public static ClassifyResult train(ClassificationData data, HyperParameters hp, RunOptions options)
            throws IOException {
        SequenceEncoding encoding = data.encoding();
        TaskTraining.Streams streams = TaskTraining.streams(hp.seed());
        int classes = encoding.classNames().size();
        SequenceModel network = encoding.tokenInput()
                ? TaskTraining.newModel(hp, encoding.inputSize(), embeddingWidth(encoding.inputSize()), classes,
                        OutputMode.LAST_STEP, streams.init())
                : TaskTraining.newModel(hp, 0, encoding.inputSize(), classes, OutputMode.LAST_STEP, streams.init());
        ClassifierModel model = new ClassifierModel(network, encoding);
        SequenceBatches source = new SequenceBatches(data.train(), hp.batchSize(), streams.data());
        LabelledSequences held = data.validation();
        DoubleSupplier validation = null;
        if (held != null) {
            validation = () -> {
                SequenceBatches batches = new SequenceBatches(held, 64, null);
                return new Evaluator().meanLoss(network, batches, batches.batchesPerEpoch(), LossKind.CROSS_ENTROPY);
            };
        }
        ObjectNode task = model.taskJson(hp.toJson());
        TrainingSummary summary = TaskTraining.fit(network, source, streams.dropout(), LossKind.CROSS_ENTROPY, hp,
                options, validation, task);
        ClassificationMetrics metrics = held == null ? null : model.evaluate(held);
        return new ClassifyResult(model, summary, metrics);
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
        SequenceEncoding.Encoded encoded = model.encoding().encode(table, true);
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
     * may be missing. Characters outside the vocabulary are skipped and counted.
     */
    public static Predictions predict(ClassifierModel model, CsvTable table) {
        SequenceEncoding.Encoded encoded = model.encoding().encode(table, false);
        double[][] p = model.predict(encoded.sequences());
        return new Predictions(encoded.sequences().ids(), model.encoding().classNames(), p, ClassifierModel.argmax(p),
                encoded.skippedTokens());
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
