package org.rnn4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

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
 *       the value already in C. Every tile, the padded column tail and the k blocks (C stored
 *       and reloaded between blocks, exactly) follow this chain.</li>
 *   <li>{@code dotRange}: lane l of a vector accumulator sums {@code fma} over p ≡ l (mod L),
 *       p &lt; loopBound(k); the L lanes are added in a fixed butterfly order (lane l with lane
 *       l xor h, for h = L/2, L/4, …, 1; float addition is commutative, so which lane ends up
 *       holding the total does not matter); that sum is added to C, and then the k % L leftover
 *       products are fma'd onto C in order. {@link #add4} reduces four accumulators at once with
 *       exactly the butterfly's order, and {@link #sum} reduces one.</li>
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


    /** Per-thread buffers, allocated on a thread's first product and reused for all later ones. */
    static final class Scratch {
        /** A packed {@code [KC, PANEL]} panel of B. */
        final float[] panel = new float[KC * PANEL];
        /** The last columns of a k block of B, zero-padded to {@code [KC, L]}. */
        final float[] tailB = new float[KC * L];
        /** The last columns of six rows of C, padded to {@code [6, L]}. */
        final float[] tailC = new float[6 * L];
        /**
         * Where the dot tiles leave their vector accumulators for the reduction. The tile loop and
         * the reduction live in separate methods on purpose: together they exceed C2's inlining
         * budget (see the VectorMath class comment) and the reduction would run on boxed vectors.
         */
        final float[] dot = new float[16 * L];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

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

    // ================================================================ C += A · B (A strided)

    /**
     * {@code C[i0:i1, j0:j1] += A[i0:i1, :] · B[:, j0:j1]}, C and B with row length n, A(i, p) at
     * {@code a[aOff + i·ars + p·aps]}.
     *
     * <p>Rows are cut into tiles of 6 (and 4, so that 32 = 4·6 + 2·4 wastes nothing); their columns
     * go in panels of {@link #PANEL}, then single vectors. Rows left over (fewer than 4, e.g. batch
     * 1) run the single-row tiles over the whole of k. The last {@code (j1 - j0) % L} columns of
     * all rows go through {@link #multColumnTail}.
     */
    static void multRange(int n, int k, float[] a, int aOff, int ars, int aps, float[] b, int bOff,
                          float[] c, int cOff, int i0, int i1, int j0, int j1) {
        Scratch scratch = SCRATCH.get();
        int vectorEnd = j0 + (j1 - j0) / L * L;
        int rows = i1 - i0;
        // Row tiles: 6s and 4s, the rest single rows. 4s absorb rows % 6 of 2..5.
        int fours = FOURS_FOR_REMAINDER[rows % 6];
        if (4 * fours > rows) {
            fours = 0;
        }
        int sixes = (rows - 4 * fours) / 6;
        int tiled = 6 * sixes + 4 * fours;
        if (tiled > 0 && vectorEnd > j0) {
            float[] pack = tiled >= PACK_MIN_ROWS ? scratch.panel : null;
            multTiledRows(n, k, a, aOff, ars, aps, b, bOff, c, cOff, i0, sixes, fours, j0, vectorEnd, pack);
        }
        for (int i = i0 + tiled; i < i1 && vectorEnd > j0; i++) {
            multSingleRow(n, k, a, aOff + i * ars, aps, b, bOff, c, cOff + i * n, j0, vectorEnd);
        }
        if (vectorEnd < j1) {
            multColumnTail(n, k, a, aOff, ars, aps, b, bOff, c, cOff, i0, i1, vectorEnd, j1, scratch);
        }
    }

    /** How many 4-row tiles to use for each value of rows % 6. */
    private static final int[] FOURS_FOR_REMAINDER = {0, 0, 2, 2, 1, 1};

    /** Columns [j0, j1), a multiple of L wide, of the 6- and 4-row tiles starting at row i0. */
    private static void multTiledRows(int n, int k, float[] a, int aOff, int ars, int aps, float[] b, int bOff,
                                      float[] c, int cOff, int i0, int sixes, int fours, int j0, int j1,
                                      float[] pack) {
        int panelEnd = j0 + (j1 - j0) / PANEL * PANEL;
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
            for (int j = panelEnd; j < j1; j += L) {
                int bi = bOff + kk * n + j;
                int i = i0;
                for (int t = 0; t < sixes; t++, i += 6) {
                    mult6x1(kc, a, aOff + i * ars + kk * aps, ars, aps, b, bi, n, c, cOff + i * n + j, n);
                }
                for (int t = 0; t < fours; t++, i += 4) {
                    mult4x1(kc, a, aOff + i * ars + kk * aps, ars, aps, b, bi, n, c, cOff + i * n + j, n);
                }
            }
        }
    }

    /** Columns [j0, j1), a multiple of L wide, of one row: {@code C[0, :] += A[0, :] · B}, A(p) at {@code a[ai + p·aps]}. */
    private static void multSingleRow(int n, int k, float[] a, int ai, int aps, float[] b, int bOff,
                                      float[] c, int ci, int j0, int j1) {
        int j = j0;
        for (; j + WIDE <= j1; j += WIDE) {
            mult1x8(k, a, ai, aps, b, bOff + j, n, c, ci + j);
        }
        for (; j < j1; j += L) {
            mult1x1(k, a, ai, aps, b, bOff + j, n, c, ci + j);
        }
    }

    /**
     * The last {@code w = j1 - jt < L} columns, for rows [i0, i1). One scalar fma chain per element
     * would wait on the fma latency at every step; instead the tail is copied into L-wide buffers
     * (B block-wise as {@code [kc, L]}, C six rows at a time), zero-padded, and run through the
     * one-vector tiles. The lanes beyond w are never copied back. Same fma chain per element as
     * everywhere else, so the same bits.
     */
    private static void multColumnTail(int n, int k, float[] a, int aOff, int ars, int aps, float[] b, int bOff,
                                       float[] c, int cOff, int i0, int i1, int jt, int j1, Scratch scratch) {
        int w = j1 - jt;
        float[] bt = scratch.tailB;
        float[] ct = scratch.tailC;
        for (int kk = 0; kk < k; kk += KC) {
            int kc = Math.min(KC, k - kk);
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bOff + (kk + p) * n + jt, bt, p * L, w);
                Arrays.fill(bt, p * L + w, (p + 1) * L, 0f);
            }
            int i = i0;
            for (; i + 6 <= i1; i += 6) {
                for (int r = 0; r < 6; r++) {
                    System.arraycopy(c, cOff + (i + r) * n + jt, ct, r * L, w);
                }
                mult6x1(kc, a, aOff + i * ars + kk * aps, ars, aps, bt, 0, L, ct, 0, L);
                for (int r = 0; r < 6; r++) {
                    System.arraycopy(ct, r * L, c, cOff + (i + r) * n + jt, w);
                }
            }
            for (; i < i1; i++) {
                System.arraycopy(c, cOff + i * n + jt, ct, 0, w);
                mult1x1(kc, a, aOff + i * ars + kk * aps, aps, bt, 0, L, ct, 0);
                System.arraycopy(ct, 0, c, cOff + i * n + jt, w);
            }
        }
    }

    // ================================================================ C += A · B, B packed once

    /**
     * k block of the packed products: a {@code [KC_PACKED, PANEL]} block of a packed panel is
     * 32 KiB and stays in the 48 KiB L1 while the row tiles of one row block pass over it.
     * Measured on the per-step shapes ({@code [16..32, 256..1024]·[256..1024, 256..4096]}, one
     * thread): 128 beats 256 by 0-10% and 64 by 2-8%.
     */
    static final int KC_PACKED = 128;
    /** Rows per block of the packed products: a [96, KC_PACKED] block of A is 48 KiB, L2-resident while B's panels pass. */
    static final int MC_PACKED = 96;

    /**
     * Floats needed for B [k, n] packed: {@code n / PANEL} panels of {@code [k, PANEL]}, then the
     * last {@code n % PANEL} columns as one {@code [k, w]} panel, w rounded up to whole vectors
     * and zero-padded.
     */
    static int packedSize(int k, int n) {
        int full = n / PANEL * PANEL;
        return full * k + roundUpToVector(n - full) * k;
    }

    private static int roundUpToVector(int w) {
        return (w + L - 1) / L * L;
    }

    /** Packs B [k, n] (row length n) in the layout of {@link #packedSize}. */
    static void packRows(int k, int n, float[] b, int bOff, float[] packed) {
        int full = n / PANEL * PANEL;
        for (int j = 0; j < full; j += PANEL) {
            int dst = j * k;
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * n + j, packed, dst + p * PANEL, PANEL);
            }
        }
        int w = n - full;
        if (w > 0) {
            int wp = roundUpToVector(w);
            int dst = full * k;
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * n + full, packed, dst + p * wp, w);
                Arrays.fill(packed, dst + p * wp + w, dst + (p + 1) * wp, 0f);
            }
        }
    }

    /** Packs B [k, n] given as Bᵀ [n, k] (row length k) in the layout of {@link #packedSize}. */
    static void packTransposed(int k, int n, float[] bt, int btOff, float[] packed) {
        int full = n / PANEL * PANEL;
        for (int j = 0; j < n; j += PANEL) {
            int width = j < full ? PANEL : roundUpToVector(n - full);
            int cols = Math.min(PANEL, n - j);
            int dst = j * k;
            // k outer in blocks so that the [kb, width] destination block stays in L1 while the
            // source rows are read along k
            for (int p0 = 0; p0 < k; p0 += 64) {
                int p1 = Math.min(k, p0 + 64);
                for (int jj = 0; jj < cols; jj++) {
                    int src = btOff + (j + jj) * k;
                    for (int p = p0; p < p1; p++) {
                        packed[dst + p * width + jj] = bt[src + p];
                    }
                }
                for (int jj = cols; jj < width; jj++) {
                    for (int p = p0; p < p1; p++) {
                        packed[dst + p * width + jj] = 0f;
                    }
                }
            }
        }
    }

    /**
     * {@code C[i0:i1, j0:j1] += A[i0:i1, :] · B[:, j0:j1]} with A [m, k] (row length k), B packed by
     * {@link #packRows} or {@link #packTransposed}, C with row length n; j0 a multiple of PANEL and
     * j1 = n or a multiple of PANEL.
     *
     * <p>Rows go in blocks of {@link #MC_PACKED}, k in blocks of {@link #KC_PACKED}; within them the
     * panels, each met by every row tile of the block while its k block is in L1. The same fma chain
     * per element as {@link #multRange} (p = 0..k-1 in order, C stored and reloaded between k
     * blocks), so the same bits.
     */
    static void multPackedRange(int n, int k, float[] a, int aOff, float[] packed, float[] c, int cOff,
                                int i0, int i1, int j0, int j1) {
        int full = n / PANEL * PANEL;
        int panelEnd = Math.min(j1, full);
        int tailWidth = roundUpToVector(n - full);
        for (int ib = i0; ib < i1; ib += MC_PACKED) {
            int ie = Math.min(i1, ib + MC_PACKED);
            int rows = ie - ib;
            int fours = FOURS_FOR_REMAINDER[rows % 6];
            if (4 * fours > rows) {
                fours = 0;
            }
            int sixes = (rows - 4 * fours) / 6;
            int tiled = 6 * sixes + 4 * fours;
            for (int kk = 0; kk < k; kk += KC_PACKED) {
                int kc = Math.min(KC_PACKED, k - kk);
                for (int j = j0; j < panelEnd; j += PANEL) {
                    int bi = j * k + kk * PANEL;
                    int i = ib;
                    for (int t = 0; t < sixes; t++, i += 6) {
                        mult6x4(kc, a, aOff + i * k + kk, k, 1, packed, bi, PANEL, c, cOff + i * n + j, n);
                    }
                    for (int t = 0; t < fours; t++, i += 4) {
                        mult4x4(kc, a, aOff + i * k + kk, k, 1, packed, bi, PANEL, c, cOff + i * n + j, n);
                    }
                }
                // Rows left over (batch 1: a lone row) take two panels at a time, for 8 independent fma chains.
                for (int i = ib + tiled; i < ie; i++) {
                    int j = j0;
                    for (; j + 2 * PANEL <= panelEnd; j += 2 * PANEL) {
                        mult1x8Panels(kc, a, aOff + i * k + kk, packed, j * k + kk * PANEL, PANEL * k,
                                c, cOff + i * n + j);
                    }
                    if (j < panelEnd) {
                        mult1x4(kc, a, aOff + i * k + kk, packed, j * k + kk * PANEL, PANEL, c, cOff + i * n + j);
                    }
                }
                if (j1 > full) {
                    multPackedTail(n, k, kc, kk, a, aOff, packed, full * k + kk * tailWidth, tailWidth,
                            c, cOff, ib, ie, sixes, fours, full);
                }
            }
        }
    }

    /** The last panel (columns [full, n), stored tailWidth wide) for rows [ib, ie) and one k block. */
    private static void multPackedTail(int n, int k, int kc, int kk, float[] a, int aOff, float[] packed, int bi,
                                       int tailWidth, float[] c, int cOff, int ib, int ie, int sixes, int fours,
                                       int full) {
        int w = n - full;
        int vectors = w / L;
        for (int v = 0; v < vectors; v++) {
            int j = full + v * L;
            int bv = bi + v * L;
            int i = ib;
            for (int t = 0; t < sixes; t++, i += 6) {
                mult6x1(kc, a, aOff + i * k + kk, k, 1, packed, bv, tailWidth, c, cOff + i * n + j, n);
            }
            for (int t = 0; t < fours; t++, i += 4) {
                mult4x1(kc, a, aOff + i * k + kk, k, 1, packed, bv, tailWidth, c, cOff + i * n + j, n);
            }
            for (; i < ie; i++) {
                mult1x1(kc, a, aOff + i * k + kk, 1, packed, bv, tailWidth, c, cOff + i * n + j);
            }
        }
        int rest = w - vectors * L;
        if (rest > 0) {
            // the zero-padded last vector: through six-row scratch tiles of C, rest columns copied back
            int jt = full + vectors * L;
            int bv = bi + vectors * L;
            float[] ct = SCRATCH.get().tailC;
            int i = ib;
            for (; i + 6 <= ie; i += 6) {
                for (int r = 0; r < 6; r++) {
                    System.arraycopy(c, cOff + (i + r) * n + jt, ct, r * L, rest);
                }
                mult6x1(kc, a, aOff + i * k + kk, k, 1, packed, bv, tailWidth, ct, 0, L);
                for (int r = 0; r < 6; r++) {
                    System.arraycopy(ct, r * L, c, cOff + (i + r) * n + jt, rest);
                }
            }
            for (; i < ie; i++) {
                System.arraycopy(c, cOff + i * n + jt, ct, 0, rest);
                mult1x1(kc, a, aOff + i * k + kk, 1, packed, bv, tailWidth, ct, 0);
                System.arraycopy(ct, 0, c, cOff + i * n + jt, rest);
            }
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
    static void mult1x8Panels(int k, float[] a, int ai, float[] b, int bi, int second, float[] c, int ci) {
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
            ap++;
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
    static void mult1x4(int k, float[] a, int ai, float[] b, int bi, int ldb, float[] c, int ci) {
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
            ap++;
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
        float[] acc = SCRATCH.get().dot;
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
            s00 = x0.fma(y0, s00); s01 = x0.fma(y1, s01); s02 = x0.fma(y2, s02); s03 = x0.fma(y3, s03);
            s10 = x1.fma(y0, s10); s11 = x1.fma(y1, s11); s12 = x1.fma(y2, s12); s13 = x1.fma(y3, s13);
            s20 = x2.fma(y0, s20); s21 = x2.fma(y1, s21); s22 = x2.fma(y2, s22); s23 = x2.fma(y3, s23);
            s30 = x3.fma(y0, s30); s31 = x3.fma(y1, s31); s32 = x3.fma(y2, s32); s33 = x3.fma(y3, s33);
        }
        s00.intoArray(acc, 0); s01.intoArray(acc, 1 * L); s02.intoArray(acc, 2 * L); s03.intoArray(acc, 3 * L);
        s10.intoArray(acc, 4 * L); s11.intoArray(acc, 5 * L); s12.intoArray(acc, 6 * L); s13.intoArray(acc, 7 * L);
        s20.intoArray(acc, 8 * L); s21.intoArray(acc, 9 * L); s22.intoArray(acc, 10 * L); s23.intoArray(acc, 11 * L);
        s30.intoArray(acc, 12 * L); s31.intoArray(acc, 13 * L); s32.intoArray(acc, 14 * L); s33.intoArray(acc, 15 * L);
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
            s00 = x0.fma(y0, s00); s01 = x0.fma(y1, s01); s02 = x0.fma(y2, s02); s03 = x0.fma(y3, s03);
        }
        s00.intoArray(acc, 0); s01.intoArray(acc, 1 * L); s02.intoArray(acc, 2 * L); s03.intoArray(acc, 3 * L);
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
