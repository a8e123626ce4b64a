package org.rnn4j.simd;

import static org.rnn4j.simd.Gemm.L;
import static org.rnn4j.simd.Gemm.PANEL;
import static org.rnn4j.simd.Gemm.S;

import jdk.incubator.vector.FloatVector;

/**
 * The register tiles of {@link Gemm}: fixed blocks of C (6, 4 or 1 rows by 1, 4 or 8 vectors) kept in
 * vector registers over a run of k, each written out by hand. The repetition is the point: C2 keeps
 * every accumulator of a tile in a register only when each is a local variable of its own, and a
 * loop over an array of accumulators, or a helper method per row, is compiled to loads and stores
 * (see the {@link VectorMath} class comment on inlining). Every tile computes each element of C
 * with the same chain {@code c = fma(a(i,p), b(p,j), c)} for p = 0, 1, …, k-1, so which tile
 * computes an element never changes its bits.
 *
 * <p>The lines with several statements are one row of a tile; the formatter leaves them as written.
 */
final class Tiles {

    private Tiles() {
    }

    // @formatter:off

    /**
     * The 6×4 tile of the blocked products, A copied by {@link TileCopies} ({@code a[ai + 6p + r]}),
     * B a packed panel (row length {@link #PANEL}). Everything is indexed by the loop counter, so
     * that C2 proves the B loads in range once per call instead of testing every load, as it must
     * with the running offsets of {@link #mult6x4} (bench/RESULTS-2026-12-01.md has the gain).
     */
    static void mult6x4Tiled(int k, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
        int c0i = ci;
        int c1i = ci + ldc;
        int c2i = ci + 2 * ldc;
        int c3i = ci + 3 * ldc;
        int c4i = ci + 4 * ldc;
        int c5i = ci + 5 * ldc;
        FloatVector c00 = FloatVector.fromArray(S, c, c0i);
        FloatVector c01 = FloatVector.fromArray(S, c, c0i + L);
        FloatVector c02 = FloatVector.fromArray(S, c, c0i + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, c, c0i + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, c1i);
        FloatVector c11 = FloatVector.fromArray(S, c, c1i + L);
        FloatVector c12 = FloatVector.fromArray(S, c, c1i + 2 * L);
        FloatVector c13 = FloatVector.fromArray(S, c, c1i + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, c2i);
        FloatVector c21 = FloatVector.fromArray(S, c, c2i + L);
        FloatVector c22 = FloatVector.fromArray(S, c, c2i + 2 * L);
        FloatVector c23 = FloatVector.fromArray(S, c, c2i + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, c3i);
        FloatVector c31 = FloatVector.fromArray(S, c, c3i + L);
        FloatVector c32 = FloatVector.fromArray(S, c, c3i + 2 * L);
        FloatVector c33 = FloatVector.fromArray(S, c, c3i + 3 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, c4i);
        FloatVector c41 = FloatVector.fromArray(S, c, c4i + L);
        FloatVector c42 = FloatVector.fromArray(S, c, c4i + 2 * L);
        FloatVector c43 = FloatVector.fromArray(S, c, c4i + 3 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, c5i);
        FloatVector c51 = FloatVector.fromArray(S, c, c5i + L);
        FloatVector c52 = FloatVector.fromArray(S, c, c5i + 2 * L);
        FloatVector c53 = FloatVector.fromArray(S, c, c5i + 3 * L);
        for (int p = 0; p < k; p++) {
            int bp = bi + p * PANEL;
            int ap = ai + p * 6;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
            FloatVector x4 = FloatVector.broadcast(S, a[ap + 4]);
            c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41); c42 = x4.fma(b2, c42); c43 = x4.fma(b3, c43);
            FloatVector x5 = FloatVector.broadcast(S, a[ap + 5]);
            c50 = x5.fma(b0, c50); c51 = x5.fma(b1, c51); c52 = x5.fma(b2, c52); c53 = x5.fma(b3, c53);
        }
        c00.intoArray(c, c0i); c01.intoArray(c, c0i + L); c02.intoArray(c, c0i + 2 * L); c03.intoArray(c, c0i + 3 * L);
        c10.intoArray(c, c1i); c11.intoArray(c, c1i + L); c12.intoArray(c, c1i + 2 * L); c13.intoArray(c, c1i + 3 * L);
        c20.intoArray(c, c2i); c21.intoArray(c, c2i + L); c22.intoArray(c, c2i + 2 * L); c23.intoArray(c, c2i + 3 * L);
        c30.intoArray(c, c3i); c31.intoArray(c, c3i + L); c32.intoArray(c, c3i + 2 * L); c33.intoArray(c, c3i + 3 * L);
        c40.intoArray(c, c4i); c41.intoArray(c, c4i + L); c42.intoArray(c, c4i + 2 * L); c43.intoArray(c, c4i + 3 * L);
        c50.intoArray(c, c5i); c51.intoArray(c, c5i + L); c52.intoArray(c, c5i + 2 * L); c53.intoArray(c, c5i + 3 * L);
    }

    /** {@link #mult6x4Tiled} for a row-major A (row r at {@code a[ai + r·ars]}): a batch too small to pack. */
    static void mult6x4Rows(int k, float[] a, int ai, int ars, float[] b, int bi, float[] c, int ci, int ldc) {
        int c0i = ci;
        int a0i = ai;
        int c1i = ci + ldc;
        int a1i = ai + ars;
        int c2i = ci + 2 * ldc;
        int a2i = ai + 2 * ars;
        int c3i = ci + 3 * ldc;
        int a3i = ai + 3 * ars;
        int c4i = ci + 4 * ldc;
        int a4i = ai + 4 * ars;
        int c5i = ci + 5 * ldc;
        int a5i = ai + 5 * ars;
        FloatVector c00 = FloatVector.fromArray(S, c, c0i);
        FloatVector c01 = FloatVector.fromArray(S, c, c0i + L);
        FloatVector c02 = FloatVector.fromArray(S, c, c0i + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, c, c0i + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, c1i);
        FloatVector c11 = FloatVector.fromArray(S, c, c1i + L);
        FloatVector c12 = FloatVector.fromArray(S, c, c1i + 2 * L);
        FloatVector c13 = FloatVector.fromArray(S, c, c1i + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, c2i);
        FloatVector c21 = FloatVector.fromArray(S, c, c2i + L);
        FloatVector c22 = FloatVector.fromArray(S, c, c2i + 2 * L);
        FloatVector c23 = FloatVector.fromArray(S, c, c2i + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, c3i);
        FloatVector c31 = FloatVector.fromArray(S, c, c3i + L);
        FloatVector c32 = FloatVector.fromArray(S, c, c3i + 2 * L);
        FloatVector c33 = FloatVector.fromArray(S, c, c3i + 3 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, c4i);
        FloatVector c41 = FloatVector.fromArray(S, c, c4i + L);
        FloatVector c42 = FloatVector.fromArray(S, c, c4i + 2 * L);
        FloatVector c43 = FloatVector.fromArray(S, c, c4i + 3 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, c5i);
        FloatVector c51 = FloatVector.fromArray(S, c, c5i + L);
        FloatVector c52 = FloatVector.fromArray(S, c, c5i + 2 * L);
        FloatVector c53 = FloatVector.fromArray(S, c, c5i + 3 * L);
        for (int p = 0; p < k; p++) {
            int bp = bi + p * PANEL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0i + p]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[a1i + p]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[a2i + p]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[a3i + p]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
            FloatVector x4 = FloatVector.broadcast(S, a[a4i + p]);
            c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41); c42 = x4.fma(b2, c42); c43 = x4.fma(b3, c43);
            FloatVector x5 = FloatVector.broadcast(S, a[a5i + p]);
            c50 = x5.fma(b0, c50); c51 = x5.fma(b1, c51); c52 = x5.fma(b2, c52); c53 = x5.fma(b3, c53);
        }
        c00.intoArray(c, c0i); c01.intoArray(c, c0i + L); c02.intoArray(c, c0i + 2 * L); c03.intoArray(c, c0i + 3 * L);
        c10.intoArray(c, c1i); c11.intoArray(c, c1i + L); c12.intoArray(c, c1i + 2 * L); c13.intoArray(c, c1i + 3 * L);
        c20.intoArray(c, c2i); c21.intoArray(c, c2i + L); c22.intoArray(c, c2i + 2 * L); c23.intoArray(c, c2i + 3 * L);
        c30.intoArray(c, c3i); c31.intoArray(c, c3i + L); c32.intoArray(c, c3i + 2 * L); c33.intoArray(c, c3i + 3 * L);
        c40.intoArray(c, c4i); c41.intoArray(c, c4i + L); c42.intoArray(c, c4i + 2 * L); c43.intoArray(c, c4i + 3 * L);
        c50.intoArray(c, c5i); c51.intoArray(c, c5i + L); c52.intoArray(c, c5i + 2 * L); c53.intoArray(c, c5i + 3 * L);
    }

    /** The 4-row form of {@link #mult6x4Tiled}. */
    static void mult4x4Tiled(int k, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
        int c0i = ci;
        int c1i = ci + ldc;
        int c2i = ci + 2 * ldc;
        int c3i = ci + 3 * ldc;
        FloatVector c00 = FloatVector.fromArray(S, c, c0i);
        FloatVector c01 = FloatVector.fromArray(S, c, c0i + L);
        FloatVector c02 = FloatVector.fromArray(S, c, c0i + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, c, c0i + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, c1i);
        FloatVector c11 = FloatVector.fromArray(S, c, c1i + L);
        FloatVector c12 = FloatVector.fromArray(S, c, c1i + 2 * L);
        FloatVector c13 = FloatVector.fromArray(S, c, c1i + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, c2i);
        FloatVector c21 = FloatVector.fromArray(S, c, c2i + L);
        FloatVector c22 = FloatVector.fromArray(S, c, c2i + 2 * L);
        FloatVector c23 = FloatVector.fromArray(S, c, c2i + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, c3i);
        FloatVector c31 = FloatVector.fromArray(S, c, c3i + L);
        FloatVector c32 = FloatVector.fromArray(S, c, c3i + 2 * L);
        FloatVector c33 = FloatVector.fromArray(S, c, c3i + 3 * L);
        for (int p = 0; p < k; p++) {
            int bp = bi + p * PANEL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[ai + p * 4 + 0]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[ai + p * 4 + 1]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[ai + p * 4 + 2]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[ai + p * 4 + 3]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
        }
        c00.intoArray(c, c0i); c01.intoArray(c, c0i + L); c02.intoArray(c, c0i + 2 * L); c03.intoArray(c, c0i + 3 * L);
        c10.intoArray(c, c1i); c11.intoArray(c, c1i + L); c12.intoArray(c, c1i + 2 * L); c13.intoArray(c, c1i + 3 * L);
        c20.intoArray(c, c2i); c21.intoArray(c, c2i + L); c22.intoArray(c, c2i + 2 * L); c23.intoArray(c, c2i + 3 * L);
        c30.intoArray(c, c3i); c31.intoArray(c, c3i + L); c32.intoArray(c, c3i + 2 * L); c33.intoArray(c, c3i + 3 * L);
    }

    /** The 4-row form of {@link #mult6x4Rows}. */
    static void mult4x4Rows(int k, float[] a, int ai, int ars, float[] b, int bi, float[] c, int ci, int ldc) {
        int c0i = ci;
        int a0i = ai;
        int c1i = ci + ldc;
        int a1i = ai + ars;
        int c2i = ci + 2 * ldc;
        int a2i = ai + 2 * ars;
        int c3i = ci + 3 * ldc;
        int a3i = ai + 3 * ars;
        FloatVector c00 = FloatVector.fromArray(S, c, c0i);
        FloatVector c01 = FloatVector.fromArray(S, c, c0i + L);
        FloatVector c02 = FloatVector.fromArray(S, c, c0i + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, c, c0i + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, c1i);
        FloatVector c11 = FloatVector.fromArray(S, c, c1i + L);
        FloatVector c12 = FloatVector.fromArray(S, c, c1i + 2 * L);
        FloatVector c13 = FloatVector.fromArray(S, c, c1i + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, c2i);
        FloatVector c21 = FloatVector.fromArray(S, c, c2i + L);
        FloatVector c22 = FloatVector.fromArray(S, c, c2i + 2 * L);
        FloatVector c23 = FloatVector.fromArray(S, c, c2i + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, c3i);
        FloatVector c31 = FloatVector.fromArray(S, c, c3i + L);
        FloatVector c32 = FloatVector.fromArray(S, c, c3i + 2 * L);
        FloatVector c33 = FloatVector.fromArray(S, c, c3i + 3 * L);
        for (int p = 0; p < k; p++) {
            int bp = bi + p * PANEL;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0i + p]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[a1i + p]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[a2i + p]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[a3i + p]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
        }
        c00.intoArray(c, c0i); c01.intoArray(c, c0i + L); c02.intoArray(c, c0i + 2 * L); c03.intoArray(c, c0i + 3 * L);
        c10.intoArray(c, c1i); c11.intoArray(c, c1i + L); c12.intoArray(c, c1i + 2 * L); c13.intoArray(c, c1i + 3 * L);
        c20.intoArray(c, c2i); c21.intoArray(c, c2i + L); c22.intoArray(c, c2i + 2 * L); c23.intoArray(c, c2i + 3 * L);
        c30.intoArray(c, c3i); c31.intoArray(c, c3i + L); c32.intoArray(c, c3i + 2 * L); c33.intoArray(c, c3i + 3 * L);
    }

    /** 6 rows × 4 vectors of C: 24 accumulators; any row and k strides of A and row length of B (the unblocked products). */
    static void mult6x4(int k, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb,
                        float[] c, int ci, int ldc) {
        int c0i = ci;
        int c1i = c0i + ldc;
        int c2i = c1i + ldc;
        int c3i = c2i + ldc;
        int c4i = c3i + ldc;
        int c5i = c4i + ldc;
        FloatVector c00 = FloatVector.fromArray(S, c, c0i);
        FloatVector c01 = FloatVector.fromArray(S, c, c0i + L);
        FloatVector c02 = FloatVector.fromArray(S, c, c0i + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, c, c0i + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, c1i);
        FloatVector c11 = FloatVector.fromArray(S, c, c1i + L);
        FloatVector c12 = FloatVector.fromArray(S, c, c1i + 2 * L);
        FloatVector c13 = FloatVector.fromArray(S, c, c1i + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, c2i);
        FloatVector c21 = FloatVector.fromArray(S, c, c2i + L);
        FloatVector c22 = FloatVector.fromArray(S, c, c2i + 2 * L);
        FloatVector c23 = FloatVector.fromArray(S, c, c2i + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, c3i);
        FloatVector c31 = FloatVector.fromArray(S, c, c3i + L);
        FloatVector c32 = FloatVector.fromArray(S, c, c3i + 2 * L);
        FloatVector c33 = FloatVector.fromArray(S, c, c3i + 3 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, c4i);
        FloatVector c41 = FloatVector.fromArray(S, c, c4i + L);
        FloatVector c42 = FloatVector.fromArray(S, c, c4i + 2 * L);
        FloatVector c43 = FloatVector.fromArray(S, c, c4i + 3 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, c5i);
        FloatVector c51 = FloatVector.fromArray(S, c, c5i + L);
        FloatVector c52 = FloatVector.fromArray(S, c, c5i + 2 * L);
        FloatVector c53 = FloatVector.fromArray(S, c, c5i + 3 * L);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + ars]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
            FloatVector x4 = FloatVector.broadcast(S, a[ap + 4 * ars]);
            c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41); c42 = x4.fma(b2, c42); c43 = x4.fma(b3, c43);
            FloatVector x5 = FloatVector.broadcast(S, a[ap + 5 * ars]);
            c50 = x5.fma(b0, c50); c51 = x5.fma(b1, c51); c52 = x5.fma(b2, c52); c53 = x5.fma(b3, c53);
            ap += aps;
            bp += ldb;
        }
        c00.intoArray(c, c0i); c01.intoArray(c, c0i + L); c02.intoArray(c, c0i + 2 * L); c03.intoArray(c, c0i + 3 * L);
        c10.intoArray(c, c1i); c11.intoArray(c, c1i + L); c12.intoArray(c, c1i + 2 * L); c13.intoArray(c, c1i + 3 * L);
        c20.intoArray(c, c2i); c21.intoArray(c, c2i + L); c22.intoArray(c, c2i + 2 * L); c23.intoArray(c, c2i + 3 * L);
        c30.intoArray(c, c3i); c31.intoArray(c, c3i + L); c32.intoArray(c, c3i + 2 * L); c33.intoArray(c, c3i + 3 * L);
        c40.intoArray(c, c4i); c41.intoArray(c, c4i + L); c42.intoArray(c, c4i + 2 * L); c43.intoArray(c, c4i + 3 * L);
        c50.intoArray(c, c5i); c51.intoArray(c, c5i + L); c52.intoArray(c, c5i + 2 * L); c53.intoArray(c, c5i + 3 * L);
    }

    /** 4 rows × 4 vectors of C: 16 accumulators. */
    static void mult4x4(int k, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb,
                        float[] c, int ci, int ldc) {
        int c0i = ci;
        int c1i = c0i + ldc;
        int c2i = c1i + ldc;
        int c3i = c2i + ldc;
        FloatVector c00 = FloatVector.fromArray(S, c, c0i);
        FloatVector c01 = FloatVector.fromArray(S, c, c0i + L);
        FloatVector c02 = FloatVector.fromArray(S, c, c0i + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, c, c0i + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, c1i);
        FloatVector c11 = FloatVector.fromArray(S, c, c1i + L);
        FloatVector c12 = FloatVector.fromArray(S, c, c1i + 2 * L);
        FloatVector c13 = FloatVector.fromArray(S, c, c1i + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, c2i);
        FloatVector c21 = FloatVector.fromArray(S, c, c2i + L);
        FloatVector c22 = FloatVector.fromArray(S, c, c2i + 2 * L);
        FloatVector c23 = FloatVector.fromArray(S, c, c2i + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, c3i);
        FloatVector c31 = FloatVector.fromArray(S, c, c3i + L);
        FloatVector c32 = FloatVector.fromArray(S, c, c3i + 2 * L);
        FloatVector c33 = FloatVector.fromArray(S, c, c3i + 3 * L);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + ars]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
            ap += aps;
            bp += ldb;
        }
        c00.intoArray(c, c0i); c01.intoArray(c, c0i + L); c02.intoArray(c, c0i + 2 * L); c03.intoArray(c, c0i + 3 * L);
        c10.intoArray(c, c1i); c11.intoArray(c, c1i + L); c12.intoArray(c, c1i + 2 * L); c13.intoArray(c, c1i + 3 * L);
        c20.intoArray(c, c2i); c21.intoArray(c, c2i + L); c22.intoArray(c, c2i + 2 * L); c23.intoArray(c, c2i + 3 * L);
        c30.intoArray(c, c3i); c31.intoArray(c, c3i + L); c32.intoArray(c, c3i + 2 * L); c33.intoArray(c, c3i + 3 * L);
    }

    /** 6 rows × 1 vector of C: 6 accumulators. */
    static void mult6x1(int k, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb,
                        float[] c, int ci, int ldc) {
        int c0i = ci;
        int c1i = c0i + ldc;
        int c2i = c1i + ldc;
        int c3i = c2i + ldc;
        int c4i = c3i + ldc;
        int c5i = c4i + ldc;
        FloatVector c00 = FloatVector.fromArray(S, c, c0i);
        FloatVector c10 = FloatVector.fromArray(S, c, c1i);
        FloatVector c20 = FloatVector.fromArray(S, c, c2i);
        FloatVector c30 = FloatVector.fromArray(S, c, c3i);
        FloatVector c40 = FloatVector.fromArray(S, c, c4i);
        FloatVector c50 = FloatVector.fromArray(S, c, c5i);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + ars]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = x3.fma(b0, c30);
            FloatVector x4 = FloatVector.broadcast(S, a[ap + 4 * ars]);
            c40 = x4.fma(b0, c40);
            FloatVector x5 = FloatVector.broadcast(S, a[ap + 5 * ars]);
            c50 = x5.fma(b0, c50);
            ap += aps;
            bp += ldb;
        }
        c00.intoArray(c, c0i);
        c10.intoArray(c, c1i);
        c20.intoArray(c, c2i);
        c30.intoArray(c, c3i);
        c40.intoArray(c, c4i);
        c50.intoArray(c, c5i);
    }

    /** 4 rows × 1 vector of C: 4 accumulators. */
    static void mult4x1(int k, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb,
                        float[] c, int ci, int ldc) {
        int c0i = ci;
        int c1i = c0i + ldc;
        int c2i = c1i + ldc;
        int c3i = c2i + ldc;
        FloatVector c00 = FloatVector.fromArray(S, c, c0i);
        FloatVector c10 = FloatVector.fromArray(S, c, c1i);
        FloatVector c20 = FloatVector.fromArray(S, c, c2i);
        FloatVector c30 = FloatVector.fromArray(S, c, c3i);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + ars]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = x3.fma(b0, c30);
            ap += aps;
            bp += ldb;
        }
        c00.intoArray(c, c0i);
        c10.intoArray(c, c1i);
        c20.intoArray(c, c2i);
        c30.intoArray(c, c3i);
    }

    /** 1 row × 8 vectors of C: 8 accumulators. */
    static void mult1x8(int k, float[] a, int ai, int aps, float[] b, int bi, int ldb, float[] c, int ci) {
        int c0i = ci;
        FloatVector c00 = FloatVector.fromArray(S, c, c0i);
        FloatVector c01 = FloatVector.fromArray(S, c, c0i + L);
        FloatVector c02 = FloatVector.fromArray(S, c, c0i + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, c, c0i + 3 * L);
        FloatVector c04 = FloatVector.fromArray(S, c, c0i + 4 * L);
        FloatVector c05 = FloatVector.fromArray(S, c, c0i + 5 * L);
        FloatVector c06 = FloatVector.fromArray(S, c, c0i + 6 * L);
        FloatVector c07 = FloatVector.fromArray(S, c, c0i + 7 * L);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector b4 = FloatVector.fromArray(S, b, bp + 4 * L);
            FloatVector b5 = FloatVector.fromArray(S, b, bp + 5 * L);
            FloatVector b6 = FloatVector.fromArray(S, b, bp + 6 * L);
            FloatVector b7 = FloatVector.fromArray(S, b, bp + 7 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            c04 = x0.fma(b4, c04); c05 = x0.fma(b5, c05); c06 = x0.fma(b6, c06); c07 = x0.fma(b7, c07);
            ap += aps;
            bp += ldb;
        }
        c00.intoArray(c, c0i); c01.intoArray(c, c0i + L); c02.intoArray(c, c0i + 2 * L); c03.intoArray(c, c0i + 3 * L);
        c04.intoArray(c, c0i + 4 * L); c05.intoArray(c, c0i + 5 * L);
        c06.intoArray(c, c0i + 6 * L); c07.intoArray(c, c0i + 7 * L);
    }

    /**
     * 1 row × 8 vectors of C over two packed panels: vectors 0-3 from the panel at bi, 4-7 from the
     * panel {@code second} floats further; both panels {@link #PANEL} wide.
     */
    static void mult1x8Panels(int k, float[] a, int ai, int aps, float[] b, int bi, int second, float[] c, int ci) {
        FloatVector c00 = FloatVector.fromArray(S, c, ci);
        FloatVector c01 = FloatVector.fromArray(S, c, ci + L);
        FloatVector c02 = FloatVector.fromArray(S, c, ci + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, c, ci + 3 * L);
        FloatVector c04 = FloatVector.fromArray(S, c, ci + 4 * L);
        FloatVector c05 = FloatVector.fromArray(S, c, ci + 5 * L);
        FloatVector c06 = FloatVector.fromArray(S, c, ci + 6 * L);
        FloatVector c07 = FloatVector.fromArray(S, c, ci + 7 * L);
        int ap = ai;
        int bp = bi;
        int bq = bi + second;
        for (int p = 0; p < k; p++) {
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(FloatVector.fromArray(S, b, bp), c00);
            c01 = x0.fma(FloatVector.fromArray(S, b, bp + L), c01);
            c02 = x0.fma(FloatVector.fromArray(S, b, bp + 2 * L), c02);
            c03 = x0.fma(FloatVector.fromArray(S, b, bp + 3 * L), c03);
            c04 = x0.fma(FloatVector.fromArray(S, b, bq), c04);
            c05 = x0.fma(FloatVector.fromArray(S, b, bq + L), c05);
            c06 = x0.fma(FloatVector.fromArray(S, b, bq + 2 * L), c06);
            c07 = x0.fma(FloatVector.fromArray(S, b, bq + 3 * L), c07);
            ap += aps;
            bp += PANEL;
            bq += PANEL;
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c02.intoArray(c, ci + 2 * L);
        c03.intoArray(c, ci + 3 * L);
        c04.intoArray(c, ci + 4 * L);
        c05.intoArray(c, ci + 5 * L);
        c06.intoArray(c, ci + 6 * L);
        c07.intoArray(c, ci + 7 * L);
    }

    /** 1 row × 4 vectors of C: 4 accumulators (a lone row against one packed panel). */
    static void mult1x4(int k, float[] a, int ai, int aps, float[] b, int bi, int ldb, float[] c, int ci) {
        FloatVector c00 = FloatVector.fromArray(S, c, ci);
        FloatVector c01 = FloatVector.fromArray(S, c, ci + L);
        FloatVector c02 = FloatVector.fromArray(S, c, ci + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, c, ci + 3 * L);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(FloatVector.fromArray(S, b, bp), c00);
            c01 = x0.fma(FloatVector.fromArray(S, b, bp + L), c01);
            c02 = x0.fma(FloatVector.fromArray(S, b, bp + 2 * L), c02);
            c03 = x0.fma(FloatVector.fromArray(S, b, bp + 3 * L), c03);
            ap += aps;
            bp += ldb;
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c02.intoArray(c, ci + 2 * L);
        c03.intoArray(c, ci + 3 * L);
    }

    /** 1 row × 1 vector of C: 1 accumulator. */
    static void mult1x1(int k, float[] a, int ai, int aps, float[] b, int bi, int ldb, float[] c, int ci) {
        int c0i = ci;
        FloatVector c00 = FloatVector.fromArray(S, c, c0i);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00);
            ap += aps;
            bp += ldb;
        }
        c00.intoArray(c, c0i);
    }
    // @formatter:on
}
