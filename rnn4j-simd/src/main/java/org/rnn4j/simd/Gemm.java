package org.rnn4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-tiled Vector API matrix products, single-threaded; {@link VectorKernels} splits the
 * output between threads and calls the range methods here.
 *
 * <p>Legend: C is {@code [m, n]}; for {@link #multRange} A(i, p) is read at
 * {@code a[aOff + i·ars + p·aps]} (so one method serves both {@code A[m,k]}, strides {@code (k, 1)},
 * and {@code A[k,m]ᵀ}, strides {@code (1, m)}) and B is {@code [k, n]}; for {@link #dotRange} A is
 * {@code [m, k]} and B is {@code [n, k]}. L is the lane count of the species.
 *
 * <p><b>Determinism.</b> Every element of C gets the same sequence of float operations whichever
 * tile, block or thread computes it, so results do not depend on the thread count or on where a
 * range is cut:
 * <ul>
 *   <li>{@code multRange}: {@code c = fma(a(i,p), b(p,j), c)} for p = 0, 1, …, k-1, starting from
 *       the value already in C. Vector lanes, the scalar tail ({@link Math#fma}) and k blocks
 *       (C stored and reloaded between blocks, exactly) all follow this chain.</li>
 *   <li>{@code dotRange}: lane l of a vector accumulator sums {@code fma} over p ≡ l (mod L),
 *       p &lt; loopBound(k); the L lanes are added in a fixed butterfly order (lane l with lane
 *       l xor h, for h = L/2, L/4, …, 1; float addition is commutative, so which lane ends up
 *       holding the total does not matter); the k % L leftover products are then fma'd in order
 *       and the result added to C once. {@link #sum4} reduces four accumulators at once with
 *       exactly that order, and {@link #sum} reduces one.</li>
 * </ul>
 * Only IEEE-exact operations (fma, add, blend, lane permutes) are used, never
 * {@code reduceLanes(ADD)}, whose order is unspecified and differs between the JIT intrinsic and
 * the interpreter's fallback.
 */
final class Gemm {

    /** The preferred species, clamped to 4..16 lanes (the reduction code below is written for those). */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.length() > 16 ? FloatVector.SPECIES_512
            : FloatVector.SPECIES_PREFERRED.length() < 4 ? FloatVector.SPECIES_128 : FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /**
     * Columns per multi-row tile: 4 vectors. With 6 rows that is 24 accumulators + 4 B vectors + 1
     * broadcast = 29 of the 32 AVX-512 registers; per k step it does 24 FMAs for 4 loads of B and
     * 6 broadcasts of A, enough to keep both FMA pipes busy. Measured on 2048·1024·k: 6×4 beats
     * 4×4 by about 1.3x; 12×2 is equal in cache and worse from memory.
     */
    static final int PANEL = 4 * L;
    /** Columns per single-row tile: 8 vectors, so a lone row (batch 1) still has 8 independent FMA chains. */
    static final int WIDE = 8 * L;
    /**
     * k block: a packed {@code [KC, PANEL]} panel of B is 64 KiB, which stays in the 1 MiB L2 while
     * every row tile streams past it; C tiles are reloaded once per block.
     */
    static final int KC = 256;
    /**
     * Packing B panels into a contiguous buffer pays once enough row tiles reuse each panel
     * (2048-row products gain 10-20%); for a per-step batch of 32 or 64 rows the copy costs more
     * than it saves. Packing also avoids cache-set conflicts when n is a power of two.
     */
    static final int PACK_MIN_ROWS = 128;

    private static final FloatVector ZERO = FloatVector.zero(S);
    private static final ThreadLocal<float[]> PACK = ThreadLocal.withInitial(() -> new float[KC * PANEL]);

    // Butterfly reduction: lane l is paired with lane l ^ h. SWAP_h permutes accordingly; HI_h
    // selects the lanes with bit h set.
    private static final VectorShuffle<Float> SWAP_HALF = xorShuffle(L / 2);
    private static final VectorShuffle<Float> SWAP_QUARTER = xorShuffle(L / 4);
    private static final VectorShuffle<Float> SWAP_EIGHTH = xorShuffle(Math.max(1, L / 8));
    private static final VectorShuffle<Float> SWAP_SIXTEENTH = xorShuffle(Math.max(1, L / 16));
    private static final VectorMask<Float> HI_HALF = bitMask(L / 2);
    private static final VectorMask<Float> HI_QUARTER = bitMask(L / 4);
    // sum4 leaves the four sums in these lanes (see fold).
    private static final int LANE_Q0 = 0;
    private static final int LANE_Q1 = L / 2;
    private static final int LANE_Q2 = L / 4;
    private static final int LANE_Q3 = 3 * L / 4;

    private Gemm() {
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

    private static FloatVector load(float[] x, int i) {
        return FloatVector.fromArray(S, x, i);
    }

    // ================================================================ C += A · B (A strided)

    /**
     * {@code C[i0:i1, j0:j1] += A[i0:i1, :] · B[:, j0:j1]}, C and B with row length n, A(i, p) at
     * {@code a[aOff + i·ars + p·aps]}.
     *
     * <p>Rows are cut into tiles of 6 (and 4, so that 32 = 4·6 + 2·4 wastes nothing); their columns
     * go in panels of {@link #PANEL}, then single vectors, then a scalar tail. Rows left over
     * (fewer than 4, e.g. batch 1) run the single-row tiles over the whole of k.
     */
    static void multRange(int n, int k, float[] a, int aOff, int ars, int aps, float[] b, int bOff,
                          float[] c, int cOff, int i0, int i1, int j0, int j1) {
        int rows = i1 - i0;
        // Row tiles: 6s and 4s, the rest single rows. 4s absorb rows % 6 of 2..5.
        int fours = FOURS_FOR_REMAINDER[rows % 6];
        if (4 * fours > rows) {
            fours = 0;
        }
        int sixes = (rows - 4 * fours) / 6;
        int tiled = 6 * sixes + 4 * fours;
        if (tiled > 0) {
            multTiledRows(n, k, a, aOff, ars, aps, b, bOff, c, cOff, i0, sixes, fours, j0, j1);
        }
        for (int i = i0 + tiled; i < i1; i++) {
            multSingleRow(n, k, a, aOff + i * ars, aps, b, bOff, c, cOff + i * n, j0, j1);
        }
    }

    /** How many 4-row tiles to use for each value of rows % 6. */
    private static final int[] FOURS_FOR_REMAINDER = {0, 0, 2, 2, 1, 1};

    private static void multTiledRows(int n, int k, float[] a, int aOff, int ars, int aps, float[] b, int bOff,
                                      float[] c, int cOff, int i0, int sixes, int fours, int j0, int j1) {
        int panelEnd = j0 + (j1 - j0) / PANEL * PANEL;
        int vectorEnd = panelEnd + (j1 - panelEnd) / L * L;
        int rowsTiled = 6 * sixes + 4 * fours;
        float[] pack = rowsTiled >= PACK_MIN_ROWS ? PACK.get() : null;
        for (int kk = 0; kk < k; kk += KC) {
            int kc = Math.min(KC, k - kk);
            for (int j = j0; j < panelEnd; j += PANEL) {
                float[] bp = b;
                int bi = bOff + kk * n + j;
                int ldb = n;
                if (pack != null) {
                    // Copy the [kc, PANEL] panel once; the row tiles below then read it contiguously.
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(b, bi + p * n, pack, p * PANEL, PANEL);
                    }
                    bp = pack;
                    bi = 0;
                    ldb = PANEL;
                }
                int i = i0;
                for (int t = 0; t < sixes; t++, i += 6) {
                    mult6x4(kc, a, aOff + i * ars + kk * aps, ars, aps, bp, bi, ldb, c, cOff + i * n + j, n);
                }
                for (int t = 0; t < fours; t++, i += 4) {
                    mult4x4(kc, a, aOff + i * ars + kk * aps, ars, aps, bp, bi, ldb, c, cOff + i * n + j, n);
                }
            }
            for (int j = panelEnd; j < vectorEnd; j += L) {
                int bi = bOff + kk * n + j;
                int i = i0;
                for (int t = 0; t < sixes; t++, i += 6) {
                    mult6x1(kc, a, aOff + i * ars + kk * aps, ars, aps, b, bi, n, c, cOff + i * n + j, n);
                }
                for (int t = 0; t < fours; t++, i += 4) {
                    mult4x1(kc, a, aOff + i * ars + kk * aps, ars, aps, b, bi, n, c, cOff + i * n + j, n);
                }
            }
            if (vectorEnd < j1) {
                for (int i = i0; i < i0 + rowsTiled; i++) {
                    multScalar(kc, a, aOff + i * ars + kk * aps, aps, b, bOff + kk * n, n, c, cOff + i * n, vectorEnd, j1);
                }
            }
        }
    }

    /** One row of C: {@code C[0, j0:j1] += A[0, :] · B}, A(p) at {@code a[ai + p·aps]}. */
    private static void multSingleRow(int n, int k, float[] a, int ai, int aps, float[] b, int bOff,
                                      float[] c, int ci, int j0, int j1) {
        int j = j0;
        for (; j + WIDE <= j1; j += WIDE) {
            mult1x8(k, a, ai, aps, b, bOff + j, n, c, ci + j);
        }
        for (; j + L <= j1; j += L) {
            mult1x1(k, a, ai, aps, b, bOff + j, n, c, ci + j);
        }
        if (j < j1) {
            multScalar(k, a, ai, aps, b, bOff, n, c, ci, j, j1);
        }
    }

    /** {@code C[0, j0:j1] += A[0, :] · B[:, j0:j1]} one element at a time, same fma chain as the lanes. */
    private static void multScalar(int k, float[] a, int ai, int aps, float[] b, int bOff, int ldb,
                                   float[] c, int ci, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            float s = c[ci + j];
            int ap = ai;
            int bp = bOff + j;
            for (int p = 0; p < k; p++) {
                s = Math.fma(a[ap], b[bp], s);
                ap += aps;
                bp += ldb;
            }
            c[ci + j] = s;
        }
    }

    // ---------------------------------------------------------------- register tiles (unrolled by hand)

    /** 6 rows × 4 vectors of C: 24 accumulators. */
    static void mult6x4(int k, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb,
                        float[] c, int ci, int ldc) {
        int c0i = ci;
        int c1i = c0i + ldc;
        int c2i = c1i + ldc;
        int c3i = c2i + ldc;
        int c4i = c3i + ldc;
        int c5i = c4i + ldc;
        FloatVector c00 = load(c, c0i), c01 = load(c, c0i + L), c02 = load(c, c0i + 2 * L), c03 = load(c, c0i + 3 * L);
        FloatVector c10 = load(c, c1i), c11 = load(c, c1i + L), c12 = load(c, c1i + 2 * L), c13 = load(c, c1i + 3 * L);
        FloatVector c20 = load(c, c2i), c21 = load(c, c2i + L), c22 = load(c, c2i + 2 * L), c23 = load(c, c2i + 3 * L);
        FloatVector c30 = load(c, c3i), c31 = load(c, c3i + L), c32 = load(c, c3i + 2 * L), c33 = load(c, c3i + 3 * L);
        FloatVector c40 = load(c, c4i), c41 = load(c, c4i + L), c42 = load(c, c4i + 2 * L), c43 = load(c, c4i + 3 * L);
        FloatVector c50 = load(c, c5i), c51 = load(c, c5i + L), c52 = load(c, c5i + 2 * L), c53 = load(c, c5i + 3 * L);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = load(b, bp), b1 = load(b, bp + L), b2 = load(b, bp + 2 * L), b3 = load(b, bp + 3 * L);
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
        FloatVector c00 = load(c, c0i), c01 = load(c, c0i + L), c02 = load(c, c0i + 2 * L), c03 = load(c, c0i + 3 * L);
        FloatVector c10 = load(c, c1i), c11 = load(c, c1i + L), c12 = load(c, c1i + 2 * L), c13 = load(c, c1i + 3 * L);
        FloatVector c20 = load(c, c2i), c21 = load(c, c2i + L), c22 = load(c, c2i + 2 * L), c23 = load(c, c2i + 3 * L);
        FloatVector c30 = load(c, c3i), c31 = load(c, c3i + L), c32 = load(c, c3i + 2 * L), c33 = load(c, c3i + 3 * L);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = load(b, bp), b1 = load(b, bp + L), b2 = load(b, bp + 2 * L), b3 = load(b, bp + 3 * L);
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
        FloatVector c00 = load(c, c0i);
        FloatVector c10 = load(c, c1i);
        FloatVector c20 = load(c, c2i);
        FloatVector c30 = load(c, c3i);
        FloatVector c40 = load(c, c4i);
        FloatVector c50 = load(c, c5i);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = load(b, bp);
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
        FloatVector c00 = load(c, c0i);
        FloatVector c10 = load(c, c1i);
        FloatVector c20 = load(c, c2i);
        FloatVector c30 = load(c, c3i);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = load(b, bp);
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
        FloatVector c00 = load(c, c0i), c01 = load(c, c0i + L), c02 = load(c, c0i + 2 * L), c03 = load(c, c0i + 3 * L);
        FloatVector c04 = load(c, c0i + 4 * L), c05 = load(c, c0i + 5 * L), c06 = load(c, c0i + 6 * L), c07 = load(c, c0i + 7 * L);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = load(b, bp), b1 = load(b, bp + L), b2 = load(b, bp + 2 * L), b3 = load(b, bp + 3 * L);
            FloatVector b4 = load(b, bp + 4 * L), b5 = load(b, bp + 5 * L), b6 = load(b, bp + 6 * L), b7 = load(b, bp + 7 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            c04 = x0.fma(b4, c04); c05 = x0.fma(b5, c05); c06 = x0.fma(b6, c06); c07 = x0.fma(b7, c07);
            ap += aps;
            bp += ldb;
        }
        c00.intoArray(c, c0i); c01.intoArray(c, c0i + L); c02.intoArray(c, c0i + 2 * L); c03.intoArray(c, c0i + 3 * L);
        c04.intoArray(c, c0i + 4 * L); c05.intoArray(c, c0i + 5 * L); c06.intoArray(c, c0i + 6 * L); c07.intoArray(c, c0i + 7 * L);
    }

    /** 1 row × 1 vector of C: 1 accumulator. */
    static void mult1x1(int k, float[] a, int ai, int aps, float[] b, int bi, int ldb, float[] c, int ci) {
        int c0i = ci;
        FloatVector c00 = load(c, c0i);
        int ap = ai;
        int bp = bi;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = load(b, bp);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00);
            ap += aps;
            bp += ldb;
        }
        c00.intoArray(c, c0i);
    }

    // ================================================================ C += A · Bᵀ (dot products)

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
        int rows4 = i0 + (i1 - i0) / 4 * 4;
        int blockRows = Math.max(4, DOT_BLOCK_FLOATS / Math.max(1, k) / 4 * 4);
        for (int jb = j0; jb < j1; jb += blockRows) {
            int je = Math.min(j1, jb + blockRows);
            int cols4 = jb + (je - jb) / 4 * 4;
            for (int i = i0; i < rows4; i += 4) {
                int ai = aOff + i * k;
                int ci = cOff + i * n;
                for (int j = jb; j < cols4; j += 4) {
                    dot4x4(k, a, ai, b, bOff + j * k, c, ci + j, n);
                }
                for (int j = cols4; j < je; j++) {
                    for (int r = 0; r < 4; r++) {
                        dot1x1(k, a, ai + r * k, b, bOff + j * k, c, ci + r * n + j);
                    }
                }
            }
            for (int i = rows4; i < i1; i++) {
                int ai = aOff + i * k;
                int ci = cOff + i * n;
                for (int j = jb; j < cols4; j += 4) {
                    dot1x4(k, a, ai, b, bOff + j * k, c, ci + j);
                }
                for (int j = cols4; j < je; j++) {
                    dot1x1(k, a, ai, b, bOff + j * k, c, ci + j);
                }
            }
        }
    }

    /**
     * One butterfly level on two vectors at once: returns a vector whose lanes without bit h hold
     * {@code x[l] + x[l^h]} and whose lanes with bit h hold {@code y[l] + y[l^h]}. Same additions as
     * reducing x and y separately, half the work.
     */
    private static FloatVector fold(FloatVector x, FloatVector y, VectorMask<Float> hi, VectorShuffle<Float> swap) {
        FloatVector keep = x.blend(y, hi);     // x[l] where bit h is clear, y[l] where set
        FloatVector other = y.blend(x, hi);    // the opposite choice, then moved to lane l ^ h
        return keep.add(other.rearrange(swap));
    }

    /** The remaining butterfly levels below L/4 (none for L = 4). */
    private static FloatVector butterflyBelowQuarter(FloatVector v) {
        if (L >= 8) {
            v = v.add(v.rearrange(SWAP_EIGHTH));
        }
        if (L >= 16) {
            v = v.add(v.rearrange(SWAP_SIXTEENTH));
        }
        return v;
    }

    /**
     * Sums of four vectors' lanes, left in lanes {@code LANE_Q0..LANE_Q3}: two fold levels put
     * v0, v2, v1, v3 in the four quarters of one vector, then the levels below a quarter finish
     * all four sums at once.
     */
    static FloatVector sum4(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        FloatVector v01 = fold(v0, v1, HI_HALF, SWAP_HALF);
        FloatVector v23 = fold(v2, v3, HI_HALF, SWAP_HALF);
        return butterflyBelowQuarter(fold(v01, v23, HI_QUARTER, SWAP_QUARTER));
    }

    /** The sum of one vector's lanes, in the same order as {@link #sum4}. */
    static float sum(FloatVector v) {
        v = v.add(v.rearrange(SWAP_HALF));
        v = v.add(v.rearrange(SWAP_QUARTER));
        return butterflyBelowQuarter(v).lane(0);
    }

    /** Adds the leftover {@code p in [kv, k)} products to a reduced sum, in order. */
    private static float tail(float s, int k, int kv, float[] a, int ai, float[] b, int bi) {
        for (int p = kv; p < k; p++) {
            s = Math.fma(a[ai + p], b[bi + p], s);
        }
        return s;
    }

    /** Finishes one row of a 4-wide dot tile: k tail for each of the four sums, then add to C. */
    private static void finish4(FloatVector sums, int k, int kv, float[] a, int ai, float[] b, int bi, float[] c, int ci) {
        c[ci] += tail(sums.lane(LANE_Q0), k, kv, a, ai, b, bi);
        c[ci + 1] += tail(sums.lane(LANE_Q1), k, kv, a, ai, b, bi + k);
        c[ci + 2] += tail(sums.lane(LANE_Q2), k, kv, a, ai, b, bi + 2 * k);
        c[ci + 3] += tail(sums.lane(LANE_Q3), k, kv, a, ai, b, bi + 3 * k);
    }

    // ---------------------------------------------------------------- dot tiles (unrolled by hand)

    /** 4 rows of A × 4 rows of B: 16 lane-wise partial dot products. */
    static void dot4x4(int k, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
        int kv = S.loopBound(k);
        FloatVector s00 = ZERO, s01 = ZERO, s02 = ZERO, s03 = ZERO;
        FloatVector s10 = ZERO, s11 = ZERO, s12 = ZERO, s13 = ZERO;
        FloatVector s20 = ZERO, s21 = ZERO, s22 = ZERO, s23 = ZERO;
        FloatVector s30 = ZERO, s31 = ZERO, s32 = ZERO, s33 = ZERO;
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = load(a, ai + p);
            FloatVector x1 = load(a, ai + k + p);
            FloatVector x2 = load(a, ai + 2 * k + p);
            FloatVector x3 = load(a, ai + 3 * k + p);
            FloatVector y0 = load(b, bi + p);
            FloatVector y1 = load(b, bi + k + p);
            FloatVector y2 = load(b, bi + 2 * k + p);
            FloatVector y3 = load(b, bi + 3 * k + p);
            s00 = x0.fma(y0, s00); s01 = x0.fma(y1, s01); s02 = x0.fma(y2, s02); s03 = x0.fma(y3, s03);
            s10 = x1.fma(y0, s10); s11 = x1.fma(y1, s11); s12 = x1.fma(y2, s12); s13 = x1.fma(y3, s13);
            s20 = x2.fma(y0, s20); s21 = x2.fma(y1, s21); s22 = x2.fma(y2, s22); s23 = x2.fma(y3, s23);
            s30 = x3.fma(y0, s30); s31 = x3.fma(y1, s31); s32 = x3.fma(y2, s32); s33 = x3.fma(y3, s33);
        }
        finish4(sum4(s00, s01, s02, s03), k, kv, a, ai, b, bi, c, ci);
        finish4(sum4(s10, s11, s12, s13), k, kv, a, ai + k, b, bi, c, ci + ldc);
        finish4(sum4(s20, s21, s22, s23), k, kv, a, ai + 2 * k, b, bi, c, ci + 2 * ldc);
        finish4(sum4(s30, s31, s32, s33), k, kv, a, ai + 3 * k, b, bi, c, ci + 3 * ldc);
    }

    /** 1 row of A × 4 rows of B: 4 lane-wise partial dot products. */
    static void dot1x4(int k, float[] a, int ai, float[] b, int bi, float[] c, int ci) {
        int kv = S.loopBound(k);
        FloatVector s00 = ZERO, s01 = ZERO, s02 = ZERO, s03 = ZERO;
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = load(a, ai + p);
            FloatVector y0 = load(b, bi + p);
            FloatVector y1 = load(b, bi + k + p);
            FloatVector y2 = load(b, bi + 2 * k + p);
            FloatVector y3 = load(b, bi + 3 * k + p);
            s00 = x0.fma(y0, s00); s01 = x0.fma(y1, s01); s02 = x0.fma(y2, s02); s03 = x0.fma(y3, s03);
        }
        finish4(sum4(s00, s01, s02, s03), k, kv, a, ai, b, bi, c, ci);
    }

    /** 1 row of A × 1 row of B: 1 lane-wise partial dot product. */
    static void dot1x1(int k, float[] a, int ai, float[] b, int bi, float[] c, int ci) {
        int kv = S.loopBound(k);
        FloatVector s00 = ZERO;
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = load(a, ai + p);
            FloatVector y0 = load(b, bi + p);
            s00 = x0.fma(y0, s00);
        }
        c[ci] += tail(sum(s00), k, kv, a, ai, b, bi);
    }
}
