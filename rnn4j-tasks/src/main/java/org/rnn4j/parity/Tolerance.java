package org.rnn4j.parity;

import java.util.Arrays;

/**
 * The golden-case tolerance ({@code FORMAT.md} §7): an element passes when
 * {@code |got - expected| <= ATOL + RTOL·|expected|}. Keeps the worst ratio seen and where.
 */
public final class Tolerance {

    public static final double ATOL = 1e-4;
    public static final double RTOL = 1e-4;

    private double worst = Double.NaN;
    private String worstTensor = "";
    private String failure;

    /** The ratio of the error to the allowance for one element. NaN or infinite values give +inf. */
    public static double ratio(double got, double expected) {
        double err = Math.abs(got - expected);
        double r = err / (ATOL + RTOL * Math.abs(expected));
        return Double.isNaN(r) ? Double.POSITIVE_INFINITY : r;
    }

    /** Compares element-wise after checking shapes are equal. */
    public void compare(String tensor, int[] expectedShape, float[] expected, int[] gotShape, float[] got) {
        if (!Arrays.equals(expectedShape, gotShape)) {
            fail(tensor + ": shape " + Arrays.toString(gotShape) + " != expected " + Arrays.toString(expectedShape));
            return;
        }
        for (int i = 0; i < expected.length; i++) {
            record(tensor, ratio(got[i], expected[i]));
        }
    }

    /** Requires {@code got[i]} to be exactly 0 (padded output positions). */
    public void requireExactZero(String tensor, float value, String where) {
        if (value != 0f) {
            fail(tensor + ": padded position " + where + " is " + value + ", must be exactly 0");
        }
    }

    void record(String tensor, double r) {
        if (Double.isNaN(worst) || r > worst) {
            worst = r;
            worstTensor = tensor;
        }
    }

    public void fail(String message) {
        if (failure == null) {
            failure = message;
        }
    }

    public double worstRatio() {
        return worst;
    }

    public String worstTensor() {
        return worstTensor;
    }

    /** The first structural failure (shape, padding), or null. */
    public String failure() {
        return failure;
    }

    public boolean passed() {
        return failure == null && !(worst > 1.0);
    }
}
