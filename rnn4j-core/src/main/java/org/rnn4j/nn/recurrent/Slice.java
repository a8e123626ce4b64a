package org.rnn4j.nn.recurrent;

/**
 * A block of a larger array, {@code array[offset ...]}: one layer's and direction's {@code [B, ·]}
 * rows of a {@code [L*D, B, ·]} state array.
 *
 * @param array  the whole array
 * @param offset where the block starts
 */
record Slice(float[] array, int offset) {

    /** The block at {@code offset} of {@code array}, or null when there is no array (zeros, or not wanted). */
    static Slice of(float[] array, int offset) {
        return array == null ? null : new Slice(array, offset);
    }
}
