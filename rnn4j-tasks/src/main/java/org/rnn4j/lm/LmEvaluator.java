package org.rnn4j.lm;

import java.util.Arrays;
import org.rnn4j.InvalidInputException;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;

/**
 * The mean next-character loss of a language model over a whole text, with the state carried from
 * character to character, every prediction counted exactly once.
 *
 * <p>Legend: {@code N} ids, {@code N-1} predictions (id {@code i+1} from ids {@code 0..i}), {@code B}
 * segments, {@code T} steps per chunk, {@code W} warm-up steps, {@code V} vocabulary.
 *
 * <p>Speed: one stream of {@code N} steps at batch 1 leaves the matrix kernels idle, so the
 * predictions are cut into {@code B} contiguous segments read side by side, each in chunks of
 * {@code T} steps with its state carried. A segment does not start from a zero state: it first reads
 * the {@code W} characters before it (their predictions are not counted; the first segment has none),
 * so every counted prediction sees at least {@code W} characters of context, or all of the text before
 * it. With {@code W} in the hundreds this matches one pass of a single stream to within the noise of
 * the last digits; {@code B = 1} is exactly that single pass.
 */
public final class LmEvaluator {

    /** Steps per chunk. */
    public static final int DEFAULT_CHUNK = 128;
    /** Context read before each segment's first counted prediction. */
    public static final int DEFAULT_WARMUP = 256;
    /** Upper bound on the number of segments. */
    public static final int DEFAULT_MAX_SEGMENTS = 32;
    /** Segments are made at least this many predictions long, so warm-up stays a small part of the work. */
    public static final int MIN_SEGMENT = 2048;

    private LmEvaluator() {
    }

    /**
     * Scores {@code ids} with the default segmentation: up to {@value #DEFAULT_MAX_SEGMENTS} segments of
     * at least {@value #MIN_SEGMENT} predictions, {@value #DEFAULT_WARMUP} warm-up steps.
     *
     * @param skipped characters already skipped when the text was encoded, reported in the score
     */
    public static LmScore evaluate(SequenceModel model, int[] ids, long skipped) {
        long predictions = Math.max(0, ids.length - 1L);
        int segments = (int) Math.max(1, Math.min(DEFAULT_MAX_SEGMENTS, predictions / MIN_SEGMENT));
        return evaluate(model, ids, skipped, segments, DEFAULT_CHUNK, DEFAULT_WARMUP);
    }

    /**
     * Scores {@code ids} with an explicit segmentation (see the class comment).
     *
     * @param segments B ≥ 1 (lowered to the number of predictions if larger)
     * @param chunk    T ≥ 1
     * @param warmup   W ≥ 0
     * @throws InvalidInputException if the model is not a language model, an id is outside its
     *                               vocabulary, or there are fewer than two ids
     */
    public static LmScore evaluate(SequenceModel model, int[] ids, long skipped, int segments, int chunk, int warmup) {
        checkLanguageModel(model.config());
        if (segments < 1 || chunk < 1 || warmup < 0) {
            throw new IllegalArgumentException("segments and chunk must be ≥ 1 and warm-up ≥ 0, got " + segments + ", "
                    + chunk + ", " + warmup);
        }
        int vocab = model.config().outputSize();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new InvalidInputException(
                        "id " + ids[i] + " at position " + i + " is outside the model's vocabulary"
                                + " of " + vocab);
            }
        }
        long predictions = ids.length - 1L;
        if (predictions < 1) {
            throw new InvalidInputException("the text has " + ids.length + " known characters; at least 2 are needed"
                    + " to predict one from the other"
                    + (skipped > 0 ? " (" + skipped + " were skipped as unseen)" : ""));
        }
        int b = (int) Math.min(segments, predictions);
        long[] first = new long[b];   // first counted prediction of each segment
        long[] start = new long[b];   // first step read (warm-up included)
        long[] steps = new long[b];
        long longest = 0;
        for (int s = 0; s < b; s++) {
            first[s] = s * predictions / b;
            long end = (s + 1) * predictions / b;
            start[s] = Math.max(0, first[s] - warmup);
            steps[s] = end - start[s];
            longest = Math.max(longest, steps[s]);
        }

        model.inferenceOnly();
        RecurrentState state = new RecurrentState(model.config().rnn(), b);
        SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy(model.kernels());
        int[] tokens = new int[chunk * b];
        int[] targets = new int[chunk * b];
        int[] lengths = new int[b];
        double total = 0;
        long counted = 0;
        for (long offset = 0; offset < longest; offset += chunk) {
            int t = (int) Math.min(chunk, longest - offset);
            Arrays.fill(tokens, 0);
            Arrays.fill(targets, SoftmaxCrossEntropy.IGNORE);
            for (int s = 0; s < b; s++) {
                int valid = (int) Math.max(0, Math.min(t, steps[s] - offset));
                lengths[s] = valid;
                for (int k = 0; k < valid; k++) {
                    long i = start[s] + offset + k;
                    tokens[k * b + s] = ids[(int) i];
                    if (i >= first[s]) {
                        targets[k * b + s] = ids[(int) i + 1];
                    }
                }
            }
            float[] logits = model.forwardTokens(tokens, t, b, lengths, state);
            double mean = crossEntropy.forward(logits, t * b, vocab, targets);
            total += mean * crossEntropy.countedRows();
            counted += crossEntropy.countedRows();
            model.finalState(state);
        }
        assert counted == predictions;
        return new LmScore(total / counted, counted, skipped);
    }

    /** Refuses models that cannot be character language models, saying why. */
    static void checkLanguageModel(ModelConfig config) {
        if (!config.tokenInput()) {
            throw new InvalidInputException(
                    "this model reads numeric features, not characters; it is not a language model");
        }
        if (config.output() != OutputMode.EVERY_STEP) {
            throw new InvalidInputException("this model predicts one output per sequence, not the next character;"
                    + " it is not a language model");
        }
        if (config.outputSize() != config.vocabSize()) {
            throw new InvalidInputException(
                    "this model has " + config.vocabSize() + " input tokens but " + config.outputSize()
                            + " outputs; a language model predicts its own vocabulary");
        }
        if (config.rnn().bidirectional()) {
            throw new InvalidInputException("this model is bidirectional: it reads the future, so it cannot predict"
                    + " the next character");
        }
    }
}
