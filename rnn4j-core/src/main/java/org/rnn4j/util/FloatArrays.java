package org.rnn4j.util;

/**
 * Whole-array reductions over {@code float[]} that run once per optimizer step over every
 * parameter (about a million elements for a 2×256 LSTM), written so that the JIT can keep several
 * operations in flight or vectorize them: at short truncated-BPTT chunks these passes are a visible
 * share of a step.
 */
public final class FloatArrays {

    private FloatArrays() {
    }

    /**
     * {@code Σ x[i]²} over [0, n), in double (a float squared is exact in double). Eight independent
     * sums, added pairwise at the end, so that the additions overlap instead of each waiting on the
     * one before; the result is within a few ulp of a single chain's.
     */
    public static double sumOfSquares(float[] x, int n) {
        return sumOfSquares(x, 0, n);
    }

    /** {@link #sumOfSquares(float[], int)} over {@code x[off .. off+n)}. */
    public static double sumOfSquares(float[] x, int off, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = off;
        int end = off + n;
        for (; i + 8 <= end; i += 8) {
            double v0 = x[i];
            double v1 = x[i + 1];
            double v2 = x[i + 2];
            double v3 = x[i + 3];
            double v4 = x[i + 4];
            double v5 = x[i + 5];
            double v6 = x[i + 6];
            double v7 = x[i + 7];
            s0 += v0 * v0;
            s1 += v1 * v1;
            s2 += v2 * v2;
            s3 += v3 * v3;
            s4 += v4 * v4;
            s5 += v5 * v5;
            s6 += v6 * v6;
            s7 += v7 * v7;
        }
        for (; i < end; i++) {
            double v = x[i];
            s0 += v * v;
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * Whether no element is NaN or infinite: the largest exponent field over the array, a max
     * reduction the JIT vectorizes, rather than a loop that stops at the first bad element.
     */
    public static boolean allFinite(float[] x) {
        return allFinite(x, 0, x.length);
    }

    /** {@link #allFinite(float[])} over {@code x[from .. to)}. */
    public static boolean allFinite(float[] x, int from, int to) {
        int maxExponent = 0;
        for (int i = from; i < to; i++) {
            maxExponent = Math.max(maxExponent, Float.floatToRawIntBits(x[i]) & 0x7f800000);
        }
        return maxExponent != 0x7f800000;
    }
}
