package org.rnn4j.simd;

import static org.rnn4j.simd.Gemm.L;
import static org.rnn4j.simd.Gemm.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * {@code C += A · Bᵀ} as dot products of rows ({@code A[m, k]}, {@code B[n, k]}), single-threaded,
 * for {@link VectorKernels#multTransBAccumulate}: the order of every sum is fixed (see the
 * determinism note of {@link Gemm}), so results do not depend on the thread count or the tile.
 */
final class Dots {

    // Butterfly reduction: lane l is paired with lane l ^ h. SWAP_h permutes accordingly; HI_h
    // selects the lanes with bit h set.
    private static final VectorShuffle<Float> SWAP_HALF = xorShuffle(L / 2);
    private static final VectorShuffle<Float> SWAP_QUARTER = xorShuffle(L / 4);
    private static final VectorShuffle<Float> SWAP_EIGHTH = xorShuffle(Math.max(1, L / 8));
    private static final VectorShuffle<Float> SWAP_SIXTEENTH = xorShuffle(Math.max(1, L / 16));
    private static final VectorMask<Float> HI_HALF = bitMask(L / 2);
    private static final VectorMask<Float> HI_QUARTER = bitMask(L / 4);
    // add4 finds the four sums in these lanes.
    private static final int LANE_Q0 = 0;
    private static final int LANE_Q1 = L / 2;
    private static final int LANE_Q2 = L / 4;
    private static final int LANE_Q3 = 3 * L / 4;

    private Dots() {
    }

    private static VectorShuffle<Float> xorShuffle(int h) {
        return VectorShuffle.fromOp(S, l -> l ^ h);
    }

