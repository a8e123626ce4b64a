package org.rnn4j.train;

/**
 * One training or evaluation batch, time-major. Exactly one of {@code tokens} and {@code features}
 * is set, and exactly one of {@code classTargets} and {@code valueTargets}.
 *
 * @param steps         T
 * @param batch         B
 * @param tokens        [T, B] token ids, or null
 * @param features      [T, B, F] dense input, or null
 * @param lengths       valid steps per sequence in [0, T] (0: the sequence has ended, its state
 *                      passes through), or null when all are T
 * @param classTargets  class ids: [T, B] for every-step models ({@code SoftmaxCrossEntropy.IGNORE} at
 *                      padded steps) or [B] for last-step models; or null
 * @param valueTargets  regression targets: [T, B, O] or [B, O]; or null
 * @param resetState    per sequence, whether its carried state is zeroed before this batch (a new
 *                      document or sequence starts); null = none
 * @param carryState    whether this batch starts from the state the previous batch left (truncated
 *                      BPTT) instead of zeros
 */
public record Batch(int steps, int batch, int[] tokens, float[] features, int[] lengths, int[] classTargets,
        float[] valueTargets, boolean[] resetState, boolean carryState) {

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
}
