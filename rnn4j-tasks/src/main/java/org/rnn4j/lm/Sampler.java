package org.rnn4j.lm;

import org.rnn4j.InvalidInputException;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.util.Rng;

/**
 * Draws text from a character language model one character at a time (B = 1), carrying the
 * recurrent state from step to step.
 *
 * <p>Each draw takes the logits {@code z} of the last character read and samples from
 * {@code softmax(z / temperature)} restricted to the {@code topK} most likely characters (ties broken
 * toward the lower id). Temperature 0 takes the most likely character. All randomness comes from the
 * generator given, so a seed gives the same text.
 *
 * <p>A run starts either from a priming text ({@link #prime}), whose characters unseen in training are
 * skipped and counted, or, without one, from a newline when the vocabulary has one (a text's lines
 * start after one), else from the vocabulary's first character; that start character is read, not
 * returned.
 *
 * <p>Not thread-safe; the model is used exclusively while sampling.
 */
public final class Sampler {

    private final SequenceModel model;
    private final Vocabulary vocabulary;
    private final Rng rng;
    private final RecurrentState state;
    private final int[] input = new int[1];
    private final float[] logits;    // [V] after the last character read
    private final double[] weights;  // [V] scratch
    private boolean hasLogits;

    /**
     * @param model      a character language model (token input, a prediction at every step)
     * @param vocabulary the model's vocabulary, as stored with it
     * @param rng        the source of every draw
     */
    public Sampler(SequenceModel model, Vocabulary vocabulary, Rng rng) {
        LmEvaluator.checkLanguageModel(model.config());
        if (vocabulary.size() != model.config().vocabSize()) {
            throw new InvalidInputException("the vocabulary has " + vocabulary.size() + " characters but the model "
                    + model.config().vocabSize() + " — are they from the same model directory?");
        }
        this.model = model;
        this.vocabulary = vocabulary;
        this.rng = rng;
        this.state = new RecurrentState(model.config().rnn(), 1);
        this.logits = new float[vocabulary.size()];
        this.weights = new double[vocabulary.size()];
    }

    /** Forgets everything read: zero state, no prediction yet. */
    public void reset() {
        state.zero();
        hasLogits = false;
    }

    /**
     * Reads a priming text. Characters not in the vocabulary are skipped.
     *
     * @return how many characters were skipped
     */
    public int prime(String text) {
        Vocabulary.Encoded encoded = vocabulary.encode(text);
        for (int id : encoded.ids()) {
            read(id);
        }
        return encoded.skipped();
    }

    /** Reads one character id, advancing the state; its prediction is kept for the next draw. */
    public void read(int id) {
        if (id < 0 || id >= vocabulary.size()) {
            throw new InvalidInputException(
                    "character id " + id + " is outside the vocabulary of " + vocabulary.size());
        }
        model.inferenceOnly();
        input[0] = id;
        float[] out = model.forwardTokens(input, 1, 1, null, state);
        model.finalState(state);
        System.arraycopy(out, 0, logits, 0, logits.length);
        hasLogits = true;
    }

    /**
     * Draws the next character id from the last prediction without reading it.
     *
     * @param temperature ≥ 0; 0 = most likely; 1 = the model's distribution; higher = flatter
     * @param topK        ≥ 0; 0 = every character
     */
    public int draw(double temperature, int topK) {
        checkSettings(temperature, topK);
        if (!hasLogits) {
            int newline = vocabulary.id('\n');
            read(newline >= 0 ? newline : 0);
        }
        int v = logits.length;
        if (temperature == 0) {
            return argmax();
        }
        float threshold = topK > 0 && topK < v ? kthLargest(topK) : Float.NEGATIVE_INFINITY;
        int allowedBelowTies = topK > 0 && topK < v ? topK - countAbove(threshold) : Integer.MAX_VALUE;
        float max = logits[argmax()];
        double sum = 0;
        for (int i = 0; i < v; i++) {
            double w = 0;
            if (logits[i] > threshold) {
                w = Math.exp((logits[i] - max) / temperature);
            } else if (logits[i] == threshold && allowedBelowTies > 0) {
                allowedBelowTies--;
                w = Math.exp((logits[i] - max) / temperature);
            }
            weights[i] = w;
            sum += w;
        }
        double u = rng.nextDouble() * sum;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < v; i++) {
            if (weights[i] > 0) {
                cumulative += weights[i];
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last; // u fell on the rounding edge of the sum
    }

    /** Draws and reads {@code length} characters, returning them as text. */
    public String generate(int length, double temperature, int topK) {
        checkSettings(temperature, topK);
        if (length < 0) {
            throw new InvalidInputException("length must be ≥ 0, got " + length);
        }
        StringBuilder out = new StringBuilder(length);
        for (int n = 0; n < length; n++) {
            int id = draw(temperature, topK);
            out.append(vocabulary.symbol(id));
            read(id);
        }
        return out.toString();
    }

    /** The carried state (B = 1), shared: a copy is the caller's to make. */
    public RecurrentState state() {
        return state;
    }

    private static void checkSettings(double temperature, int topK) {
        if (!(temperature >= 0) || !Double.isFinite(temperature)) {
            throw new InvalidInputException("temperature must be a finite number ≥ 0, got " + temperature);
        }
        if (topK < 0) {
            throw new InvalidInputException("top-k must be ≥ 0 (0 = all characters), got " + topK);
        }
    }

    private int argmax() {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private int countAbove(float threshold) {
        int n = 0;
        for (float z : logits) {
            if (z > threshold) {
                n++;
            }
        }
        return n;
    }

    /** The k-th largest logit, by partial selection over a copy (V is small). */
    private float kthLargest(int k) {
        float[] copy = logits.clone();
        java.util.Arrays.sort(copy);
        return copy[copy.length - k];
    }
}
