package org.rnn4j.data.synthetic;

import org.rnn4j.InvalidInputException;
import org.rnn4j.train.Batch;
import org.rnn4j.util.Rng;

/**
 * The adding problem, as Arjovsky, Shah and Bengio, "Unitary Evolution Recurrent Neural Networks"
 * (ICML 2016, §4.3) state it, after Hochreiter and Schmidhuber (1997, experiment 4).
 *
 * <p>Each sequence has {@code T} steps of {@value #FEATURES} features {@code [value, marker]}:
 * {@code value ~ U[0, 1)} independently at every step; {@code marker} is 1 at exactly two steps and
 * 0 elsewhere. Convention (Arjovsky et al.): the first marked step is uniform in the first half
 * {@code [0, ⌊T/2⌋)}, the second uniform in the second half {@code [⌊T/2⌋, T)}. The target, read
 * after the last step ({@link org.rnn4j.model.OutputMode#LAST_STEP}, one output), is the sum of the
 * two marked values.
 *
 * <p>Baseline: the sum of two independent {@code U[0,1)} values has mean 1 and variance
 * {@code 2 · 1/12 = 1/6}, so the best prediction that ignores the input, the constant 1, has mean
 * squared error {@value #BASELINE_MSE}. A model beats it only by remembering a value seen up to
 * {@code T} steps before the end.
 *
 * <p>Batches are {@code [T, B, 2]} time-major features and {@code [B, 1]} targets, every sequence
 * of full length, no state carried between batches. The stream is endless and fresh; its position
 * is the generator's state ({@link #cursor()}).
 */
public final class AddingProblem extends GeneratedStream {

    /** Input features per step: the value and the marker. */
    public static final int FEATURES = 2;
    /** Outputs per sequence: the predicted sum. */
    public static final int OUTPUTS = 1;
    /** The mean squared error of predicting 1 for every sequence: {@code Var(U + U') = 1/6}. */
    public static final double BASELINE_MSE = 1.0 / 6.0;

    private final int steps;
    private final int batch;

    /**
     * @param steps T, at least 2 (one step in each half)
     * @param batch B, sequences per batch
     * @param seed  seeds the generator that draws every value and marker position
     */
    public AddingProblem(int steps, int batch, long seed) {
        super(seed, "an adding-problem cursor");
        if (steps < 2) {
            throw new InvalidInputException(
                    "the adding problem needs T >= 2 (one marker in each half), got T=" + steps);
        }
        if (batch <= 0) {
            throw new InvalidInputException("batch size must be positive, got " + batch);
        }
        this.steps = steps;
        this.batch = batch;
    }

    public int steps() {
        return steps;
    }

    public int batchSize() {
        return batch;
    }

    /** A fresh batch: features [T, B, 2] (value, marker), targets [B, 1]. */
    @Override
    Batch draw(Rng rng) {
        float[] features = new float[steps * batch * FEATURES];  // [T, B, 2]
        float[] targets = new float[batch * OUTPUTS];             // [B, 1]
        int half = steps / 2;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                features[(t * batch + b) * FEATURES] = (float) rng.nextDouble();
            }
            int first = rng.nextInt(half);
            int second = half + rng.nextInt(steps - half);
            features[(first * batch + b) * FEATURES + 1] = 1f;
            features[(second * batch + b) * FEATURES + 1] = 1f;
            // the target is the sum of the float inputs the model sees, added in double
            targets[b] = (float) ((double) features[(first * batch + b) * FEATURES]
                    + features[(second * batch + b) * FEATURES]);
        }
        return Batch.features(steps, batch, features).valueTargets(targets);
    }
}
