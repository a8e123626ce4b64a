package org.rnn4j.simd;

import static org.rnn4j.simd.Tiles.mult1x1;
import static org.rnn4j.simd.Tiles.mult1x4;
import static org.rnn4j.simd.Tiles.mult1x8;
import static org.rnn4j.simd.Tiles.mult1x8Panels;
import static org.rnn4j.simd.Tiles.mult4x1;
import static org.rnn4j.simd.Tiles.mult4x4;
import static org.rnn4j.simd.Tiles.mult4x4Rows;
import static org.rnn4j.simd.Tiles.mult4x4Tiled;
import static org.rnn4j.simd.Tiles.mult6x1;
import static org.rnn4j.simd.Tiles.mult6x4;
import static org.rnn4j.simd.Tiles.mult6x4Rows;
import static org.rnn4j.simd.Tiles.mult6x4Tiled;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-tiled Vector API matrix products, single-threaded; {@link VectorKernels} splits the
 * output between threads and calls the range methods here.
 *
 * <p>Legend: C is {@code [m, n]}; for {@link #multRange} and {@link #multBlocked} A(i, p) is read at
 * {@code a[aOff + i·ars + p·aps]} (so the tiles serve {@code A[m,k]}, strides {@code (k, 1)},
 * {@code A[k,m]ᵀ}, strides {@code (1, m)}, and A copied into tiles, strides {@code (1, rows)}) and B
 * is {@code [k, n]}; for {@link Dots#dotRange} A is {@code [m, k]} and B is {@code [n, k]}. L is the
 * lane count of the species.
 *
 * <p><b>Determinism.</b> Every element of C gets the same sequence of float operations whichever
 * tile, block or thread computes it, so results do not depend on the thread count or on where a
 * range is cut:
 * <ul>
 *   <li>{@code multRange} and {@code multBlocked} (the blocked form for large and packed
 *       products): {@code c = fma(a(i,p), b(p,j), c)} for p = 0, 1, …, k-1, starting from the
 *       value already in C. Every tile, the padded column tail and the k blocks (C stored and
 *       reloaded between blocks, exactly) follow this chain, whether the operands were copied
 *       into tiles or not; {@code multTransARange} is this form with A read transposed.</li>
 *   <li>{@code dotRange}: lane l of a vector accumulator sums {@code fma} over p ≡ l (mod L),
 *       p &lt; loopBound(k); the L lanes are added in a fixed butterfly order (lane l with lane
 *       l xor h, for h = L/2, L/4, …, 1; float addition is commutative, so which lane ends up
 *       holding the total does not matter); that sum is added to C, and then the k % L leftover
 *       products are fma'd onto C in order. {@code Dots.add4} reduces four accumulators at once with
 *       exactly the butterfly's order, and {@code Dots.sum} reduces one.</li>
 * </ul>
 * Only IEEE-exact operations (fma, add, blend, lane permutes) are used, never
 * {@code reduceLanes(ADD)}, whose order is unspecified and differs between the JIT intrinsic and
 * the interpreter's fallback.
 *
 * <p>The measurements behind the tile and block sizes: {@code bench/RESULTS-choices.md}.
 */
final class Gemm {

    /** The preferred species, clamped to 4..16 lanes (the reduction code below is written for those). */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.length() > 16
            ? FloatVector.SPECIES_512
            : FloatVector.SPECIES_PREFERRED.length() < 4 ? FloatVector.SPECIES_128 : FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /**
     * Columns per multi-row tile: 4 vectors. With 6 rows that is 24 accumulators + 4 B vectors + 1
     * broadcast = 29 of the 32 AVX-512 registers; per k step it does 24 FMAs for 4 loads of B and
     * 6 broadcasts of A, enough to keep both FMA pipes busy.
     */
    static final int PANEL = 4 * L;
    /** Columns per single-row tile: 8 vectors, so a lone row (batch 1) still has 8 independent FMA chains. */
    static final int WIDE = 8 * L;
    /**
     * k block of {@link #multRange}, which reads B in place: its tiles store and reload C once per
     * block, so that the {@code [KC, PANEL]} strip of B a panel of row tiles reads (64 KiB at 16
     * lanes) stays in L2 while the tiles pass over it; the column tail copies B a block at a time.
     */
    static final int KC = 256;
    /**
     * Rows from which an unpacked product goes through {@link #multBlocked}, which copies B into
     * panels k block by k block: that pays once enough row tiles reuse each panel, and avoids
     * cache-set conflicts when n is a power of two; for a small batch of rows {@link #multRange}
     * reads B in place.
     */
    static final int PACK_MIN_ROWS = 128;

    /** Per-thread buffers, allocated on a thread's first product and reused for all later ones. */
    static final class Scratch {
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
        private float[] quantizedTail;

        /** C rows of the last, partial unit of a quantized product: {@code [4, QuantizedGemm.UNIT]}. */
        float[] quantizedTail() {
            if (quantizedTail == null) {
                quantizedTail = new float[4 * QuantizedGemm.UNIT];
            }
            return quantizedTail;
        }

        private float[] quantizedPanel;

        /** One int8 unit of B widened to float, {@code [k, QuantizedGemm.UNIT]}; grown, never shrunk. */
        float[] quantizedPanel(int k) {
            int n = k * QuantizedGemm.UNIT;
            if (quantizedPanel == null || quantizedPanel.length < n) {
                quantizedPanel = new float[n];
            }
            return quantizedPanel;
        }

        private float[] aChunk;
        private float[] bSlab;

        /** Rows of A packed by tiles: {@code [ROW_CHUNK, KC_PACKED]}. */
        float[] aChunk() {
            if (aChunk == null) {
                aChunk = new float[ROW_CHUNK * KC_PACKED];
            }
            return aChunk;
        }

        /** A k block of an unpacked B packed as panels: {@code [KC_PACKED, NC]} (the tail panel padded). */
        float[] bSlab() {
            if (bSlab == null) {
                bSlab = new float[KC_PACKED * (NC + PANEL)];
            }
            return bSlab;
        }
    }

    static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Gemm() {
    }

    // ================================================================ C += A · B (A strided)

    /**
     * {@code C[i0:i1, j0:j1] += A[i0:i1, :] · B[:, j0:j1]}, C and B with row length n, A(i, p) at
     * {@code a[aOff + i·ars + p·aps]}, B read in place: the unpacked product of fewer than
     * {@link #PACK_MIN_ROWS} rows.
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
        int fours = foursFor(rows);
        int sixes = (rows - 4 * fours) / 6;
        int tiled = 6 * sixes + 4 * fours;
        if (tiled > 0 && vectorEnd > j0) {
            multTiledRows(n, k, a, aOff, ars, aps, b, bOff, c, cOff, i0, sixes, fours, j0, vectorEnd);
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
            float[] c, int cOff, int i0, int sixes, int fours, int j0, int j1) {
        int panelEnd = j0 + (j1 - j0) / PANEL * PANEL;
        for (int kk = 0; kk < k; kk += KC) {
            int kc = Math.min(KC, k - kk);
            for (int j = j0; j < panelEnd; j += PANEL) {
                int bi = bOff + kk * n + j;
                int i = i0;
                for (int t = 0; t < sixes; t++, i += 6) {
                    mult6x4(kc, a, aOff + i * ars + kk * aps, ars, aps, b, bi, n, c, cOff + i * n + j, n);
                }
                for (int t = 0; t < fours; t++, i += 4) {
                    mult4x4(kc, a, aOff + i * ars + kk * aps, ars, aps, b, bi, n, c, cOff + i * n + j, n);
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
     */
    static final int KC_PACKED = 128;
    /** Rows per block of the packed products: a [96, KC_PACKED] block of A is 48 KiB, L2-resident while B's panels pass. */
    static final int MC_PACKED = 96;

    /**
     * Floats needed for B [k, n] packed. The layout: k blocks of {@link #KC_PACKED} rows one after
     * the other; within a block of kc rows, {@code n / PANEL} panels of {@code [kc, PANEL]}, then the
     * last {@code n % PANEL} columns as one {@code [kc, w]} panel, w rounded up to whole vectors and
     * zero-padded. Block-major so that the panels a product meets one after the other, for one k
     * block, are one sequential stream the hardware prefetcher follows from panel to panel, rather
     * than one stream per panel whose first row tile waits for its block to come from L2.
     */
    static int packedSize(int k, int n) {
        return k * paddedWidth(n);
    }

    /** The row length of a packed k block: full panels, then the last one rounded up to whole vectors. */
    private static int paddedWidth(int n) {
        int full = n / PANEL * PANEL;
        return full + roundUpToVector(n - full);
    }

    private static int roundUpToVector(int w) {
        return (w + L - 1) / L * L;
    }

    /** Packs B [k, n] (row length n) in the layout of {@link #packedSize}. */
    static void packRows(int k, int n, float[] b, int bOff, float[] packed) {
        int width = paddedWidth(n);
        for (int kk = 0; kk < k; kk += KC_PACKED) {
            int kc = Math.min(KC_PACKED, k - kk);
            packSlab(n, b, bOff + kk * n, kc, 0, n, packed, kk * width);
        }
    }

    /** Packs B [k, n] given as Bᵀ [n, k] (row length k) in the layout of {@link #packedSize}. */
    static void packTransposed(int k, int n, float[] bt, int btOff, float[] packed) {
        packTransposedBlocks(k, n, bt, btOff, packed, 0, kBlocks(k));
    }

    /** The number of k blocks of a packed B with k rows. */
    static int kBlocks(int k) {
        return (k + KC_PACKED - 1) / KC_PACKED;
    }

    /** k blocks [b0, b1) of {@link #packTransposed}: each block is written by one call only. */
    static void packTransposedBlocks(int k, int n, float[] bt, int btOff, float[] packed, int b0, int b1) {
        int full = n / PANEL * PANEL;
        int width = paddedWidth(n);
        for (int kk = b0 * KC_PACKED; kk < Math.min(k, b1 * KC_PACKED); kk += KC_PACKED) {
            int kc = Math.min(KC_PACKED, k - kk);
            int block = kk * width;
            for (int j = 0; j < n; j += PANEL) {
                int w = j < full ? PANEL : width - full;
                int cols = Math.min(PANEL, n - j);
                int dst = block + j * kc;
                // the [kc, w] destination stays in L1 while the source rows are read along k
                for (int jj = 0; jj < cols; jj++) {
                    int src = btOff + (j + jj) * k + kk;
                    for (int p = 0; p < kc; p++) {
                        packed[dst + p * w + jj] = bt[src + p];
                    }
                }
                for (int jj = cols; jj < w; jj++) {
                    for (int p = 0; p < kc; p++) {
                        packed[dst + p * w + jj] = 0f;
                    }
                }
            }
        }
    }

    /**
     * {@code C[i0:i1, j0:j1] += A[i0:i1, :] · B[:, j0:j1]} with A [m, k] (row length k), B packed by
     * {@link #packRows} or {@link #packTransposed}, C with row length n; j0 a multiple of PANEL and
     * j1 = n or a multiple of PANEL. See {@link #multBlocked}.
     */
    static void multPackedRange(int n, int k, float[] a, int aOff, float[] packed, float[] c, int cOff,
            int i0, int i1, int j0, int j1) {
        multBlocked(n, k, a, aOff, k, 1, packed, -1, 0, c, cOff, i0, i1, j0, j1);
    }

    /** Rows from which a row-major A is packed too: below, the copy costs more than it saves (per-step batches). */
    static final int PACK_A_MIN_ROWS = 64;
    /** Columns of B packed at once from an unpacked B: bounds the per-thread scratch to [KC_PACKED, NC] floats (2 MiB). */
    static final int NC = 4096;

    /**
     * The blocked product behind the packed product and the large unpacked ones:
     * {@code C[i0:i1, j0:j1] += A[i0:i1, :] · B[:, j0:j1]}, A(i, p) at {@code a[aOff + i·ars + p·aps]},
     * C with row length n. B is either packed ({@code bOff < 0}: b holds the layout of
     * {@link #packedSize} for these n columns, j0 a multiple of PANEL, j1 = n or a multiple of PANEL)
     * or row-major [k, ·] with row length ldb at bOff, which is then packed here,
     * {@code [KC_PACKED, NC]} at a time, into per-thread scratch.
     *
     * <p>The loops, outer to inner: column chunks (unpacked B only), k blocks of {@link #KC_PACKED},
     * row blocks of {@link #MC_PACKED}, panels, row tiles. A k block of a panel (32 KiB) stays in L1
     * while the row tiles of a block pass over it; a row block of A stays in L2 while the panels pass.
     * A block is copied tile by tile into {@code [kc, rows]} order, so that a tile's broadcasts read
     * one contiguous stream, when A is read transposed (its elements for one k are consecutive, and
     * the next k is a row of A away: the hardware prefetchers do not follow that), or when a large
     * row-major A meets several panels.
     *
     * <p>Every element of C gets {@code c = fma(a(i,p), b(p,j), c)} for p = 0..k-1 in order, C
     * stored and reloaded between k blocks: the bits of {@link #multRange}.
     */
    static void multBlocked(int n, int k, float[] a, int aOff, int ars, int aps, float[] b, int bOff, int ldb,
            float[] c, int cOff, int i0, int i1, int j0, int j1) {
        boolean packedB = bOff < 0;
        boolean transposedA = aps != 1;
        boolean packA = transposedA || (i1 - i0 >= PACK_A_MIN_ROWS && j1 - j0 > PANEL);
        Scratch scratch = SCRATCH.get();
        float[] aPack = packA ? scratch.aChunk() : null;
        for (int ic = i0; ic < i1; ic += ROW_CHUNK) {
            int ice = Math.min(i1, ic + ROW_CHUNK);
            for (int jc = j0; jc < j1; jc += packedB ? j1 - j0 : NC) {
                int jce = packedB ? j1 : Math.min(j1, jc + NC);
                for (int kk = 0; kk < k; kk += KC_PACKED) {
                    int kc = Math.min(KC_PACKED, k - kk);
                    float[] bp;
                    if (packedB) {
                        bp = b;
                    } else {
                        bp = scratch.bSlab();
                        packSlab(ldb, b, bOff + kk * ldb, kc, jc, jce, bp, 0);
                    }
                    if (transposedA) {
                        TileCopies.copyTransposed(a, aOff + ic + kk * aps, aps, kc, ice - ic, aPack);
                    }
                    for (int ib = ic; ib < ice; ib += MC_PACKED) {
                        int ie = Math.min(ice, ib + MC_PACKED);
                        if (packA) {
                            int at = (ib - ic) * kc;
                            if (!transposedA) {
                                TileCopies.copyRows(a, aOff + ib * ars + kk, ars, kc, ie - ib, aPack, at);
                            }
                            multBlock(n, k, kk, kc, aPack, at, 1, kc, true, bp, packedB, c, cOff, ib, ie, jc, jce);
                        } else {
                            multBlock(n, k, kk, kc, a, aOff + ib * ars + kk * aps, ars, aps, false, bp, packedB,
                                    c, cOff, ib, ie, jc, jce);
                        }
                    }
                }
            }
        }
    }

    /** Rows of A packed at once when A is read transposed: the scratch is [ROW_CHUNK, KC_PACKED] floats (512 KiB). */
    static final int ROW_CHUNK = 1024;

    /**
     * {@code C[i0:i1, j0:j1] += (Aᵀ·B)[i0:i1, j0:j1]} with A [k, m] and B [k, n], both row-major, C
     * [m, n]: the weight-gradient form, k being all the time steps of a pass. A is read transposed,
     * copied into tiles k block by k block ({@link TileCopies#copyTransposed}); B is copied into
     * panels. Always this form, whichever matrix is narrower: since the copy into tiles moves whole
     * vectors, it beats computing {@code Bᵀ·A} and adding it transposed (bench/RESULTS-2026-12-01.md).
     */
    static void multTransARange(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
            int i0, int i1, int j0, int j1) {
        multBlocked(n, k, a, aOff, 1, m, b, bOff, n, c, cOff, i0, i1, j0, j1);
    }

    /** Row tiles of {@code rows} rows: 6s and 4s (4s absorb rows % 6 of 2..5, so 32 = 4·6 + 2·4), the rest single rows. */
    static int foursFor(int rows) {
        int fours = FOURS_FOR_REMAINDER[rows % 6];
        return 4 * fours > rows ? 0 : fours;
    }

    /**
     * Packs rows [0, kc) × columns [jc, jce) of a row-major B (row p at {@code b[bi + p·n]}) as one
     * k block of the layout of {@link #packedSize}, panels from jc, at dst[d0...].
     */
    private static void packSlab(int n, float[] b, int bi, int kc, int jc, int jce, float[] dst, int d0) {
        int full = jc + (jce - jc) / PANEL * PANEL;
        for (int j = jc; j < full; j += PANEL) {
            int d = d0 + (j - jc) * kc;
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bi + p * n + j, dst, d + p * PANEL, PANEL);
            }
        }
        int w = jce - full;
        if (w > 0) {
            int wp = roundUpToVector(w);
            int d = d0 + (full - jc) * kc;
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bi + p * n + full, dst, d + p * wp, w);
                Arrays.fill(dst, d + p * wp + w, d + (p + 1) * wp, 0f);
            }
        }
    }

    /**
     * One k block [kk, kk+kc) of rows [ib, ie) × columns [jc, jce). A(r, p) for block row r and block k
     * p at {@code a[ai + r·ars + p·aps]}, or, when aTiled, copied by {@link TileCopies#copyRows} at ai (then
     * ars and aps are ignored). B packed over all of k (bPackedWhole, see {@link #packedSize}) or as the
     * slab of this k block (panels at {@code (j - jc)·kc}).
     */
    private static void multBlock(int n, int k, int kk, int kc, float[] a, int ai, int ars, int aps, boolean aTiled,
            float[] b, boolean bPackedWhole, float[] c, int cOff, int ib, int ie, int jc, int jce) {
        assert aTiled || aps == 1 : "an unpacked A of a blocked product is row-major";
        int rows = ie - ib;
        int fours = foursFor(rows);
        int sixes = (rows - 4 * fours) / 6;
        int tiled = 6 * sixes + 4 * fours;
        int full = jc + (jce - jc) / PANEL * PANEL;
        // B's k block: at kk·(padded width) in a whole packed matrix (panels from column 0), at 0
        // in a slab packed for this block (panels from column jc); panel j at (j - origin)·kc
        int origin = bPackedWhole ? 0 : jc;
        int block = bPackedWhole ? kk * paddedWidth(n) : 0;
        for (int j = jc; j < full; j += PANEL) {
            int bi = block + (j - origin) * kc;
            int r = 0;
            for (int t = 0; t < sixes; t++, r += 6) {
                if (aTiled) {
                    mult6x4Tiled(kc, a, ai + r * kc, b, bi, c, cOff + (ib + r) * n + j, n);
                } else {
                    mult6x4Rows(kc, a, ai + r * ars, ars, b, bi, c, cOff + (ib + r) * n + j, n);
                }
            }
            for (int t = 0; t < fours; t++, r += 4) {
                if (aTiled) {
                    mult4x4Tiled(kc, a, ai + r * kc, b, bi, c, cOff + (ib + r) * n + j, n);
                } else {
                    mult4x4Rows(kc, a, ai + r * ars, ars, b, bi, c, cOff + (ib + r) * n + j, n);
                }
            }
        }
        // Rows left over (batch 1: a lone row) take two panels at a time, for 8 independent fma chains.
        for (int r = tiled; r < rows; r++) {
            int at = aTiled ? ai + r * kc : ai + r * ars;
            int step = aTiled ? 1 : aps;
            int j = jc;
            for (; j + 2 * PANEL <= full; j += 2 * PANEL) {
                mult1x8Panels(kc, a, at, step, b, block + (j - origin) * kc, PANEL * kc, c, cOff + (ib + r) * n + j);
            }
            if (j < full) {
                mult1x4(kc, a, at, step, b, block + (j - origin) * kc, PANEL, c, cOff + (ib + r) * n + j);
            }
        }
        if (jce > full) {
            int tailWidth = roundUpToVector(jce - full);
            int bi = block + (full - origin) * kc;
            blockTail(n, kc, a, ai, ars, aps, aTiled, b, bi, tailWidth, c, cOff, ib, ie, sixes, fours, full, jce);
        }
    }

    /** The last panel (columns [full, jce), stored tailWidth wide) of {@link #multBlock}. */
    private static void blockTail(int n, int kc, float[] a, int ai, int ars, int aps, boolean aTiled, float[] b, int bi,
            int tailWidth, float[] c, int cOff, int ib, int ie, int sixes, int fours, int full,
            int jce) {
        int rows = ie - ib;
        int tiled = 6 * sixes + 4 * fours;
        int w = jce - full;
        int vectors = w / L;
        int rest = w - vectors * L;
        float[] ct = SCRATCH.get().tailC;
        for (int v = 0; v <= vectors; v++) {
            if (v == vectors && rest == 0) {
                break;
            }
            // the last, zero-padded vector goes through six-row scratch tiles of C, rest columns copied back
            boolean partial = v == vectors;
            int j = full + v * L;
            int bv = bi + v * L;
            int r = 0;
            for (int t = 0; t < sixes + fours; t++) {
                int height = t < sixes ? 6 : 4;
                int at = aTiled ? ai + r * kc : ai + r * ars;
                int rs = aTiled ? 1 : ars;
                int ps = aTiled ? height : aps;
                float[] cc = c;
                int ci = cOff + (ib + r) * n + j;
                int ldc = n;
                if (partial) {
                    for (int q = 0; q < height; q++) {
                        System.arraycopy(c, ci + q * n, ct, q * L, rest);
                    }
                    cc = ct;
                    ci = 0;
                    ldc = L;
                }
                if (height == 6) {
                    mult6x1(kc, a, at, rs, ps, b, bv, tailWidth, cc, ci, ldc);
                } else {
                    mult4x1(kc, a, at, rs, ps, b, bv, tailWidth, cc, ci, ldc);
                }
                if (partial) {
                    for (int q = 0; q < height; q++) {
                        System.arraycopy(ct, q * L, c, cOff + (ib + r + q) * n + j, rest);
                    }
                }
                r += height;
            }
            for (r = tiled; r < rows; r++) {
                int at = aTiled ? ai + r * kc : ai + r * ars;
                int ci = cOff + (ib + r) * n + j;
                if (partial) {
                    System.arraycopy(c, ci, ct, 0, rest);
                    mult1x1(kc, a, at, aTiled ? 1 : aps, b, bv, tailWidth, ct, 0);
                    System.arraycopy(ct, 0, c, ci, rest);
                } else {
                    mult1x1(kc, a, at, aTiled ? 1 : aps, b, bv, tailWidth, c, ci);
                }
            }
        }
    }

}
