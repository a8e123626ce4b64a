package org.rnn4j.data.synthetic;

import java.util.Locale;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.train.BatchSource;
import org.rnn4j.train.LossKind;

/**
 * The synthetic tasks by name, with what a model for each must look like: its input, its head, its
 * loss and the baseline loss of a model that has no memory.
 */
public enum SyntheticTask {

    /** {@link AddingProblem}: dense input of 2 features, one regression output after the last step, MSE. */
    ADDING,
    /** {@link CopyTask}: tokens of a 10-letter alphabet, 10 classes at every step, cross-entropy. */
    COPY;

    /** The lower-case name used on the command line: {@code adding} or {@code copy}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code adding} or {@code copy}, case-insensitively. */
    public static SyntheticTask parse(String id) {
        for (SyntheticTask t : values()) {
            if (t.id().equalsIgnoreCase(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("task must be adding or copy, got '" + id + "'");
    }

    /** A fresh stream of batches for length parameter {@code T}. */
    public BatchSource source(int lengthT, int batch, long seed) {
        return this == ADDING ? new AddingProblem(lengthT, batch, seed) : new CopyTask(lengthT, batch, seed);
    }

    /** Steps per sequence for length parameter {@code T}: {@code T} (adding) or {@code T + 20} (copy). */
    public int sequenceLength(int lengthT) {
        return this == ADDING ? lengthT : CopyTask.sequenceLength(lengthT);
    }

    public LossKind lossKind() {
        return this == ADDING ? LossKind.MSE : LossKind.CROSS_ENTROPY;
    }

    /** The loss of the best model without memory: 1/6 (adding, MSE) or {@code 10 ln 8 / (T+20)} (copy, nats). */
    public double baselineLoss(int lengthT) {
        return this == ADDING ? AddingProblem.BASELINE_MSE : CopyTask.baselineCrossEntropy(lengthT);
    }

    /**
     * A model configuration for this task around a recurrent stack; the stack's {@code inputSize} is
     * replaced by what the task needs (2 features for adding; the embedding width, kept as given, for
     * copy).
     */
    public ModelConfig modelConfig(RecurrentConfig rnn) {
        if (this == ADDING) {
            RecurrentConfig rc = new RecurrentConfig(rnn.cell(), rnn.activation(), AddingProblem.FEATURES,
                    rnn.hiddenSize(), rnn.numLayers(), rnn.bidirectional(), rnn.bias(), rnn.projSize(), false);
            return new ModelConfig(0, rc, AddingProblem.OUTPUTS, OutputMode.LAST_STEP, 0, false);
        }
        return new ModelConfig(CopyTask.ALPHABET, rnn, CopyTask.ALPHABET, OutputMode.EVERY_STEP, 0, false);
    }
}