    private static VectorMask<Float> bitMask(int h) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) {
            bits[l] = (l & h) != 0;
        }
        return VectorMask.fromArray(S, bits, 0);
    }

    /**
     * Rows of B processed per block: about 256 KiB of B, so the block stays in L2 while every
     * 4-row group of A passes over it.
     */
    private static final int DOT_BLOCK_FLOATS = 64 * 1024;

    /**
     * {@code C[i0:i1, j0:j1] += A[i0:i1, :] · B[j0:j1, :]ᵀ} with {@code A[m, k]}, {@code B[n, k]},
     * C with row length n. Tiles of 4 rows of A × 4 rows of B share their loads (8 vector loads
     * per 16 FMAs); the k sum stays in 16 vector accumulators and is reduced once per tile.
     */
    static void dotRange(int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
            int i0, int i1, int j0, int j1) {
        float[] acc = Gemm.SCRATCH.get().dot;
        int blockRows = Math.max(4, DOT_BLOCK_FLOATS / Math.max(1, k) / 4 * 4);
        for (int jb = j0; jb < j1; jb += blockRows) {
            int je = Math.min(j1, jb + blockRows);
            int cols4 = jb + (je - jb) / 4 * 4;
            for (int i = i0; i < i1; i += 4) {
                int rows = Math.min(4, i1 - i);
                int ai = aOff + i * k;
                int ci = cOff + i * n;
                for (int j = jb; j < cols4; j += 4) {
                    if (rows == 4) {
                        dot4x4(k, a, ai, b, bOff + j * k, acc);
                    }
                    for (int r = 0; r < rows; r++) {
                        if (rows < 4) {
                            dot1x4(k, a, ai + r * k, b, bOff + j * k, acc);
                        }
                        add4(acc, rows == 4 ? 4 * r * L : 0, c, ci + r * n + j);
                    }
                }
                for (int j = cols4; j < je; j++) {
                    for (int r = 0; r < rows; r++) {
                        dot1x1(k, a, ai + r * k, b, bOff + j * k, acc);
                        c[ci + r * n + j] += sum(acc, 0);
                    }
                }
            }
        }
        int kv = S.loopBound(k);
        if (kv < k) {
            // The k % L leftover products, fma'd onto C in order.
            for (int i = i0; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    int ai = aOff + i * k;
                    int bj = bOff + j * k;
                    float s = c[cOff + i * n + j];
                    for (int p = kv; p < k; p++) {
                        s = Math.fma(a[ai + p], b[bj + p], s);
                    }
                    c[cOff + i * n + j] = s;
                }
            }
        }
    }

    /**
     * Adds to {@code c[ci..ci+3]} the lane sums of the four accumulators v0..v3 at
     * {@code acc[base .. base+4L)}.
     *
     * <p>A fold does one butterfly level on two vectors at once: lanes without bit h get
     * {@code x[l] + x[l^h]}, lanes with bit h get {@code y[l] + y[l^h]} (the same additions as
     * reducing x and y separately, half the work). Two folds put v0, v2, v1, v3 in the four
     * quarters of one vector; the levels below a quarter then finish all four sums at once, and
     * the result goes back through {@code acc} to be read as scalars.
     *
     * <p>Written out, without helper methods, for the reason given at
     * {@link VectorMath}: only Vector API calls are inlined whatever the size.
     */
    private static void add4(float[] acc, int base, float[] c, int ci) {
        FloatVector v0 = FloatVector.fromArray(S, acc, base);
        FloatVector v1 = FloatVector.fromArray(S, acc, base + L);
        FloatVector v2 = FloatVector.fromArray(S, acc, base + 2 * L);
        FloatVector v3 = FloatVector.fromArray(S, acc, base + 3 * L);
        // blend(y, hi): x[l] where bit h is clear, y[l] where set; the opposite choice is moved
        // to lane l ^ h by the swap and added.
        FloatVector v01 = v0.blend(v1, HI_HALF).add(v1.blend(v0, HI_HALF).rearrange(SWAP_HALF));
        FloatVector v23 = v2.blend(v3, HI_HALF).add(v3.blend(v2, HI_HALF).rearrange(SWAP_HALF));
        FloatVector w = v01.blend(v23, HI_QUARTER).add(v23.blend(v01, HI_QUARTER).rearrange(SWAP_QUARTER));
        if (L >= 8) {
            w = w.add(w.rearrange(SWAP_EIGHTH));
        }
        if (L >= 16) {
            w = w.add(w.rearrange(SWAP_SIXTEENTH));
        }
        w.intoArray(acc, base);
        c[ci] += acc[base + LANE_Q0];
        c[ci + 1] += acc[base + LANE_Q1];
        c[ci + 2] += acc[base + LANE_Q2];
        c[ci + 3] += acc[base + LANE_Q3];
    }

    /** The lane sum of the accumulator at {@code acc[base .. base+L)}, in the same order as {@link #add4}. */
    private static float sum(float[] acc, int base) {
        FloatVector v = FloatVector.fromArray(S, acc, base);
        v = v.add(v.rearrange(SWAP_HALF));
        v = v.add(v.rearrange(SWAP_QUARTER));
        if (L >= 8) {
            v = v.add(v.rearrange(SWAP_EIGHTH));
        }
        if (L >= 16) {
            v = v.add(v.rearrange(SWAP_SIXTEENTH));
        }
        v.intoArray(acc, base);
        return acc[base];
    }

    // ---------------------------------------------------------------- dot tiles (unrolled by hand)

    /**
     * 4 rows of A × 4 rows of B over the first loopBound(k) columns: leaves 16 lane-wise
     * partial dot products in {@code acc} (accumulator {@code r·4 + q} at {@code (r·4 + q)·L}).
     */
    static void dot4x4(int k, float[] a, int ai, float[] b, int bi, float[] acc) {
        int kv = S.loopBound(k);
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s02 = FloatVector.zero(S);
        FloatVector s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s12 = FloatVector.zero(S);
        FloatVector s13 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S);
        FloatVector s22 = FloatVector.zero(S);
        FloatVector s23 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S);
        FloatVector s31 = FloatVector.zero(S);
        FloatVector s32 = FloatVector.zero(S);
        FloatVector s33 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, ai + p);
            FloatVector x1 = FloatVector.fromArray(S, a, ai + k + p);
            FloatVector x2 = FloatVector.fromArray(S, a, ai + 2 * k + p);
            FloatVector x3 = FloatVector.fromArray(S, a, ai + 3 * k + p);
            FloatVector y0 = FloatVector.fromArray(S, b, bi + p);
            FloatVector y1 = FloatVector.fromArray(S, b, bi + k + p);
            FloatVector y2 = FloatVector.fromArray(S, b, bi + 2 * k + p);
            FloatVector y3 = FloatVector.fromArray(S, b, bi + 3 * k + p);
            s00 = x0.fma(y0, s00);
            s01 = x0.fma(y1, s01);
            s02 = x0.fma(y2, s02);
            s03 = x0.fma(y3, s03);
            s10 = x1.fma(y0, s10);
            s11 = x1.fma(y1, s11);
            s12 = x1.fma(y2, s12);
            s13 = x1.fma(y3, s13);
            s20 = x2.fma(y0, s20);
            s21 = x2.fma(y1, s21);
            s22 = x2.fma(y2, s22);
            s23 = x2.fma(y3, s23);
            s30 = x3.fma(y0, s30);
            s31 = x3.fma(y1, s31);
            s32 = x3.fma(y2, s32);
            s33 = x3.fma(y3, s33);
        }
        s00.intoArray(acc, 0);
        s01.intoArray(acc, 1 * L);
        s02.intoArray(acc, 2 * L);
        s03.intoArray(acc, 3 * L);
        s10.intoArray(acc, 4 * L);
        s11.intoArray(acc, 5 * L);
        s12.intoArray(acc, 6 * L);
        s13.intoArray(acc, 7 * L);
        s20.intoArray(acc, 8 * L);
        s21.intoArray(acc, 9 * L);
        s22.intoArray(acc, 10 * L);
        s23.intoArray(acc, 11 * L);
        s30.intoArray(acc, 12 * L);
        s31.intoArray(acc, 13 * L);
        s32.intoArray(acc, 14 * L);
        s33.intoArray(acc, 15 * L);
    }

    /**
     * 1 row of A × 4 rows of B over the first loopBound(k) columns: leaves 4 lane-wise
     * partial dot products in {@code acc} (accumulator {@code r·4 + q} at {@code (r·4 + q)·L}).
     */
    static void dot1x4(int k, float[] a, int ai, float[] b, int bi, float[] acc) {
        int kv = S.loopBound(k);
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s02 = FloatVector.zero(S);
        FloatVector s03 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, ai + p);
            FloatVector y0 = FloatVector.fromArray(S, b, bi + p);
            FloatVector y1 = FloatVector.fromArray(S, b, bi + k + p);
            FloatVector y2 = FloatVector.fromArray(S, b, bi + 2 * k + p);
            FloatVector y3 = FloatVector.fromArray(S, b, bi + 3 * k + p);
            s00 = x0.fma(y0, s00);
            s01 = x0.fma(y1, s01);
            s02 = x0.fma(y2, s02);
            s03 = x0.fma(y3, s03);
        }
        s00.intoArray(acc, 0);
        s01.intoArray(acc, 1 * L);
        s02.intoArray(acc, 2 * L);
        s03.intoArray(acc, 3 * L);
    }

    /**
     * 1 row of A × 1 row of B over the first loopBound(k) columns: leaves 1 lane-wise
     * partial dot product in {@code acc} (accumulator {@code r·1 + q} at {@code (r·1 + q)·L}).
     */
    static void dot1x1(int k, float[] a, int ai, float[] b, int bi, float[] acc) {
        int kv = S.loopBound(k);
        FloatVector s00 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, ai + p);
            FloatVector y0 = FloatVector.fromArray(S, b, bi + p);
            s00 = x0.fma(y0, s00);
        }
        s00.intoArray(acc, 0);
    }
}
