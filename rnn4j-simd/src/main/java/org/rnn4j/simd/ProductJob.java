package org.rnn4j.simd;

import org.rnn4j.kernel.PartedTask;

/**
 * One matrix product of {@link VectorKernels}, cut into disjoint blocks of C for the worker threads
 * (by rows or by columns), and the single-thread product of one block. Preallocated once per kernels
 * instance, so that a parallel product allocates nothing. Every element of C gets the same
 * operations whichever block holds it, so the cut never changes a bit.
 */
final class ProductJob implements PartedTask {

    static final int MULT = 0;
    static final int MULT_TRANS_A = 1;
    static final int MULT_TRANS_B = 2;
    /** {@code A · B} with B packed: b is the packed array, bOff unused. */
    static final int MULT_PACKED = 3;

    /** Column blocks are cut at multiples of this, so that no thread gets a ragged tile in the middle. */
    static int columnUnit(int kind) {
        return kind == MULT_TRANS_B ? 4 : Gemm.PANEL;
    }

    static void compute(int kind, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
            float[] c, int cOff, int i0, int i1, int j0, int j1) {
        switch (kind) {
            case MULT:
                // A[m, k]: row stride k, step along k 1. Many rows: blocked, B packed as it goes.
                if (i1 - i0 >= Gemm.PACK_MIN_ROWS) {
                    Gemm.multBlocked(n, k, a, aOff, k, 1, b, bOff, n, c, cOff, i0, i1, j0, j1);
                } else {
                    Gemm.multRange(n, k, a, aOff, k, 1, b, bOff, c, cOff, i0, i1, j0, j1);
                }
                break;
            case MULT_TRANS_A:
                Gemm.multTransARange(m, n, k, a, aOff, b, bOff, c, cOff, i0, i1, j0, j1);
                break;
            case MULT_TRANS_B:
                Dots.dotRange(n, k, a, aOff, b, bOff, c, cOff, i0, i1, j0, j1);
                break;
            case MULT_PACKED:
                Gemm.multPackedRange(n, k, a, aOff, b, c, cOff, i0, i1, j0, j1);
                break;
            default:
                throw new AssertionError(kind);
        }
    }

    static final int SERIAL = 0;
    static final int BY_ROWS = 1;
    static final int BY_COLUMNS = 2;

    private int kind;
    private int split;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;
    private int aOff;
    private int bOff;
    private int cOff;
    // an optional second packed product over the same m and n, split the same way
    private int k2;
    private float[] a2;
    private float[] b2;
    private float[] c2;
    private int a2Off;
    private int c2Off;

    void set(int kind, int split, int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c,
            int cOff) {
        this.kind = kind;
        this.split = split;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.b = b;
        this.bOff = bOff;
        this.c = c;
        this.cOff = cOff;
    }

    void setSecond(int k2, float[] a2, int a2Off, float[] b2, float[] c2, int c2Off) {
        this.k2 = k2;
        this.a2 = a2;
        this.a2Off = a2Off;
        this.b2 = b2;
        this.c2 = c2;
        this.c2Off = c2Off;
    }

    /** Drops the array references so the job does not keep them alive. */
    void clear() {
        a = null;
        b = null;
        c = null;
        a2 = null;
        b2 = null;
        c2 = null;
    }

    @Override
    public void runPart(int part, int parts) {
        if (split == BY_ROWS) {
            int i0 = PartedTask.start(m, part, parts);
            int i1 = PartedTask.start(m, part + 1, parts);
            if (i0 < i1) {
                compute(kind, m, n, k, a, aOff, b, bOff, c, cOff, i0, i1, 0, n);
            }
        } else {
            int unit = columnUnit(kind);
            int units = (n + unit - 1) / unit;
            int j0 = Math.min(n, PartedTask.start(units, part, parts) * unit);
            int j1 = Math.min(n, PartedTask.start(units, part + 1, parts) * unit);
            if (j0 < j1) {
                compute(kind, m, n, k, a, aOff, b, bOff, c, cOff, 0, m, j0, j1);
                if (c2 != null) {
                    compute(MULT_PACKED, m, n, k2, a2, a2Off, b2, 0, c2, c2Off, 0, m, j0, j1);
                }
            }
        }
    }
}
