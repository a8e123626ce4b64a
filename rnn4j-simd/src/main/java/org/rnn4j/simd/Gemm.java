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
 * <p>Legend: C is {@code [m, n]}; for {@link #multRange} and {@link #multBlocked} A(i, p) is read at
 * {@code a[aOff + i·ars + p·aps]} (so the tiles serve {@code A[m,k]}, strides {@code (k, 1)},
 * {@code A[k,m]ᵀ}, strides {@code (1, m)}, and A copied into tiles, strides {@code (1, rows)}) and B
 * is {@code [k, n]}; for {@link #dotRange} A is {@code [m, k]} and B is {@code [n, k]}. L is the
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
     * Rows from which an unpacked product goes through {@link #multBlocked}, which copies B into
     * panels k block by k block: that pays once enough row tiles reuse each panel (2048-row
     * products gain 10-20%) and avoids cache-set conflicts when n is a power of two; for a small
     * batch of rows {@link #multRange} reads B in place.
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
     * Measured on the per-step shapes ({@code [16..32, 256..1024]·[256..1024, 256..4096]}, one
     * thread): 128 beats 256 by 0-10% and 64 by 2-8%.
     */
    static final int KC_PACKED = 128;
    /** Rows per block of the packed products: a [96, KC_PACKED] block of A is 48 KiB, L2-resident while B's panels pass. */
    static final int MC_PACKED = 96;

    /**
     * Floats needed for B [k, n] packed. The layout: k blocks of {@link #KC_PACKED} rows one after
     * the other; within a block of kc rows, {@code n / PANEL} panels of {@code [kc, PANEL]}, then the
     * last {@code n % PANEL} columns as one {@code [kc, w]} panel, w rounded up to whole vectors and
     * zero-padded. Block-major so that the panels a product meets one after the other, for one k
     * block, are one sequential stream the hardware prefetcher follows from panel to panel: with
     * each panel a separate stream, the first row tile of every panel waited for its block to come
     * from L2, and the 6-row tiles ran at two thirds of the 4-row tiles' rate per flop.
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
                        packTransposedChunk(a, aOff + ic + kk * aps, aps, kc, ice - ic, aPack);
                    }
                    for (int ib = ic; ib < ice; ib += MC_PACKED) {
                        int ie = Math.min(ice, ib + MC_PACKED);
                        if (packA) {
                            int at = (ib - ic) * kc;
                            if (!transposedA) {
                                packBlock(a, aOff + ib * ars + kk, ars, kc, ie - ib, aPack, at);
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
     * copied into tiles k block by k block ({@link #packTransposedChunk}); B is copied into panels.
     * (Computing {@code Tᵀ = Bᵀ·A} into a scratch block and adding it transposed into C, so that the
     * narrower matrix takes the copy into tiles, was 1-6% slower on A, B and E training once the
     * copy into tiles moved whole vectors.)
     */
    static void multTransARange(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                                int i0, int i1, int j0, int j1) {
        multBlocked(n, k, a, aOff, 1, m, b, bOff, n, c, cOff, i0, i1, j0, j1);
    }

    /** Row tiles of {@code rows} rows: 6s and 4s (4s absorb rows % 6 of 2..5, so 32 = 4·6 + 2·4), the rest single rows. */
    private static int foursFor(int rows) {
        int fours = FOURS_FOR_REMAINDER[rows % 6];
        return 4 * fours > rows ? 0 : fours;
    }

    /**
     * Copies rows [0, rows) × k [0, kc) of a row-major A (row r at {@code a[ai + r·ars]}) tile by tile:
     * a tile of R rows starting at block row r0 becomes {@code [kc, R]} at {@code d + r0·kc}.
     */
    private static void packBlock(float[] a, int ai, int ars, int kc, int rows, float[] dst, int d) {
        int fours = foursFor(rows);
        int sixes = (rows - 4 * fours) / 6;
        int r0 = 0;
        while (r0 < rows) {
            int t = r0 < 6 * sixes ? 6 : r0 < 6 * sixes + 4 * fours ? 4 : 1;
            for (int r = 0; r < t; r++) {
                int src = ai + (r0 + r) * ars;
                int o = d + r0 * kc + r;
                for (int p = 0; p < kc; p++) {
                    dst[o + p * t] = a[src + p];
                }
            }
            r0 += t;
        }
    }

    /**
     * The same layout, block after block of {@link #MC_PACKED} rows, for {@code rows} rows of an A read
     * transposed: element (r, p) at {@code a[ai + r + p·aps]}, so that each k holds a contiguous run of
     * the chunk's rows. A tile of R rows is {@code [kc, R]}: for each k, R consecutive floats copied
     * from one stored row of A. They are moved as vectors, {@link #copyRuns}, k rows a few at a time
     * across all the tiles of a block (stored rows a block apart, often 4 KiB, share one L1 set).
     */
    private static void packTransposedChunk(float[] a, int ai, int aps, int kc, int rows, float[] dst) {
        for (int ib = 0; ib < rows; ib += MC_PACKED) {
            int blockRows = Math.min(MC_PACKED, rows - ib);
            int fours = foursFor(blockRows);
            int sixes = (blockRows - 4 * fours) / 6;
            int tiled = 6 * sixes + 4 * fours;
            int base = ib * kc;
            for (int p0 = 0; p0 < kc; p0 += COPY_ROWS) {
                int p1 = Math.min(kc, p0 + COPY_ROWS);
                int r0 = 0;
                for (int t = 0; t < sixes; t++, r0 += 6) {
                    copyRuns(a, ai + ib + r0, aps, p0, p1, kc, 6, dst, base + r0 * kc);
                }
                for (int t = 0; t < fours; t++, r0 += 4) {
                    copyRuns(a, ai + ib + r0, aps, p0, p1, kc, 4, dst, base + r0 * kc);
                }
                for (int r = tiled; r < blockRows; r++) {
                    int src = ai + ib + r;
                    int o = base + r * kc;
                    for (int p = p0; p < p1; p++) {
                        dst[o + p] = a[src + p * aps];
                    }
                }
            }
        }
    }

    /** k rows per pass of {@link #packTransposedChunk} over a block's tiles. */
    private static final int COPY_ROWS = 16;
    /** Whether {@link #copyRuns} moves runs as whole vectors (at least 8 lanes, wider than a run). */
    private static final boolean COPY_VECTORS = L >= 8;

    /**
     * {@code dst[d + p·w + q] = a[src + p·aps + q]} for q &lt; w (6 or 4) and p in [p0, p1) of a tile
     * of kc rows, as whole vectors of the one species the tiles use (another species in the same
     * JVM makes C2 give up inlining the tiles' vector calls). A vector store of row p writes w
     * floats and L - w more, which the stores of the following rows, made after it, overwrite; the
     * last rows of the tile, whose extra lanes would fall outside it, and source runs too near the
     * array's end, are copied one by one.
     */
    private static void copyRuns(float[] a, int src, int aps, int p0, int p1, int kc, int w, float[] dst, int d) {
        int p = p0;
        if (COPY_VECTORS && w * kc >= L) {
            int vectorEnd = Math.min(p1, (w * kc - L) / w + 1);
            for (; p < vectorEnd && src + p * aps + L <= a.length; p++) {
                FloatVector.fromArray(S, a, src + p * aps).intoArray(dst, d + w * p);
            }
        }
        for (; p < p1; p++) {
            int s = src + p * aps;
            int o = d + w * p;
            for (int q = 0; q < w; q++) {
                dst[o + q] = a[s + q];
            }
        }
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
     * p at {@code a[ai + r·ars + p·aps]}, or, when aTiled, packed by {@link #packBlock} at ai (then
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

    // ---------------------------------------------------------------- register tiles (unrolled by hand)

    /**
     * The 6×4 tile of the blocked products, A packed by {@link #packBlock} ({@code a[ai + 6p + r]}),
     * B a packed panel (row length {@link #PANEL}). Everything is indexed by the loop counter, so
     * that C2 proves the B loads in range once per call instead of testing every load (with
     * running offsets, as in {@link #mult6x4}, a 6×4 step spent ten compare-and-branches and two
     * reloads of spilled offsets per 24 FMAs): 4-7% faster on the recurrence's shapes, measured
     * alternating with the general tile in one JVM.
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
