package org.rnn4j.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.ScalarKernels;

import java.util.Arrays;

/**
 * {@link Kernels} on the Vector API ({@code jdk.incubator.vector}), using the machine's preferred
 * vector width (16 floats with AVX-512) and, for large products, several threads.
 *
 * <p>{@link org.rnn4j.kernel.KernelProvider} loads this class by name when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}. It matches {@link ScalarKernels} within float32
 * rounding: products are summed with fused multiply-adds (one rounding per step instead of two)
 * and, for {@link #multTransBAccumulate}, in another order; sigmoid and tanh are within 3 ulp
 * (see {@code VectorMath}). The row, vector and GRU-backward kernels do the same float operations
 * as the specification and give identical bits.
 *
 * <p><b>Threads.</b> Products of at least {@link #PARALLEL_MIN_FLOPS} are split over a persistent
 * pool of daemon threads: the rows or the columns of C are cut into disjoint blocks. Every element
 * of C is computed by the same sequence of operations whichever block or thread holds it, so the
 * results are bit-for-bit the same for any thread count. Pointwise kernels stay on the calling
 * thread: at recurrent-layer sizes they take microseconds, less than a hand-over. The thread count
 * is the system property {@code rnn4j.threads} if set, else {@link Runtime#availableProcessors()}.
 *
 * <p>Instances are safe to share between threads. Calls do not allocate, except a thread's first
 * large product (its packing buffer).
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int L = S.length();
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector ZERO = FloatVector.zero(S);

    /**
     * Products smaller than this many floating-point operations (2·m·n·k) run on the calling
     * thread. Handing a job to a spinning worker and waiting for it costs roughly 2-5 µs, a
     * parked one 10-50 µs; 4 MFLOP is about 25 µs of single-thread work here.
     */
    static final long PARALLEL_MIN_FLOPS = 4_000_000L;

    /**
     * Products with fewer rows than this are split by columns when they can be: with a per-step
     * batch (m = 1..64) each thread then reads only its half of the weight matrix B, which stays
     * in that core's L2 from one time step to the next.
     */
    private static final int COLUMN_SPLIT_MAX_ROWS = 128;

    private static final int MULT = 0;
    private static final int MULT_TRANS_A = 1;
    private static final int MULT_TRANS_B = 2;

    private final int threads;
    private final WorkerPool pool;
    /** Reused for every parallel product; filled in only while holding the pool. */
    private final ProductJob job = new ProductJob();

    /** Kernels using {@code rnn4j.threads} threads, or all available processors when it is unset. */
    public VectorKernels() {
        this(defaultThreads());
    }

    /**
     * Kernels using up to {@code threads} threads for large products (1 = the calling thread only).
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public VectorKernels(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads > 1 ? new WorkerPool(threads) : null;
    }

    private static int defaultThreads() {
        String value = System.getProperty("rnn4j.threads");
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int t = Integer.parseInt(value.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("-Drnn4j.threads must be a positive integer, got '" + value + "'");
    }

    /** {@code vector-<bits>}, e.g. {@code vector-512}. */
    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    /** The number of threads large products are split over. */
    public int threads() {
        return threads;
    }

    // ================================================================ matrix products

    @Override
    public void multAccumulate(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        assert checkProduct(m, n, k, a, aOff, (long) m * k, b, bOff, (long) k * n, c, cOff);
        product(MULT, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    @Override
    public void multTransAAccumulate(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        assert checkProduct(m, n, k, a, aOff, (long) k * m, b, bOff, (long) k * n, c, cOff);
        product(MULT_TRANS_A, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    @Override
    public void multTransBAccumulate(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        assert checkProduct(m, n, k, a, aOff, (long) m * k, b, bOff, (long) n * k, c, cOff);
        product(MULT_TRANS_B, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    private static boolean checkProduct(int m, int n, int k, float[] a, int aOff, long aSize, float[] b, int bOff,
                                        long bSize, float[] c, int cOff) {
        assert m >= 0 && n >= 0 && k >= 0 : "negative shape " + m + "x" + n + "x" + k;
        assert aOff >= 0 && aOff + aSize <= a.length : "A out of range";
        assert bOff >= 0 && bOff + bSize <= b.length : "B out of range";
        assert cOff >= 0 && cOff + (long) m * n <= c.length : "C out of range";
        assert (c != a || disjoint(aOff, aSize, cOff, (long) m * n))
                && (c != b || disjoint(bOff, bSize, cOff, (long) m * n)) : "C overlaps an input";
        return true;
    }

    private static boolean disjoint(long off1, long len1, long off2, long len2) {
        return off1 + len1 <= off2 || off2 + len2 <= off1;
    }

    private void product(int kind, int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (pool != null && 2L * m * n * k >= PARALLEL_MIN_FLOPS) {
            int split = chooseSplit(kind, m, n);
            if (split != ProductJob.SERIAL && pool.tryAcquire()) {
                try {
                    job.set(kind, split, m, n, k, a, aOff, b, bOff, c, cOff);
                    pool.run(job);
                } finally {
                    job.clear();
                    pool.release();
                }
                return;
            }
        }
        compute(kind, m, n, k, a, aOff, b, bOff, c, cOff, 0, m, 0, n);
    }

    private int chooseSplit(int kind, int m, int n) {
        int columnUnits = (n + columnUnit(kind) - 1) / columnUnit(kind);
        if (m < COLUMN_SPLIT_MAX_ROWS && columnUnits >= threads) {
            return ProductJob.BY_COLUMNS;
        }
        if (m >= 4 * threads) {
            return ProductJob.BY_ROWS;
        }
        return columnUnits >= threads ? ProductJob.BY_COLUMNS : ProductJob.SERIAL;
    }

    /** Column blocks are cut at multiples of this, so that no thread gets a ragged tile in the middle. */
    private static int columnUnit(int kind) {
        return kind == MULT_TRANS_B ? 4 : Gemm.PANEL;
    }

    private static void compute(int kind, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                                float[] c, int cOff, int i0, int i1, int j0, int j1) {
        switch (kind) {
            case MULT:
                // A[m, k]: row stride k, step along k 1.
                Gemm.multRange(n, k, a, aOff, k, 1, b, bOff, c, cOff, i0, i1, j0, j1);
                break;
            case MULT_TRANS_A:
                // A[k, m] read as Aᵀ: row i of Aᵀ is column i of A, so row stride 1, step along k m.
                Gemm.multRange(n, k, a, aOff, 1, m, b, bOff, c, cOff, i0, i1, j0, j1);
                break;
            case MULT_TRANS_B:
                Gemm.dotRange(n, k, a, aOff, b, bOff, c, cOff, i0, i1, j0, j1);
                break;
            default:
                throw new AssertionError(kind);
        }
    }

    /** One product, cut into disjoint blocks of C; preallocated so that a parallel call allocates nothing. */
    private static final class ProductJob implements WorkerPool.Job {
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

        void set(int kind, int split, int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
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

        /** Drops the array references so the job does not keep them alive. */
        void clear() {
            a = null;
            b = null;
            c = null;
        }

        @Override
        public void runPart(int part, int parts) {
            if (split == BY_ROWS) {
                int i0 = (int) ((long) m * part / parts);
                int i1 = (int) ((long) m * (part + 1) / parts);
                if (i0 < i1) {
                    compute(kind, m, n, k, a, aOff, b, bOff, c, cOff, i0, i1, 0, n);
                }
            } else {
                int unit = columnUnit(kind);
                int units = (n + unit - 1) / unit;
                int j0 = Math.min(n, units * part / parts * unit);
                int j1 = Math.min(n, units * (part + 1) / parts * unit);
                if (j0 < j1) {
                    compute(kind, m, n, k, a, aOff, b, bOff, c, cOff, 0, m, j0, j1);
                }
            }
        }
    }

    // ================================================================ rows and vectors

    @Override
    public void broadcastRowsInPlace(int m, int n, float[] v, int vOff, float[] c, int cOff) {
        // arraycopy and fill are already vectorized by the JIT; nothing to gain here.
        for (int i = 0; i < m; i++) {
            if (v == null) {
                Arrays.fill(c, cOff + i * n, cOff + (i + 1) * n, 0f);
            } else {
                System.arraycopy(v, vOff, c, cOff + i * n, n);
            }
        }
    }

    @Override
    public void sumRowsAccumulate(int m, int n, float[] a, int aOff, float[] y, int yOff) {
        // Columns outer, rows inner: each y element is loaded once, gets the rows added in order
        // i = 0..m-1 (the specification's order, so the bits match), and is stored once.
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector y0 = load(y, yOff + j);
            FloatVector y1 = load(y, yOff + j + L);
            FloatVector y2 = load(y, yOff + j + 2 * L);
            FloatVector y3 = load(y, yOff + j + 3 * L);
            for (int i = 0, ai = aOff + j; i < m; i++, ai += n) {
                y0 = y0.add(load(a, ai));
                y1 = y1.add(load(a, ai + L));
                y2 = y2.add(load(a, ai + 2 * L));
                y3 = y3.add(load(a, ai + 3 * L));
            }
            y0.intoArray(y, yOff + j);
            y1.intoArray(y, yOff + j + L);
            y2.intoArray(y, yOff + j + 2 * L);
            y3.intoArray(y, yOff + j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            FloatVector y0 = load(y, yOff + j);
            for (int i = 0, ai = aOff + j; i < m; i++, ai += n) {
                y0 = y0.add(load(a, ai));
            }
            y0.intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            float s = y[yOff + j];
            for (int i = 0, ai = aOff + j; i < m; i++, ai += n) {
                s += a[ai];
            }
            y[yOff + j] = s;
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        // Multiply, then add (not fma): the same two roundings as the specification.
        int nv = S.loopBound(n);
        int i = 0;
        for (; i < nv; i += L) {
            load(y, yOff + i).add(load(x, xOff + i).mul(alpha)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** Double lanes, as many as {@link #HALF} has floats. */
    private static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, S.vectorShape());
    /** Half-width floats, so that one F2D conversion fills exactly one double vector. */
    private static final VectorSpecies<Float> HALF =
            VectorSpecies.of(float.class, VectorShape.forBitSize(S.vectorBitSize() / 2));

    @Override
    public double sumOfSquares(int n, float[] x, int xOff) {
        // Widen to double before squaring (a float squared is exact in double) and accumulate in
        // double lanes: as accurate as the specification's double loop, only in another order.
        int h = HALF.length();
        int n4 = n / (4 * h) * (4 * h);
        DoubleVector s0 = DoubleVector.zero(DS);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int i = 0;
        for (; i < n4; i += 4 * h) {
            DoubleVector v0 = widen(x, xOff + i);
            DoubleVector v1 = widen(x, xOff + i + h);
            DoubleVector v2 = widen(x, xOff + i + 2 * h);
            DoubleVector v3 = widen(x, xOff + i + 3 * h);
            s0 = v0.fma(v0, s0);
            s1 = v1.fma(v1, s1);
            s2 = v2.fma(v2, s2);
            s3 = v3.fma(v3, s3);
        }
        DoubleVector s = s0.add(s1).add(s2.add(s3));
        double total = 0;
        for (int l = 0; l < s.length(); l++) {
            total += s.lane(l);
        }
        for (; i < n; i++) {
            double v = x[xOff + i];
            total += v * v;
        }
        return total;
    }

    private static DoubleVector widen(float[] x, int i) {
        return (DoubleVector) FloatVector.fromArray(HALF, x, i).convertShape(VectorOperators.F2D, DS, 0);
    }

    // ================================================================ fused cell pointwise

    @Override
    public void rnnForward(Activation act, int n, float[] xproj, int xOff, float[] hproj, int hpOff, float[] h, int hOff) {
        int nv = S.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            FloatVector a = load(xproj, xOff + i).add(load(hproj, hpOff + i));
            activate(act, a).intoArray(h, hOff + i);
        }
        for (int i = nv; i < n; i++) {
            h[hOff + i] = activateScalar(act, xproj[xOff + i] + hproj[hpOff + i]);
        }
    }

    private static FloatVector activate(Activation act, FloatVector a) {
        switch (act) {
            case TANH:
                return VectorMath.tanh(a);
            case RELU:
                // a > 0 ? a : 0, as the specification: NaN and -0 both give +0.
                return ZERO.blend(a, a.compare(VectorOperators.GT, 0f));
            case SIGMOID:
                return VectorMath.sigmoid(a);
            default:
                throw new AssertionError(act);
        }
    }

    private static float activateScalar(Activation act, float a) {
        switch (act) {
            case TANH:
                return ScalarKernels.tanh(a);
            case RELU:
                return a > 0f ? a : 0f;
            case SIGMOID:
                return ScalarKernels.sigmoid(a);
            default:
                throw new AssertionError(act);
        }
    }

    @Override
    public void rnnBackward(Activation act, int n, float[] h, int hOff, float[] dh, int dhOff, float[] da, int daOff) {
        int nv = S.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            FloatVector y = load(h, hOff + i);
            FloatVector d;
            switch (act) {
                case TANH:
                    d = ONE.sub(y.mul(y));
                    break;
                case RELU:
                    d = ZERO.blend(ONE, y.compare(VectorOperators.GT, 0f));
                    break;
                case SIGMOID:
                    d = y.mul(ONE.sub(y));
                    break;
                default:
                    throw new AssertionError(act);
            }
            load(dh, dhOff + i).mul(d).intoArray(da, daOff + i);
        }
        for (int i = nv; i < n; i++) {
            float y = h[hOff + i];
            float d;
            switch (act) {
                case TANH:
                    d = 1f - y * y;
                    break;
                case RELU:
                    d = y > 0f ? 1f : 0f;
                    break;
                case SIGMOID:
                    d = y * (1f - y);
                    break;
                default:
                    throw new AssertionError(act);
            }
            da[daOff + i] = dh[dhOff + i] * d;
        }
    }

    @Override
    public void lstmForward(int rows, int hidden, float[] xproj, int xOff, float[] hproj, int hpOff,
                            float[] cPrev, int cpOff, float[] gates, int gOff, float[] c, int cOff, float[] m, int mOff) {
        int g4 = 4 * hidden;
        int hv = S.loopBound(hidden);
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * g4;
            int hr = hpOff + r * g4;
            int gr = gOff + r * g4;
            int sr = r * hidden;
            for (int j = 0; j < hv; j += L) {
                FloatVector i = VectorMath.sigmoid(load(xproj, xr + j).add(load(hproj, hr + j)));
                FloatVector f = VectorMath.sigmoid(load(xproj, xr + hidden + j).add(load(hproj, hr + hidden + j)));
                FloatVector g = VectorMath.tanh(load(xproj, xr + 2 * hidden + j).add(load(hproj, hr + 2 * hidden + j)));
                FloatVector o = VectorMath.sigmoid(load(xproj, xr + 3 * hidden + j).add(load(hproj, hr + 3 * hidden + j)));
                i.intoArray(gates, gr + j);
                f.intoArray(gates, gr + hidden + j);
                g.intoArray(gates, gr + 2 * hidden + j);
                o.intoArray(gates, gr + 3 * hidden + j);
                FloatVector cj = f.mul(load(cPrev, cpOff + sr + j)).add(i.mul(g));
                cj.intoArray(c, cOff + sr + j);
                o.mul(VectorMath.tanh(cj)).intoArray(m, mOff + sr + j);
            }
            for (int j = hv; j < hidden; j++) {
                float i = ScalarKernels.sigmoid(xproj[xr + j] + hproj[hr + j]);
                float f = ScalarKernels.sigmoid(xproj[xr + hidden + j] + hproj[hr + hidden + j]);
                float g = ScalarKernels.tanh(xproj[xr + 2 * hidden + j] + hproj[hr + 2 * hidden + j]);
                float o = ScalarKernels.sigmoid(xproj[xr + 3 * hidden + j] + hproj[hr + 3 * hidden + j]);
                gates[gr + j] = i;
                gates[gr + hidden + j] = f;
                gates[gr + 2 * hidden + j] = g;
                gates[gr + 3 * hidden + j] = o;
                float cj = f * cPrev[cpOff + sr + j] + i * g;
                c[cOff + sr + j] = cj;
                m[mOff + sr + j] = o * ScalarKernels.tanh(cj);
            }
        }
    }

    @Override
    public void lstmBackward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff, float[] c, int cOff,
                             float[] dm, int dmOff, float[] dc, int dcOff, float[] da, int daOff) {
        // Products are grouped left to right exactly as in the specification, so only tanh(c)
        // differs from it.
        int g4 = 4 * hidden;
        int hv = S.loopBound(hidden);
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * g4;
            int dr = daOff + r * g4;
            int sr = r * hidden;
            for (int j = 0; j < hv; j += L) {
                FloatVector i = load(gates, gr + j);
                FloatVector f = load(gates, gr + hidden + j);
                FloatVector g = load(gates, gr + 2 * hidden + j);
                FloatVector o = load(gates, gr + 3 * hidden + j);
                FloatVector tc = VectorMath.tanh(load(c, cOff + sr + j));
                FloatVector dmj = load(dm, dmOff + sr + j);
                FloatVector dcj = load(dc, dcOff + sr + j).add(dmj.mul(o).mul(ONE.sub(tc.mul(tc))));
                dcj.mul(g).mul(i).mul(ONE.sub(i)).intoArray(da, dr + j);
                dcj.mul(load(cPrev, cpOff + sr + j)).mul(f).mul(ONE.sub(f)).intoArray(da, dr + hidden + j);
                dcj.mul(i).mul(ONE.sub(g.mul(g))).intoArray(da, dr + 2 * hidden + j);
                dmj.mul(tc).mul(o).mul(ONE.sub(o)).intoArray(da, dr + 3 * hidden + j);
                dcj.mul(f).intoArray(dc, dcOff + sr + j);
            }
            for (int j = hv; j < hidden; j++) {
                float i = gates[gr + j];
                float f = gates[gr + hidden + j];
                float g = gates[gr + 2 * hidden + j];
                float o = gates[gr + 3 * hidden + j];
                float tc = ScalarKernels.tanh(c[cOff + sr + j]);
                float dmj = dm[dmOff + sr + j];
                float dcj = dc[dcOff + sr + j] + dmj * o * (1f - tc * tc);
                da[dr + j] = dcj * g * i * (1f - i);
                da[dr + hidden + j] = dcj * cPrev[cpOff + sr + j] * f * (1f - f);
                da[dr + 2 * hidden + j] = dcj * i * (1f - g * g);
                da[dr + 3 * hidden + j] = dmj * tc * o * (1f - o);
                dc[dcOff + sr + j] = dcj * f;
            }
        }
    }

    @Override
    public void gruForward(int rows, int hidden, float[] xproj, int xOff, float[] hproj, int hpOff,
                           float[] hPrev, int hPrevOff, float[] gates, int gOff, float[] h, int hOff) {
        int g3 = 3 * hidden;
        int hv = S.loopBound(hidden);
        for (int row = 0; row < rows; row++) {
            int xr = xOff + row * g3;
            int hr = hpOff + row * g3;
            int gr = gOff + row * g3;
            int sr = row * hidden;
            for (int j = 0; j < hv; j += L) {
                FloatVector r = VectorMath.sigmoid(load(xproj, xr + j).add(load(hproj, hr + j)));
                FloatVector z = VectorMath.sigmoid(load(xproj, xr + hidden + j).add(load(hproj, hr + hidden + j)));
                FloatVector n = VectorMath.tanh(load(xproj, xr + 2 * hidden + j).add(r.mul(load(hproj, hr + 2 * hidden + j))));
                r.intoArray(gates, gr + j);
                z.intoArray(gates, gr + hidden + j);
                n.intoArray(gates, gr + 2 * hidden + j);
                ONE.sub(z).mul(n).add(z.mul(load(hPrev, hPrevOff + sr + j))).intoArray(h, hOff + sr + j);
            }
            for (int j = hv; j < hidden; j++) {
                float r = ScalarKernels.sigmoid(xproj[xr + j] + hproj[hr + j]);
                float z = ScalarKernels.sigmoid(xproj[xr + hidden + j] + hproj[hr + hidden + j]);
                float n = ScalarKernels.tanh(xproj[xr + 2 * hidden + j] + r * hproj[hr + 2 * hidden + j]);
                gates[gr + j] = r;
                gates[gr + hidden + j] = z;
                gates[gr + 2 * hidden + j] = n;
                h[hOff + sr + j] = (1f - z) * n + z * hPrev[hPrevOff + sr + j];
            }
        }
    }

    @Override
    public void gruBackward(int rows, int hidden, float[] gates, int gOff, float[] hproj, int hpOff, float[] hPrev, int hPrevOff,
                            float[] dh, int dhOff, float[] dxproj, int dxOff, float[] dhproj, int dhpOff,
                            float[] dhPrev, int dhPrevOff) {
        // Same operations in the same order as the specification: identical bits.
        int g3 = 3 * hidden;
        int hv = S.loopBound(hidden);
        for (int row = 0; row < rows; row++) {
            int gr = gOff + row * g3;
            int hr = hpOff + row * g3;
            int dxr = dxOff + row * g3;
            int dhr = dhpOff + row * g3;
            int sr = row * hidden;
            for (int j = 0; j < hv; j += L) {
                FloatVector r = load(gates, gr + j);
                FloatVector z = load(gates, gr + hidden + j);
                FloatVector n = load(gates, gr + 2 * hidden + j);
                FloatVector dhj = load(dh, dhOff + sr + j);
                FloatVector dan = dhj.mul(ONE.sub(z)).mul(ONE.sub(n.mul(n)));
                FloatVector daz = dhj.mul(load(hPrev, hPrevOff + sr + j).sub(n)).mul(z).mul(ONE.sub(z));
                FloatVector dar = dan.mul(load(hproj, hr + 2 * hidden + j)).mul(r).mul(ONE.sub(r));
                dar.intoArray(dxproj, dxr + j);
                daz.intoArray(dxproj, dxr + hidden + j);
                dan.intoArray(dxproj, dxr + 2 * hidden + j);
                dar.intoArray(dhproj, dhr + j);
                daz.intoArray(dhproj, dhr + hidden + j);
                dan.mul(r).intoArray(dhproj, dhr + 2 * hidden + j);
                dhj.mul(z).intoArray(dhPrev, dhPrevOff + sr + j);
            }
            for (int j = hv; j < hidden; j++) {
                float r = gates[gr + j];
                float z = gates[gr + hidden + j];
                float n = gates[gr + 2 * hidden + j];
                float dhj = dh[dhOff + sr + j];
                float dan = dhj * (1f - z) * (1f - n * n);
                float daz = dhj * (hPrev[hPrevOff + sr + j] - n) * z * (1f - z);
                float dar = dan * hproj[hr + 2 * hidden + j] * r * (1f - r);
                dxproj[dxr + j] = dar;
                dxproj[dxr + hidden + j] = daz;
                dxproj[dxr + 2 * hidden + j] = dan;
                dhproj[dhr + j] = dar;
                dhproj[dhr + hidden + j] = daz;
                dhproj[dhr + 2 * hidden + j] = dan * r;
                dhPrev[dhPrevOff + sr + j] = dhj * z;
            }
        }
    }

    private static FloatVector load(float[] x, int i) {
        return FloatVector.fromArray(S, x, i);
    }
}
