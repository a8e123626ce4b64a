package org.rnn4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.PartedTask;
import org.rnn4j.kernel.Precision;
import org.rnn4j.kernel.QuantizedMatrix;
import org.rnn4j.kernel.ScalarKernels;
import org.rnn4j.util.FloatArrays;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Kernels} on the Vector API ({@code jdk.incubator.vector}), using the machine's preferred
 * vector width (16 floats with AVX-512) and, for large products, several threads.
 *
 * <p>{@link org.rnn4j.kernel.KernelProvider} loads this class by name when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}. It matches {@link ScalarKernels} within float32
 * rounding: products are summed with fused multiply-adds (one rounding per step instead of two)
 * and, for {@link #multTransBAccumulate}, in another order; sigmoid and tanh are within 2 ulp
 * (see {@code VectorMath}); every other float operation of the cell kernels is the
 * specification's, in its order. The row and vector kernels and {@link #gruBackward} give
 * identical bits.
 *
 * <p><b>Threads.</b> Products of at least {@link #PARALLEL_MIN_FLOPS} are split over a persistent
 * pool of daemon threads: the rows or the columns of C are cut into disjoint blocks. Every element
 * of C is computed by the same sequence of operations whichever block or thread holds it, so the
 * results are bit-for-bit the same for any thread count. Pointwise kernels stay on the calling
 * thread: at recurrent-layer sizes they take microseconds, less than a hand-over. The thread count
 * is the system property {@code rnn4j.threads} if set, else {@link Runtime#availableProcessors()}.
 *
 * <p>Instances are safe to share between threads. Calls do not allocate, except the first product
 * on each thread (its scratch buffers) and the first parallel product (which starts the pool).
 * The first instance in a JVM runs every kernel briefly (see {@code warmUpOnce}).
 *
 * <p><b>Vector API caveat (JDK 17).</b> These kernels are fast only while C2 compiles each of
 * them whole into vector instructions. Two things found to break that are avoided here and
 * should be avoided by other code in the same JVM: using a second {@code FloatVector} species
 * (say 256 bits next to 512: the kernels compiled afterwards box every vector), and long
 * float-only phases before any int-vector code has run (handled by the warm-up). See
 * {@code VectorMath} for the rules the kernel code follows.
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int L = S.length();

    /**
     * Products smaller than this many floating-point operations (2·m·n·k) run on the calling
     * thread: below it a hand-over to a worker costs more than it saves. It is low on purpose, so
     * that the memory-bound products of a batch-1 step (a serving stream) are still split by
     * columns and each core streams the same slice of every weight matrix from its own L2 at every
     * step (see bench/RESULTS-2026-12-01.md). Larger batches split above the kernels, by sequence.
     */
    static final long PARALLEL_MIN_FLOPS = 100_000L;

    /**
     * Products with fewer rows than this are split by columns when they can be: with a per-step
     * batch (m = 1..64) each thread then reads only its half of the weight matrix B, which stays
     * in that core's L2 from one time step to the next.
     */
    private static final int COLUMN_SPLIT_MAX_ROWS = 128;

    private final int threads;
    private final WorkerPool pool;
    /** Reused for every parallel product; filled in only while holding the pool. */
    private final ProductJob job = new ProductJob();
    private final SumJob sumJob = new SumJob();
    private final QuantizedJob quantizedJob = new QuantizedJob();

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
        this(threads, true);
    }

    private VectorKernels(int threads, boolean warmUp) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads > 1 ? new WorkerPool(threads) : null;
        if (warmUp) {
            warmUpOnce();
        }
    }

    private static final AtomicBoolean WARMED_UP = new AtomicBoolean();
    private static final int WARM_UP_ROUNDS = 16;

    /**
     * Runs every kernel a few times on tiny inputs, interleaved, once per JVM.
     *
     * <p>Why: JDK 17 compiles the Vector API's shared internals (one load, store and operator
     * lookup for all vector types) from type profiles gathered while our kernels are still
     * interpreted. If the float-only products run long enough for those internals to be compiled
     * before the kernels that also use int vectors (sigmoid and tanh build 2^n from bits) have
     * run at all, the first int vector then trips the compiled internals' type checks, and every
     * kernel compiled afterwards inherits those traps and keeps its vectors on the heap.
     * With every vector type seen from the start the profiles are mixed and nothing trips.
     */
    private static void warmUpOnce() {
        if (!WARMED_UP.compareAndSet(false, true)) {
            return;
        }
        VectorKernels k = new VectorKernels(1, false);
        float[] a = new float[1024];
        float[] b = new float[1024];
        float[] c = new float[1024];
        float[] d = new float[1024];
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            k.multAccumulate(11, Gemm.PANEL + L + 3, 9, a, 0, b, 0, c, 0);   // 6-, 4-row and single-row tiles, tails
            k.multTransAAccumulate(7, Gemm.PANEL + 1, 5, a, 0, b, 0, c, 0);
            k.multTransBAccumulate(5, 9, L + 3, a, 0, b, 0, c, 0);              // 4x4, 1x4, 1x1 dots, k tail
            k.lstmForward(2, L + 1, a, 0, b, 0, c, 0, d, 0, c, 200, c, 400);
            k.lstmBackward(2, L + 1, d, 0, a, 0, b, 0, c, 0, c, 200, d, 200);
            k.gruForward(2, L + 1, a, 0, b, 0, c, 0, d, 0, c, 200);
            k.gruBackward(2, L + 1, d, 0, a, 0, b, 0, c, 0, d, 200, d, 400, c, 200);
            for (Activation act : Activation.values()) {
                k.rnnForward(act, L + 1, a, 0, b, 0, c, 0);
                k.rnnBackward(act, L + 1, c, 0, b, 0, d, 0);
            }
            if (QuantizedGemm.supported()) {
                // the int8 products widen byte vectors: that conversion must be in the profiles from the start too
                for (Precision p : new Precision[] {Precision.BF16, Precision.INT8}) {
                    QuantizedMatrix q = k.quantizeBTransposed(p, 7, QuantizedGemm.UNIT * 2 + 3, a, 0);
                    k.multQuantizedAccumulate(5, b, 0, q, c, 0);
                    k.multQuantizedAccumulate(1, b, 0, q, d, 0);
                }
            }
            k.sumRowsAccumulate(3, 4 * L + 1, a, 0, c, 0);
            k.axpy(L + 1, 0.5f, a, 0, c, 0);
            k.sumOfSquares(L + 1, a, 0);
        }
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

    @Override
    public int parallelism() {
        return threads;
    }

    /**
     * Runs the pieces on the pool (the caller takes piece 0); products called from inside a piece
     * find the pool taken and run on that piece's thread, as the contract says.
     */
    @Override
    public void runParts(PartedTask task) {
        if (pool != null && pool.tryAcquire()) {
            try {
                pool.run(task);
            } finally {
                pool.release();
            }
        } else {
            task.runPart(0, 1);
        }
    }

    // ================================================================ matrix products

    @Override
    public void multAccumulate(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        assert checkProduct(m, n, k, a, aOff, (long) m * k, b, bOff, (long) k * n, c, cOff);
        product(ProductJob.MULT, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    @Override
    public void multTransAAccumulate(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c,
            int cOff) {
        assert checkProduct(m, n, k, a, aOff, (long) k * m, b, bOff, (long) k * n, c, cOff);
        product(ProductJob.MULT_TRANS_A, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    @Override
    public void multTransBAccumulate(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c,
            int cOff) {
        assert checkProduct(m, n, k, a, aOff, (long) m * k, b, bOff, (long) n * k, c, cOff);
        product(ProductJob.MULT_TRANS_B, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    /** Panels of {@code PANEL} columns, {@code [k, PANEL]} each, the last one narrower (see {@code Gemm.packedSize}). */
    @Override
    public int packedSize(int k, int n) {
        return Gemm.packedSize(k, n);
    }

    @Override
    public void packB(int k, int n, float[] b, int bOff, float[] packed) {
        assert bOff >= 0 && bOff + (long) k * n <= b.length && packed.length >= Gemm.packedSize(k, n);
        Gemm.packRows(k, n, b, bOff, packed);
    }

    /**
     * The transposing copy is a scalar gather, done once per weight and training step; for a large
     * weight the k blocks are shared out between the threads (at short truncated-BPTT chunks the
     * copies are a visible share of a step).
     */
    @Override
    public void packBTransposed(int k, int n, float[] bt, int btOff, float[] packed) {
        assert btOff >= 0 && btOff + (long) k * n <= bt.length && packed.length >= Gemm.packedSize(k, n);
        int blocks = Gemm.kBlocks(k);
        if (pool != null && (long) k * n >= PARALLEL_PACK_MIN && blocks >= threads && pool.tryAcquire()) {
            try {
                pool.run((part, parts) -> Gemm.packTransposedBlocks(k, n, bt, btOff, packed,
                        PartedTask.start(blocks, part, parts), PartedTask.start(blocks, part + 1, parts)));
            } finally {
                pool.release();
            }
        } else {
            Gemm.packTransposed(k, n, bt, btOff, packed);
        }
    }

    /** Elements from which a transposing pack is split over the threads. */
    private static final long PARALLEL_PACK_MIN = 64 * 1024;

    @Override
    public void multPackedAccumulate(int m, int n, int k, float[] a, int aOff, float[] packed, float[] c, int cOff) {
        assert checkProduct(m, n, k, a, aOff, (long) m * k, packed, 0, Gemm.packedSize(k, n), c, cOff);
        product(ProductJob.MULT_PACKED, m, n, k, a, aOff, packed, 0, c, cOff);
    }

    /**
     * The two products in one hand-off when both are large enough to split by columns, each thread
     * taking the same columns of both (for a batch-1 step: the same slices of both weight matrices,
     * from its own L2, at every step).
     */
    @Override
    public void multPackedAccumulatePair(int m, int n, int k1, float[] a1, int a1Off, float[] packed1,
            int k2, float[] a2, int a2Off, float[] packed2,
            float[] c1, int c1Off, float[] c2, int c2Off) {
        assert checkProduct(m, n, k1, a1, a1Off, (long) m * k1, packed1, 0, Gemm.packedSize(k1, n), c1, c1Off);
        assert checkProduct(m, n, k2, a2, a2Off, (long) m * k2, packed2, 0, Gemm.packedSize(k2, n), c2, c2Off);
        if (m == 0 || n == 0) {
            return;
        }
        if (pool != null && 2L * m * n * (k1 + k2) >= PARALLEL_MIN_FLOPS
                && chooseSplit(ProductJob.MULT_PACKED, m, n) == ProductJob.BY_COLUMNS && pool.tryAcquire()) {
            try {
                job.set(ProductJob.MULT_PACKED, ProductJob.BY_COLUMNS, m, n, k1, a1, a1Off, packed1, 0, c1, c1Off);
                job.setSecond(k2, a2, a2Off, packed2, c2, c2Off);
                pool.run(job);
            } finally {
                job.clear();
                pool.release();
            }
            return;
        }
        multPackedAccumulate(m, n, k1, a1, a1Off, packed1, c1, c1Off);
        multPackedAccumulate(m, n, k2, a2, a2Off, packed2, c2, c2Off);
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
                    pool.run(job, parts(kind, split, m));
                } finally {
                    job.clear();
                    pool.release();
                }
                return;
            }
        }
        ProductJob.compute(kind, m, n, k, a, aOff, b, bOff, c, cOff, 0, m, 0, n);
    }

    private int chooseSplit(int kind, int m, int n) {
        int columnUnits = (n + ProductJob.columnUnit(kind) - 1) / ProductJob.columnUnit(kind);
        if (m < COLUMN_SPLIT_MAX_ROWS && columnUnits >= threads) {
            return ProductJob.BY_COLUMNS;
        }
        if (m >= 4 * threads) {
            return ProductJob.BY_ROWS;
        }
        return columnUnits >= threads ? ProductJob.BY_COLUMNS : ProductJob.SERIAL;
    }

    /** Row blocks per thread of a product split by rows whose B is packed already. */
    private static final int ROW_PARTS_PER_THREAD = 4;

    /**
     * How many pieces a parallel product is cut into. Split by columns: one per thread, always the
     * same columns for the same thread (per-step products, whose slices of the weights then stay in
     * that core's L2). Split by rows, when B is packed already: one to four per thread, at least
     * {@code MC_PACKED} rows each, claimed by whichever thread is free, so that a core slowed by
     * other load takes fewer and the other does not wait for it; the same number for every thread,
     * so that no thread is left without a last piece. Every piece of any other product copies an
     * operand into tiles of its own, so those keep one piece per thread.
     */
    private int parts(int kind, int split, int m) {
        if (split != ProductJob.BY_ROWS || kind != ProductJob.MULT_PACKED) {
            return threads;
        }
        return threads * Math.max(1, Math.min(ROW_PARTS_PER_THREAD, m / (Gemm.MC_PACKED * threads)));
    }

    // ================================================================ reduced-precision right-hand sides

    /** Where a machine too narrow for the byte loads takes the specification's quantized products. */
    private static final ScalarKernels SPECIFICATION = new ScalarKernels();

    @Override
    public QuantizedMatrix quantizeBTransposed(Precision precision, int k, int n, float[] bt, int btOff) {
        return QuantizedGemm.supported()
                ? QuantizedGemm.quantize(precision, k, n, bt, btOff)
                : SPECIFICATION.quantizeBTransposed(precision, k, n, bt, btOff);
    }

    @Override
    public void multQuantizedAccumulate(int m, float[] a, int aOff, QuantizedMatrix b, float[] c, int cOff) {
        multQuantizedAccumulatePair(m, a, aOff, b, null, 0, null, c, cOff, null, 0);
    }

    /**
     * Both products in one hand-off, each thread taking the same units of columns of both (for a
     * serving step: the same slices of both weight matrices, from its own L2, at every step).
     */
    @Override
    public void multQuantizedAccumulatePair(int m, float[] a1, int a1Off, QuantizedMatrix b1, float[] a2, int a2Off,
            QuantizedMatrix b2, float[] c1, int c1Off, float[] c2, int c2Off) {
        if (!QuantizedGemm.supported()) {
            SPECIFICATION.multQuantizedAccumulatePair(m, a1, a1Off, b1, a2, a2Off, b2, c1, c1Off, c2, c2Off);
            return;
        }
        assert b2 == null || b2.n() == b1.n() : "the two products of a pair have outputs of one width";
        int units = QuantizedGemm.units(b1.n());
        long flops = 2L * m * b1.n() * (b1.k() + (b2 == null ? 0 : b2.k()));
        if (m > 0 && pool != null && flops >= PARALLEL_MIN_FLOPS && units >= threads && pool.tryAcquire()) {
            try {
                quantizedJob.set(m, a1, a1Off, b1, a2, a2Off, b2, c1, c1Off, c2, c2Off, units);
                pool.run(quantizedJob);
            } finally {
                quantizedJob.clear();
                pool.release();
            }
            return;
        }
        float[] tail = Gemm.SCRATCH.get().quantizedTail();
        QuantizedGemm.multRange(m, a1, a1Off, b1, c1, c1Off, 0, units, tail);
        if (b2 != null) {
            QuantizedGemm.multRange(m, a2, a2Off, b2, c2, c2Off, 0, units, tail);
        }
    }

    /** A parallel quantized product (or pair), preallocated; part p takes a range of whole units of columns. */
    private static final class QuantizedJob implements PartedTask {
        private int m;
        private float[] a1;
        private int a1Off;
        private QuantizedMatrix b1;
        private float[] a2;
        private int a2Off;
        private QuantizedMatrix b2;
        private float[] c1;
        private int c1Off;
        private float[] c2;
        private int c2Off;
        private int units;

        void set(int m, float[] a1, int a1Off, QuantizedMatrix b1, float[] a2, int a2Off, QuantizedMatrix b2,
                float[] c1, int c1Off, float[] c2, int c2Off, int units) {
            this.m = m;
            this.a1 = a1;
            this.a1Off = a1Off;
            this.b1 = b1;
            this.a2 = a2;
            this.a2Off = a2Off;
            this.b2 = b2;
            this.c1 = c1;
            this.c1Off = c1Off;
            this.c2 = c2;
            this.c2Off = c2Off;
            this.units = units;
        }

        void clear() {
            a1 = null;
            a2 = null;
            b1 = null;
            b2 = null;
            c1 = null;
            c2 = null;
        }

        @Override
        public void runPart(int part, int parts) {
            int u0 = PartedTask.start(units, part, parts);
            int u1 = PartedTask.start(units, part + 1, parts);
            if (u0 < u1) {
                float[] tail = Gemm.SCRATCH.get().quantizedTail();
                QuantizedGemm.multRange(m, a1, a1Off, b1, c1, c1Off, u0, u1, tail);
                if (b2 != null) {
                    QuantizedGemm.multRange(m, a2, a2Off, b2, c2, c2Off, u0, u1, tail);
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
        int blocks = n / (4 * L);
        if (pool != null && (long) m * n >= PARALLEL_SUM_MIN && blocks >= threads && pool.tryAcquire()) {
            // by columns: each column is still summed over the rows in order, whoever sums it
            try {
                sumJob.set(m, n, a, aOff, y, yOff, blocks);
                pool.run(sumJob);
            } finally {
                sumJob.clear();
                pool.release();
            }
            return;
        }
        sumColumns(m, n, a, aOff, y, yOff, 0, n);
    }

    /** Elements from which a sum over rows is split over the threads, by columns. */
    private static final long PARALLEL_SUM_MIN = 64 * 1024;

    /** A parallel {@link #sumRowsAccumulate}, preallocated; part p takes whole 4-vector column blocks. */
    private static final class SumJob implements PartedTask {
        private int m;
        private int n;
        private float[] a;
        private int aOff;
        private float[] y;
        private int yOff;
        private int blocks;

        void set(int m, int n, float[] a, int aOff, float[] y, int yOff, int blocks) {
            this.m = m;
            this.n = n;
            this.a = a;
            this.aOff = aOff;
            this.y = y;
            this.yOff = yOff;
            this.blocks = blocks;
        }

        void clear() {
            a = null;
            y = null;
        }

        @Override
        public void runPart(int part, int parts) {
            int j0 = PartedTask.start(blocks, part, parts) * 4 * L;
            int j1 = part == parts - 1 ? n : PartedTask.start(blocks, part + 1, parts) * 4 * L;
            sumColumns(m, n, a, aOff, y, yOff, j0, j1);
        }
    }

    /** Columns [j0, j1) of {@link #sumRowsAccumulate}; j0 a multiple of 4 vectors. */
    private static void sumColumns(int m, int n, float[] a, int aOff, float[] y, int yOff, int j0, int j1) {
        // Columns outer, rows inner: each y element is loaded once, gets the rows added in order
        // i = 0..m-1 (the specification's order, so the bits match), and is stored once.
        int j = j0;
        for (; j + 4 * L <= j1; j += 4 * L) {
            FloatVector y0 = FloatVector.fromArray(S, y, yOff + j);
            FloatVector y1 = FloatVector.fromArray(S, y, yOff + j + L);
            FloatVector y2 = FloatVector.fromArray(S, y, yOff + j + 2 * L);
            FloatVector y3 = FloatVector.fromArray(S, y, yOff + j + 3 * L);
            for (int i = 0, ai = aOff + j; i < m; i++, ai += n) {
                y0 = y0.add(FloatVector.fromArray(S, a, ai));
                y1 = y1.add(FloatVector.fromArray(S, a, ai + L));
                y2 = y2.add(FloatVector.fromArray(S, a, ai + 2 * L));
                y3 = y3.add(FloatVector.fromArray(S, a, ai + 3 * L));
            }
            y0.intoArray(y, yOff + j);
            y1.intoArray(y, yOff + j + L);
            y2.intoArray(y, yOff + j + 2 * L);
            y3.intoArray(y, yOff + j + 3 * L);
        }
        for (; j + L <= j1; j += L) {
            FloatVector y0 = FloatVector.fromArray(S, y, yOff + j);
            for (int i = 0, ai = aOff + j; i < m; i++, ai += n) {
                y0 = y0.add(FloatVector.fromArray(S, a, ai));
            }
            y0.intoArray(y, yOff + j);
        }
        for (; j < j1; j++) {
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
            FloatVector xi = FloatVector.fromArray(S, x, xOff + i);
            FloatVector.fromArray(S, y, yOff + i).add(xi.mul(alpha)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /**
     * Plain Java on purpose ({@link FloatArrays#sumOfSquares}: independent double sums), not the
     * Vector API, although the widening would vectorize: C2 compiles the Vector API's shared code
     * (conversions go through the same methods as everything else) from type profiles, and once a
     * float-to-double conversion has run in the JVM, the sigmoid and tanh kernels compiled
     * afterwards lose their intrinsics and box every vector. A gradient norm is one call per
     * optimizer step; the kernels run thousands.
     */
    @Override
    public double sumOfSquares(int n, float[] x, int xOff) {
        return FloatArrays.sumOfSquares(x, xOff, n);
    }

    // ================================================================ fused cell pointwise (CellKernels)

    @Override
    public void rnnForward(Activation act, int n, float[] xproj, int xOff, float[] hproj, int hpOff, float[] h,
            int hOff) {
        CellKernels.rnnForward(act, n, xproj, xOff, hproj, hpOff, h, hOff);
    }

    @Override
    public void rnnBackward(Activation act, int n, float[] h, int hOff, float[] dh, int dhOff, float[] da, int daOff) {
        CellKernels.rnnBackward(act, n, h, hOff, dh, dhOff, da, daOff);
    }

    @Override
    public void lstmForward(int rows, int hidden, float[] xproj, int xOff, float[] hproj, int hpOff,
            float[] cPrev, int cpOff, float[] gates, int gOff, float[] c, int cOff, float[] m, int mOff) {
        CellKernels.lstmForward(rows, hidden, xproj, xOff, hproj, hpOff, cPrev, cpOff, gates, gOff, c, cOff, m, mOff);
    }

    @Override
    public void lstmBackward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff, float[] c,
            int cOff, float[] dm, int dmOff, float[] dc, int dcOff, float[] da, int daOff) {
        CellKernels.lstmBackward(rows, hidden, gates, gOff, cPrev, cpOff, c, cOff, dm, dmOff, dc, dcOff, da, daOff);
    }

    @Override
    public void gruForward(int rows, int hidden, float[] xproj, int xOff, float[] hproj, int hpOff,
            float[] hPrev, int hPrevOff, float[] gates, int gOff, float[] h, int hOff) {
        CellKernels.gruForward(rows, hidden, xproj, xOff, hproj, hpOff, hPrev, hPrevOff, gates, gOff, h, hOff);
    }

    @Override
    public void gruBackward(int rows, int hidden, float[] gates, int gOff, float[] hproj, int hpOff,
            float[] hPrev, int hPrevOff, float[] dh, int dhOff, float[] dxproj, int dxOff,
            float[] dhproj, int dhpOff, float[] dhPrev, int dhPrevOff) {
        CellKernels.gruBackward(rows, hidden, gates, gOff, hproj, hpOff, hPrev, hPrevOff, dh, dhOff, dxproj, dxOff,
                dhproj, dhpOff, dhPrev, dhPrevOff);
    }
}
