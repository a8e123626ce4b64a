package org.rnn4j.task;

import java.util.Locale;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;

/**
 * The memory a training run implies, checked against the heap before anything is allocated, so that
 * sizes from options, a resumed {@code config.json} or the data ({@code --hidden 1000000},
 * {@code --seq-len 1000000}, a vocabulary of 200,000 characters) give one line naming the size, the
 * estimate and the heap instead of an {@code OutOfMemoryError} minutes later.
 *
 * <p>The estimate, in float32: every parameter five times (the weights, their gradient, two optimizer
 * moments and the kernels' packed copy), plus the activations a pass keeps for its backward pass, per
 * step and sequence: every layer and direction's gates and states ({@code (gates + 4) · hidden}), the
 * input, and for a head at every step its scores, probabilities and their gradient. The larger of the
 * training pass ({@code batch × steps}) and the validation pass ({@code 1 × validation steps}) counts.
 * It is a lower bound of what the run uses, not a precise figure: what it refuses cannot run.
 */
public final class TrainingMemory {

    private static final double FLOAT = 4;
    private static final double COPIES_PER_PARAMETER = 5;

    private TrainingMemory() {
    }

    /**
     * Refuses a run whose estimate exceeds the memory the JVM may still allocate.
     *
     * @param inputName         what sets {@code inputSize}, for a message, e.g. {@code "--embedding"}
     * @param timeSteps         steps per training sequence ({@code --seq-len} for a language model)
     * @param timeStepsName     where {@code timeSteps} comes from, for a message, e.g. {@code "--seq-len"}
     * @param validationSteps   steps of one validation pass over batch 1, 0 if none
     * @throws InvalidInputException naming the size that dominates, the estimate and the maximum heap
     */
    public static void check(HyperParameters hp, int vocabSize, int inputSize, String inputName, int outputSize,
            OutputMode output, long timeSteps, String timeStepsName, long validationSteps) {
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        check(hp, vocabSize, inputSize, inputName, outputSize, output, timeSteps, timeStepsName, validationSteps,
                available, rt.maxMemory());
    }

    /** {@link #check} against the given free and maximum heap, for tests. */
    static void check(HyperParameters hp, int vocabSize, int inputSize, String inputName, int outputSize,
            OutputMode output, long timeSteps, String timeStepsName, long validationSteps, long available,
            long maxHeap) {
        double parameters = parameters(hp, vocabSize, inputSize, outputSize);
        double parameterBytes = COPIES_PER_PARAMETER * FLOAT * parameters;
        double perStep = perStepFloats(hp, inputSize, outputSize, output);
        double trainBytes = FLOAT * perStep * hp.batchSize() * (double) timeSteps;
        double validationBytes = FLOAT * perStep * (double) validationSteps;
        double activationBytes = Math.max(trainBytes, validationBytes);
        double total = parameterBytes + activationBytes;
        if (total <= available) {
            return;
        }
        String cause;
        if (parameterBytes >= activationBytes) {
            double embeddingAndHead = (double) vocabSize * inputSize
                    + (double) outputSize * hp.hiddenSize() * (hp.bidirectional() ? 2 : 1);
            if (embeddingAndHead * 2 > parameters && vocabSize > 0) {
                cause = "the vocabulary of " + vocabSize + " symbols";
            } else if (hp.layers() > 4 && hp.layers() >= hp.hiddenSize() / 64) {
                cause = "--layers " + hp.layers();
            } else {
                cause = "--hidden " + hp.hiddenSize();
            }
            cause += String.format(Locale.ROOT, " (%.3g parameters, each with its gradient and optimizer state)",
                    parameters);
        } else {
            double recurrent = perStepFloats(hp, 0, 0, output);
            double head = perStepFloats(hp, 0, outputSize, output) - recurrent;
            String each = recurrent >= inputSize && recurrent >= head
                    ? "--layers " + hp.layers() + " of --hidden " + hp.hiddenSize()
                    : inputSize >= head ? inputName + " " + inputSize : "the head's " + outputSize + " outputs";
            cause = (validationBytes > trainBytes
                    ? "the validation pass of " + validationSteps + " steps"
                    : "the activations of --batch " + hp.batchSize() + " × " + timeSteps + " steps (" + timeStepsName
                            + ")")
                    + ", each step through " + each;
        }
        throw new InvalidInputException("training needs about " + bytes(total) + " of memory, mostly for " + cause
                + ", more than the " + bytes(Math.max(available, 0)) + " free of the " + bytes(maxHeap)
                + " maximum heap; use smaller sizes, or give java more memory (-Xmx, e.g. RNN4J_JAVA_OPTS=-Xmx8g)");
    }

    /** The parameter count of the model {@link TaskTraining#newModel} builds, in double (no overflow). */
    static double parameters(HyperParameters hp, int vocabSize, int inputSize, int outputSize) {
        // a config only to count: its own checks are what newModel meets next
        RecurrentConfig rc = new RecurrentConfig(hp.cell(), hp.activation(), inputSize, hp.hiddenSize(), hp.layers(),
                hp.bidirectional(), true, 0, false);
        return ModelDirectory
                .parameterCount(new ModelConfig(vocabSize, rc, outputSize, OutputMode.EVERY_STEP, 0, false));
    }

    private static double perStepFloats(HyperParameters hp, int inputSize, int outputSize, OutputMode output) {
        double gates = hp.cell() == CellType.LSTM ? 4 : hp.cell() == CellType.GRU ? 3 : 1;
        double directions = hp.bidirectional() ? 2 : 1;
        double recurrent = hp.layers() * directions * (gates + 4) * hp.hiddenSize();
        double head = output == OutputMode.EVERY_STEP ? 3.0 * outputSize : 0;
        return recurrent + inputSize + head;
    }

    private static String bytes(double b) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    }
}
