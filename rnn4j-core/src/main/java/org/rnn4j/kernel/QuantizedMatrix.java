package org.rnn4j.kernel;

/**
 * A right-hand matrix {@code B[k, n]} stored in reduced {@link Precision} for the products of one
 * {@link Kernels} implementation: made only by {@link Kernels#quantizeBTransposed} and read only by
 * the same implementation's {@code multQuantized...} methods (the layout is that implementation's
 * own; {@link #layout()} names it so that a matrix is never read by another). The rounded values are
 * the same whichever implementation made it: {@link Precision} defines them.
 */
public final class QuantizedMatrix {

    private final String layout;
    private final Precision precision;
    private final int k;
    private final int n;
    private final int[] bf16;
    private final byte[] int8;
    private final float[] scales;

    private QuantizedMatrix(String layout, Precision precision, int k, int n, int[] bf16, byte[] int8,
            float[] scales) {
        this.layout = layout;
        this.precision = precision;
        this.k = k;
        this.n = n;
        this.bf16 = bf16;
        this.int8 = int8;
        this.scales = scales;
    }

    /** bfloat16 values, as float32 bits or two to an int, in {@code layout}'s order. */
    public static QuantizedMatrix bf16(String layout, int k, int n, int[] values) {
        return new QuantizedMatrix(layout, Precision.BF16, k, n, values, null, null);
    }

    /** int8 values in {@code layout}'s order, and one scale per column of B ({@code [n]}, or padded). */
    public static QuantizedMatrix int8(String layout, int k, int n, byte[] values, float[] scales) {
        return new QuantizedMatrix(layout, Precision.INT8, k, n, null, values, scales);
    }

    /** The implementation's name for how the values are laid out. */
    public String layout() {
        return layout;
    }

    public Precision precision() {
        return precision;
    }

    /** Rows of B: the product's inner dimension. */
    public int k() {
        return k;
    }

    /** Columns of B: the product's output width. */
    public int n() {
        return n;
    }

    /** The bfloat16 values (BF16 only). */
    public int[] bf16() {
        return bf16;
    }

    /** The int8 values (INT8 only). */
    public byte[] int8() {
        return int8;
    }

    /** The scale of each column of B (INT8 only). */
    public float[] scales() {
        return scales;
    }

    /** Bytes the values take: what a product reads. */
    public long bytes() {
        return bf16 != null ? 4L * bf16.length : int8.length + 4L * scales.length;
    }
}
