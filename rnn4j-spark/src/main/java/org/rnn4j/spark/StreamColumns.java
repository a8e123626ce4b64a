package org.rnn4j.spark;

/**
 * Copies the streams {@code [first, first + count)} out of and into a carried state laid out
 * {@code [K, B, S]} ({@code K} = layers × directions, {@code B} streams, {@code S} values per stream),
 * the layout of {@code RecurrentState}.
 */
final class StreamColumns {

    private StreamColumns() {
    }

    /** [K, count, S] from {@code all} [K, B, S]. */
    static float[] extract(float[] all, int blocks, int batch, int first, int count) {
        int s = all.length / (blocks * batch);
        float[] out = new float[blocks * count * s];
        for (int k = 0; k < blocks; k++) {
            System.arraycopy(all, (k * batch + first) * s, out, k * count * s, count * s);
        }
        return out;
    }

    /** Writes {@code part} [K, count, S] into {@code all} [K, B, S]. */
    static void insert(float[] part, float[] all, int blocks, int batch, int first, int count) {
        int s = all.length / (blocks * batch);
        for (int k = 0; k < blocks; k++) {
            System.arraycopy(part, k * count * s, all, (k * batch + first) * s, count * s);
        }
    }
}
