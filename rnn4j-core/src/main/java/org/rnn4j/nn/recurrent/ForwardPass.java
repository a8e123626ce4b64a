package org.rnn4j.nn.recurrent;

/**
 * The arguments of one forward pass of one direction of one layer, with the legend of
 * {@link DirectionalRecurrence}.
 *
 * @param input   [T, B, I], read; kept by reference for the backward pass, so not modified until then
 * @param steps   T
 * @param batch   B
 * @param lengths valid steps per sequence, each in [0, T], or null when all are T
 * @param keep    whether to keep every step's projections and gates for the backward pass; without,
 *                one step's buffers are reused (inference)
 * @param h0      initial state [B, S], or null for zeros
 * @param c0      initial cell state [B, H] (LSTM), or null for zeros
 * @param out     written: this direction's state after every step; exactly 0 at inactive positions
 * @param hN      written: final state [B, S]
 * @param cN      written: final cell state [B, H] (LSTM), or null when not wanted
 */
record ForwardPass(float[] input, int steps, int batch, int[] lengths, boolean keep, Slice h0, Slice c0, Columns out,
        Slice hN, Slice cN) {

    /** Whether sequence {@code b} is still running at step {@code t}. */
    boolean active(int t, int b) {
        return lengths == null || t < lengths[b];
    }
}
