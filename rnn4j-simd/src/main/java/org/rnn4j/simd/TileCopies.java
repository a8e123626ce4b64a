package org.rnn4j.simd;

import static org.rnn4j.simd.Gemm.L;
import static org.rnn4j.simd.Gemm.MC_PACKED;
import static org.rnn4j.simd.Gemm.S;

import jdk.incubator.vector.FloatVector;

/**
 * Copies of A into the order the tiled register tiles read ({@code Tiles.mult6x4Tiled} and the
 * other {@code Tiled} forms): a tile of R rows (6, 4 or 1, as {@link Gemm#foursFor} cuts a block)
 * becomes {@code [kc, R]}, so that its broadcasts for one k are consecutive floats. Used by
 * {@link Gemm#multBlocked} for an A read transposed and for large row-major ones.
 */
final class TileCopies {

    private TileCopies() {
    }

    /**
     * Copies rows [0, rows) × k [0, kc) of a row-major A (row r at {@code a[ai + r·ars]}) tile by tile:
     * a tile of R rows starting at block row r0 becomes {@code [kc, R]} at {@code d + r0·kc}.
     */
    static void copyRows(float[] a, int ai, int ars, int kc, int rows, float[] dst, int d) {
        int fours = Gemm.foursFor(rows);
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
     * The same layout, block after block of {@link Gemm#MC_PACKED} rows, for {@code rows} rows of an A read
     * transposed: element (r, p) at {@code a[ai + r + p·aps]}, so that each k holds a contiguous run of
     * the chunk's rows. A tile of R rows is {@code [kc, R]}: for each k, R consecutive floats copied
     * from one stored row of A. They are moved as vectors, {@link #copyRuns}, k rows a few at a time
     * across all the tiles of a block (stored rows a block apart, often 4 KiB, share one L1 set).
     */
    static void copyTransposed(float[] a, int ai, int aps, int kc, int rows, float[] dst) {
        for (int ib = 0; ib < rows; ib += MC_PACKED) {
            int blockRows = Math.min(MC_PACKED, rows - ib);
            int fours = Gemm.foursFor(blockRows);
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

    /** k rows per pass of {@link #copyTransposed} over a block's tiles. */
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
}
