package org.rnn4j.data.synthetic;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.train.Batch;
import org.rnn4j.train.BatchSource;
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
public final class AddingProblem implements BatchSource {

    /** Input features per step: the value and the marker. */
    public static final int FEATURES = 2;
    /** Outputs per sequence: the predicted sum. */
    public static final int OUTPUTS = 1;
    /** The mean squared error of predicting 1 for every sequence: {@code Var(U + U') = 1/6}. */
    public static final double BASELINE_MSE = 1.0 / 6.0;

    private final int steps;
    private final int batch;
    private final Rng rng;
    private long batches;

    /**
     * @param steps T, at least 2 (one step in each half)
     * @param batch B, sequences per batch
     * @param seed  seeds the generator that draws every value and marker position
     */
    public AddingProblem(int steps, int batch, long seed) {
        if (steps < 2) {
            throw new InvalidInputException(
                    "the adding problem needs T >= 2 (one marker in each half), got T=" + steps);
        }
        if (batch <= 0) {
            throw new InvalidInputException("batch size must be positive, got " + batch);
        }
        this.steps = steps;
        this.batch = batch;
        this.rng = new Rng(seed);
    }

    public int steps() {
        return steps;
    }

    public int batchSize() {
        return batch;
    }

    /**
     * A fresh batch: features [T, B, 2] (value, marker), targets [B, 1]. The arrays are new at every
     * call, so a caller may keep a batch (a fixed test set).
     */
    @Override
    public Batch next() {
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
        batches++;
        return Batch.features(steps, batch, features).valueTargets(targets);
    }

    /** Always 0: the stream is endless and never completes a pass. */
    @Override
    public long epoch() {
        return 0;
    }

    /** {@code rng}: the generator's state; {@code batches}: batches drawn so far (informational). */
    @Override
    public Map<String, Long> cursor() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("rng", rng.state());
        m.put("batches", batches);
        return m;
    }

    @Override
    public void restore(Map<String, Long> cursor) {
        Long state = cursor.get("rng");
        Long count = cursor.get("batches");
        if (state == null || count == null || count < 0) {
            throw new InvalidInputException("data cursor " + cursor + " is not an adding-problem cursor"
                    + " (expected keys rng and batches) — was the checkpoint made with another --task?");
        }
        rng.setState(state);
        batches = count;
    }
}
