package org.rnn4j.train;

/**
 * One training or evaluation batch, time-major. Exactly one of {@code tokens} and {@code features}
 * is set, and exactly one of {@code classTargets} and {@code valueTargets}; the constructor checks
 * both rules and the sizes the batch's own {@code T} and {@code B} fix.
 *
 * <p>Built by naming its parts, input first, then lengths, then target:
 * <pre>
 *   Batch.tokens(T, B, ids).classTargets(next);                      // [T, B] tokens, [T, B] classes
 *   Batch.features(T, B, x).lengths(lengths).classTargets(labels);   // padded sequences, [B] classes
 *   Batch.features(T, B, x).valueTargets(y);                         // [T, B, F] input, [B, O] values
 *   Batch.tokens(T, B, ids).classTargets(next).carryingState(reset); // truncated BPTT
 * </pre>
 *
 * @param steps        T
 * @param batch        B
 * @param tokens       [T, B] token ids, or null
 * @param features     [T, B, F] dense input, or null
 * @param lengths      [B] valid steps per sequence in [0, T] (0: the sequence has ended, its state
 *                     passes through), or null when all are T
 * @param classTargets class ids: [T, B] for every-step models ({@code SoftmaxCrossEntropy.IGNORE} at
 *                     padded steps) or [B] for last-step models; or null
 * @param valueTargets regression targets: [T, B, O] or [B, O]; or null
 * @param resetState   [B] per sequence, whether its carried state is zeroed before this batch (a new
 *                     document or sequence starts); null = none
 * @param carryState   whether this batch starts from the state the previous batch left (truncated
 *                     BPTT) instead of zeros
 */
public record Batch(int steps, int batch, int[] tokens, float[] features, int[] lengths, int[] classTargets,
        float[] valueTargets, boolean[] resetState, boolean carryState) {

    /**
     * @throws IllegalArgumentException when there is not exactly one input and one target, or an
     *                                  array's size does not fit {@code T} and {@code B}
     */
    public Batch {
        if (steps < 0 || batch < 0) {
            throw new IllegalArgumentException(
                    "a batch needs T >= 0 steps and B >= 0 sequences, got T=" + steps + ", B=" + batch);
        }
        if ((tokens == null) == (features == null)) {
            throw new IllegalArgumentException("a batch has exactly one input, tokens [T, B] or features [T, B, F];"
                    + (tokens == null ? " got neither" : " got both"));
        }
        if ((classTargets == null) == (valueTargets == null)) {
            throw new IllegalArgumentException("a batch has exactly one target, classTargets [T, B] or [B], or"
                    + " valueTargets [T, B, O] or [B, O];" + (classTargets == null ? " got neither" : " got both"));
        }
        int cells = steps * batch;
        if (tokens != null && tokens.length != cells) {
            throw new IllegalArgumentException(
                    "tokens should be [T, B] = " + cells + " ids (T=" + steps + ", B=" + batch + "), got "
                            + tokens.length);
        }
        if (features != null && (cells == 0 ? features.length != 0 : features.length % cells != 0)) {
            throw new IllegalArgumentException("features should be [T, B, F], a multiple of T·B = " + cells
                    + " values (T=" + steps + ", B=" + batch + "), got " + features.length);
        }
        if (classTargets != null && classTargets.length != cells && classTargets.length != batch) {
            throw new IllegalArgumentException("classTargets should be [T, B] = " + cells + " or [B] = " + batch
                    + " class ids, got " + classTargets.length);
        }
        if (valueTargets != null && (batch == 0 ? valueTargets.length != 0 : valueTargets.length % batch != 0)) {
            throw new IllegalArgumentException("valueTargets should be [T, B, O] or [B, O], a multiple of B = "
                    + batch + " values, got " + valueTargets.length);
        }
        if (lengths != null && lengths.length != batch) {
            throw new IllegalArgumentException(
                    "lengths should be [B] = " + batch + " step counts, got " + lengths.length);
        }
        if (resetState != null && resetState.length != batch) {
            throw new IllegalArgumentException(
                    "resetState should be [B] = " + batch + " flags, got " + resetState.length);
        }
    }

    /**
     * A batch of token input; a target follows ({@link Inputs#classTargets}, {@link Inputs#valueTargets}).
     *
     * @param tokens [T, B] token ids
     */
    public static Inputs tokens(int steps, int batch, int[] tokens) {
        return new Inputs(steps, batch, tokens, null, null);
    }

    /**
     * A batch of dense input; a target follows ({@link Inputs#classTargets}, {@link Inputs#valueTargets}).
     *
     * @param features [T, B, F] input features
     */
    public static Inputs features(int steps, int batch, float[] features) {
        return new Inputs(steps, batch, null, features, null);
    }

    /**
     * This batch, starting from the state the previous carrying batch left (truncated BPTT).
     *
     * @param resetState [B] per sequence, whether its carried state is zeroed first; null = none
     */
    public Batch carryingState(boolean[] resetState) {
        return new Batch(steps, batch, tokens, features, lengths, classTargets, valueTargets, resetState, true);
    }

    /** This batch, starting from the state the previous carrying batch left, no sequence reset. */
    public Batch carryingState() {
        return carryingState(null);
    }

    /** The number of target positions the loss averages over (tokens, sequences or values). */
    public int positions() {
        if (classTargets != null) {
            int n = 0;
            for (int y : classTargets) {
                if (y >= 0) {
                    n++;
                }
            }
            return n;
        }
        return valueTargets.length;
    }

    /**
     * The input half of a batch being built ({@link #tokens}, {@link #features}): optional lengths,
     * then the target, which makes the {@link Batch}.
     */
    public static final class Inputs {

        private final int steps;
        private final int batch;
        private final int[] tokens;
        private final float[] features;
        private final int[] lengths;

        private Inputs(int steps, int batch, int[] tokens, float[] features, int[] lengths) {
            this.steps = steps;
            this.batch = batch;
            this.tokens = tokens;
            this.features = features;
            this.lengths = lengths;
        }

        /**
         * Sequences of different lengths, padded to T.
         *
         * @param lengths [B] valid steps per sequence in [0, T]; null = all T
         */
        public Inputs lengths(int[] lengths) {
            return new Inputs(steps, batch, tokens, features, lengths);
        }

        /**
         * The batch with class targets.
         *
         * @param classTargets [T, B] (every-step models) or [B] (last-step models) class ids
         */
        public Batch classTargets(int[] classTargets) {
            return new Batch(steps, batch, tokens, features, lengths, classTargets, null, null, false);
        }

        /**
         * The batch with regression targets.
         *
         * @param valueTargets [T, B, O] or [B, O] target values
         */
        public Batch valueTargets(float[] valueTargets) {
            return new Batch(steps, batch, tokens, features, lengths, null, valueTargets, null, false);
        }
    }
}
