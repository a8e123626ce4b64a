package org.rnn4j.simd;

import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.Precision;
import org.rnn4j.kernel.QuantizedMatrix;
import org.rnn4j.kernel.ScalarKernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every {@link VectorKernels} method against the {@link ScalarKernels} specification, over awkward
 * sizes, with nonzero offsets, checking that nothing outside the output range is written; plus
 * extreme pointwise inputs and bit-for-bit determinism across thread counts.
 */
class VectorKernelsTest {

    // ---------------------------------------------------------------- tolerances, in one place

    /**
     * Products: float32 rounding of a different summation order (and fma instead of multiply-add),
     * {@code |got - expected| <= PRODUCT_TOLERANCE · (1 + |expected|) · sqrt(k)}.
     */
    static final double PRODUCT_TOLERANCE = 1e-5;
    /**
     * Pointwise cell kernels (sigmoid and tanh within a few ulp):
     * {@code |got - expected| <= POINTWISE_TOLERANCE · (1 + |expected|)}.
     */
    static final double POINTWISE_TOLERANCE = 2e-6;
    /** sumOfSquares: both sum in double, in different orders. Relative. */
    static final double DOUBLE_SUM_TOLERANCE = 1e-12;

    static final int[] SIZES = {1, 3, 7, 8, 13, 31, 64, 207, 1000};
    /** Skip m·n·k combinations above this: the scalar reference would take seconds each. */
    static final long MAX_PRODUCT_VOLUME = 30_000_000L;

    private static final Kernels SCALAR = new ScalarKernels();
    private static final VectorKernels ONE_THREAD = new VectorKernels(1);
    private static final VectorKernels TWO_THREADS = new VectorKernels(2);
    private static final VectorKernels[] VECTOR = {ONE_THREAD, TWO_THREADS};

    // ---------------------------------------------------------------- helpers

    private static float[] random(Random rnd, int size, double scale) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) ((rnd.nextFloat() * 2 - 1) * scale);
        }
        return x;
    }

    /** A buffer with {@code size} used elements starting at a nonzero offset, guard elements around. */
    private static final class Buf {
        final int off;
        final float[] data;

        Buf(Random rnd, int size, double scale) {
            off = 1 + rnd.nextInt(17);
            data = random(rnd, off + size + 1 + rnd.nextInt(17), scale);
        }

        Buf(int off, float[] data) {
            this.off = off;
            this.data = data;
        }

        Buf copy() {
            return new Buf(off, data.clone());
        }
    }

    private static boolean close(float expected, float got, double tolerance) {
        if (Float.isNaN(expected) || Float.isNaN(got)) {
            return Float.isNaN(expected) && Float.isNaN(got);
        }
        if (expected == got) {
            return true;
        }
        return Math.abs((double) got - expected) <= tolerance * (1 + Math.abs(expected));
    }

    /**
     * Compares every element of got with expected: inside {@code [off, off+len)} within tolerance
     * (bit-identical when tolerance is 0), outside bit-identical (the guard elements, untouched).
     */
    private static void assertBuffers(String what, Buf expected, Buf got, int len, double tolerance) {
        assertEquals(expected.data.length, got.data.length);
        for (int i = 0; i < got.data.length; i++) {
            boolean inside = i >= got.off && i < got.off + len;
            float e = expected.data[i];
            float g = got.data[i];
            boolean ok = inside && tolerance > 0
                    ? close(e, g, tolerance)
                    : Float.floatToRawIntBits(e) == Float.floatToRawIntBits(g);
            if (!ok) {
                fail(what + ": element " + (i - got.off) + (inside ? "" : " (outside the output range)")
                        + " expected " + e + " got " + g);
            }
        }
    }

    // ---------------------------------------------------------------- matrix products

    private interface Product {
        void run(Kernels k, int m, int n, int kk, Buf a, Buf b, Buf c);
    }

    private static final Product MULT = (kn, m, n, k, a, b, c) -> kn.multAccumulate(m, n, k, a.data, a.off, b.data,
            b.off, c.data, c.off);
    private static final Product MULT_TRANS_A = (kn, m, n, k, a, b, c) -> kn.multTransAAccumulate(m, n, k, a.data,
            a.off, b.data, b.off, c.data, c.off);
    private static final Product MULT_TRANS_B = (kn, m, n, k, a, b, c) -> kn.multTransBAccumulate(m, n, k, a.data,
            a.off, b.data, b.off, c.data, c.off);

    /** Packs B [k, n] with the kernels' own packB, then multiplies. */
    private static final Product MULT_PACKED = (kn, m, n, k, a, b, c) -> {
        float[] packed = new float[kn.packedSize(k, n)];
        kn.packB(k, n, b.data, b.off, packed);
        kn.multPackedAccumulate(m, n, k, a.data, a.off, packed, c.data, c.off);
    };
    /** Reads b as Bᵀ [n, k] (a weight [out, in]), packs it with packBTransposed, then multiplies. */
    private static final Product MULT_PACKED_TRANSPOSED = (kn, m, n, k, a, b, c) -> {
        float[] packed = new float[kn.packedSize(k, n)];
        kn.packBTransposed(k, n, b.data, b.off, packed);
        kn.multPackedAccumulate(m, n, k, a.data, a.off, packed, c.data, c.off);
    };

    /** Reads b as Bᵀ [n, k], quantizes it to bfloat16 with the kernels' own layout, then multiplies. */
    private static final Product MULT_BF16 = (kn, m, n, k, a, b, c) -> kn.multQuantizedAccumulate(m, a.data, a.off,
            kn.quantizeBTransposed(Precision.BF16, k, n, b.data, b.off), c.data, c.off);
    /** The same with int8 weights and one scale per column. */
    private static final Product MULT_INT8 = (kn, m, n, k, a, b, c) -> kn.multQuantizedAccumulate(m, a.data, a.off,
            kn.quantizeBTransposed(Precision.INT8, k, n, b.data, b.off), c.data, c.off);

    private static List<int[]> productShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    if ((long) m * n * k <= MAX_PRODUCT_VOLUME) {
                        shapes.add(new int[] {m, n, k});
                    }
                }
            }
        }
        // The recurrence's own shapes: a per-step batch, batch 1, a large input projection.
        shapes.add(new int[] {32, 1024, 256});
        shapes.add(new int[] {64, 768, 200});
        shapes.add(new int[] {1, 1024, 256});
        shapes.add(new int[] {300, 1024, 64});
        // Across the blocked products' boundaries: more rows than a row chunk (with n < m and
        // n > m for the transposed form), more columns than a column chunk, k blocks with a tail.
        shapes.add(new int[] {Gemm.ROW_CHUNK + 76, 70, Gemm.KC_PACKED + 2});
        shapes.add(new int[] {70, Gemm.ROW_CHUNK + 76, Gemm.KC_PACKED + 2});
        shapes.add(new int[] {Gemm.PACK_MIN_ROWS + 2, Gemm.NC + Gemm.PANEL + 5, 3});
        shapes.add(new int[] {Gemm.ROW_CHUNK + 6, 300, Gemm.KC_PACKED + 1});
        shapes.add(new int[] {4, 0, 5});
        shapes.add(new int[] {0, 7, 5});
        shapes.add(new int[] {3, 7, 0});
        return shapes;
    }

    private static void checkProduct(String name, Product op) {
        Random rnd = new Random(name.hashCode());
        for (int[] s : productShapes()) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            Buf a = new Buf(rnd, m * k, 1);
            Buf b = new Buf(rnd, k * n, 1);
            Buf c = new Buf(rnd, m * n, 1);
            Buf expected = c.copy();
            op.run(SCALAR, m, n, k, a, b, expected);
            double tolerance = PRODUCT_TOLERANCE * Math.sqrt(Math.max(1, k));
            Buf first = null;
            for (VectorKernels v : VECTOR) {
                Buf got = c.copy();
                op.run(v, m, n, k, a, b, got);
                String what = name + " " + m + "x" + n + "x" + k + " on " + v.threads() + " thread(s)";
                assertBuffers(what, expected, got, m * n, tolerance);
                if (first == null) {
                    first = got;
                } else {
                    // Same bits whatever the thread count.
                    assertBuffers(what + " vs 1 thread", first, got, m * n, 0);
                }
            }
        }
    }

    @Test
    void bf16ProductsMatchTheSpecification() {
        checkProduct("multQuantizedAccumulate bf16", MULT_BF16);
    }

    @Test
    void int8ProductsMatchTheSpecification() {
        checkProduct("multQuantizedAccumulate int8", MULT_INT8);
    }

    @Test
    void aQuantizedPairGivesTheBitsOfTwoProducts() {
        Random rnd = new Random(77);
        for (Precision precision : new Precision[] {Precision.BF16, Precision.INT8}) {
            for (int[] s : new int[][] {{1, 1024, 256, 64}, {1, 65, 7, 13}, {5, 200, 31, 64}, {16, 1024, 256, 256}}) {
                int m = s[0];
                int n = s[1];
                float[] a1 = random(rnd, m * s[2], 1);
                float[] a2 = random(rnd, m * s[3], 1);
                float[] c1 = random(rnd, m * n, 1);
                float[] c2 = random(rnd, m * n, 1);
                for (VectorKernels v : VECTOR) {
                    QuantizedMatrix b1 = v.quantizeBTransposed(precision, s[2], n, random(new Random(1), s[2] * n, 1),
                            0);
                    QuantizedMatrix b2 = v.quantizeBTransposed(precision, s[3], n, random(new Random(2), s[3] * n, 1),
                            0);
                    float[] p1 = c1.clone();
                    float[] p2 = c2.clone();
                    v.multQuantizedAccumulatePair(m, a1, 0, b1, a2, 0, b2, p1, 0, p2, 0);
                    float[] q1 = c1.clone();
                    float[] q2 = c2.clone();
                    v.multQuantizedAccumulate(m, a1, 0, b1, q1, 0);
                    v.multQuantizedAccumulate(m, a2, 0, b2, q2, 0);
                    String what = precision + " pair " + java.util.Arrays.toString(s) + " on " + v.threads();
                    assertTrue(java.util.Arrays.equals(p1, q1) && java.util.Arrays.equals(p2, q2), what);
                }
            }
        }
    }

    @Test
    void quantizedValuesAreTheSpecificationsWhateverTheLayout() {
        // the product with an identity A reads the dequantized weights back, exactly
        Random rnd = new Random(5);
        for (Precision precision : new Precision[] {Precision.BF16, Precision.INT8}) {
            int k = 19;
            int n = 70;
            float[] bt = random(rnd, n * k, 3);
            float[] identity = new float[k * k];
            for (int i = 0; i < k; i++) {
                identity[i * k + i] = 1f;
            }
            float[] expected = new float[k * n];
            SCALAR.multQuantizedAccumulate(k, identity, 0, SCALAR.quantizeBTransposed(precision, k, n, bt, 0), expected,
                    0);
            for (VectorKernels v : VECTOR) {
                float[] got = new float[k * n];
                v.multQuantizedAccumulate(k, identity, 0, v.quantizeBTransposed(precision, k, n, bt, 0), got, 0);
                assertTrue(java.util.Arrays.equals(expected, got), precision + " on " + v.threads());
            }
        }
    }

    @Test
    void multAccumulateMatchesScalar() {
        checkProduct("multAccumulate", MULT);
    }

    @Test
    void multTransAAccumulateMatchesScalar() {
        checkProduct("multTransAAccumulate", MULT_TRANS_A);
    }

    @Test
    void multTransBAccumulateMatchesScalar() {
        checkProduct("multTransBAccumulate", MULT_TRANS_B);
    }

    @Test
    void multPackedAccumulateMatchesScalar() {
        checkProduct("multPackedAccumulate", MULT_PACKED);
    }

    @Test
    void multPackedAccumulateOfTransposedMatchesScalar() {
        checkProduct("multPackedAccumulate (packBTransposed)", MULT_PACKED_TRANSPOSED);
    }

    /** The pair is the two products, whether it goes to the threads (large) or not (small). */
    @Test
    void multPackedAccumulatePairGivesTheBitsOfTwoProducts() {
        Random rnd = new Random(11);
        int[][] shapes = {{1, 1024, 64, 256}, {3, 200, 17, 33}, {1, 70, 5, 9}, {40, 512, 128, 100}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k1 = s[2];
            int k2 = s[3];
            for (VectorKernels v : VECTOR) {
                Buf a1 = new Buf(rnd, m * k1, 1);
                Buf a2 = new Buf(rnd, m * k2, 1);
                float[] p1 = new float[v.packedSize(k1, n)];
                float[] p2 = new float[v.packedSize(k2, n)];
                v.packB(k1, n, random(rnd, k1 * n, 1), 0, p1);
                v.packB(k2, n, random(rnd, k2 * n, 1), 0, p2);
                Buf c1 = new Buf(rnd, m * n, 1);
                Buf c2 = new Buf(rnd, m * n, 1);
                Buf e1 = c1.copy();
                Buf e2 = c2.copy();
                ONE_THREAD.multPackedAccumulate(m, n, k1, a1.data, a1.off, p1, e1.data, e1.off);
                ONE_THREAD.multPackedAccumulate(m, n, k2, a2.data, a2.off, p2, e2.data, e2.off);
                v.multPackedAccumulatePair(m, n, k1, a1.data, a1.off, p1, k2, a2.data, a2.off, p2,
                        c1.data, c1.off, c2.data, c2.off);
                String what = "pair " + Arrays.toString(s) + " on " + v.threads() + " thread(s)";
                assertBuffers(what + ", first", e1, c1, m * n, 0);
                assertBuffers(what + ", second", e2, c2, m * n, 0);
            }
        }
    }

    /**
     * The packed product is the unpacked one with B read from elsewhere: the same fma chain per
     * element, so the same bits, around the panel width and the k block, where the layout and the
     * loops change.
     */
    @Test
    void multPackedAccumulateGivesTheBitsOfMultAccumulate() {
        Random rnd = new Random(7);
        int p = Gemm.PANEL;
        int kc = Gemm.KC_PACKED;
        int[] ms = {1, 2, 5, 6, 16, 17, 97, 200};
        int[] ns = {1, Gemm.L - 1, Gemm.L + 3, p - 1, p, p + 1, 2 * p + Gemm.L, 3 * p + 5};
        int[] ks = {1, kc - 1, kc, kc + 1, 2 * kc + 7};
        for (int m : ms) {
            for (int n : ns) {
                for (int k : ks) {
                    Buf a = new Buf(rnd, m * k, 1);
                    Buf b = new Buf(rnd, k * n, 1);
                    Buf c = new Buf(rnd, m * n, 1);
                    for (VectorKernels v : VECTOR) {
                        Buf expected = c.copy();
                        MULT.run(v, m, n, k, a, b, expected);
                        Buf got = c.copy();
                        MULT_PACKED.run(v, m, n, k, a, b, got);
                        assertBuffers("packed " + m + "x" + n + "x" + k + " on " + v.threads() + " thread(s)",
                                expected, got, m * n, 0);
                    }
                }
            }
        }
    }

    /**
     * Large products go through the worker threads; their results must be the same bits as on one
     * thread, for every split the two-thread instance may choose (by rows and by columns), and
     * from 3 and 5 threads too.
     */
    @Test
    void productsAreDeterministicAcrossThreadCounts() {
        Random rnd = new Random(42);
        VectorKernels[] others = {TWO_THREADS, new VectorKernels(3), new VectorKernels(5)};
        int[][] shapes = {{32, 1024, 256}, {1, 4096, 1024}, {64, 1000, 333}, {2048, 256, 64}, {1000, 207, 100},
            {130, 130, 300}, {7, 2000, 400}};
        Product[] ops = {MULT, MULT_TRANS_A, MULT_TRANS_B, MULT_PACKED};
        String[] names = {"multAccumulate", "multTransAAccumulate", "multTransBAccumulate", "multPackedAccumulate"};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            assertTrue(2L * m * n * k >= VectorKernels.PARALLEL_MIN_FLOPS, "shape too small to run in parallel");
            Buf a = new Buf(rnd, m * k, 1);
            Buf b = new Buf(rnd, k * n, 1);
            Buf c = new Buf(rnd, m * n, 1);
            for (int o = 0; o < ops.length; o++) {
                Buf reference = c.copy();
                ops[o].run(ONE_THREAD, m, n, k, a, b, reference);
                for (VectorKernels v : others) {
                    for (int rep = 0; rep < 3; rep++) {
                        Buf got = c.copy();
                        ops[o].run(v, m, n, k, a, b, got);
                        assertBuffers(names[o] + " " + m + "x" + n + "x" + k + " on " + v.threads() + " threads",
                                reference, got, m * n, 0);
                    }
                }
            }
        }
    }

    /** Two application threads sharing one instance: one gets the pool, the other runs alone. */
    @Test
    void concurrentCallersGetCorrectResults() throws Exception {
        Random rnd = new Random(7);
        int m = 48;
        int n = 512;
        int k = 256;
        Buf a = new Buf(rnd, m * k, 1);
        Buf b = new Buf(rnd, k * n, 1);
        Buf c = new Buf(rnd, m * n, 1);
        Buf reference = c.copy();
        ONE_THREAD.multAccumulate(m, n, k, a.data, a.off, b.data, b.off, reference.data, reference.off);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<Buf>> results = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                results.add(callers.submit(() -> {
                    Buf got = c.copy();
                    for (int rep = 0; rep < 20; rep++) {
                        got = c.copy();
                        TWO_THREADS.multAccumulate(m, n, k, a.data, a.off, b.data, b.off, got.data, got.off);
                    }
                    return got;
                }));
            }
            for (Future<Buf> f : results) {
                assertBuffers("concurrent multAccumulate", reference, f.get(), m * n, 0);
            }
        } finally {
            callers.shutdown();
        }
    }

    // ---------------------------------------------------------------- rows and vectors

    @Test
    void broadcastRowsInPlaceMatchesScalarExactly() {
        Random rnd = new Random(1);
        for (int m : SIZES) {
            for (int n : SIZES) {
                Buf v = new Buf(rnd, n, 1);
                Buf c = new Buf(rnd, m * n, 1);
                for (boolean withVector : new boolean[] {true, false}) {
                    Buf expected = c.copy();
                    SCALAR.broadcastRowsInPlace(m, n, withVector ? v.data : null, v.off, expected.data, expected.off);
                    Buf got = c.copy();
                    ONE_THREAD.broadcastRowsInPlace(m, n, withVector ? v.data : null, v.off, got.data, got.off);
                    assertBuffers("broadcastRowsInPlace " + m + "x" + n, expected, got, m * n, 0);
                }
            }
        }
    }

    @Test
    void sumRowsAccumulateMatchesScalarExactly() {
        Random rnd = new Random(2);
        for (int m : SIZES) {
            for (int n : SIZES) {
                Buf a = new Buf(rnd, m * n, 1);
                Buf y = new Buf(rnd, n, 1);
                Buf expected = y.copy();
                SCALAR.sumRowsAccumulate(m, n, a.data, a.off, expected.data, expected.off);
                Buf got = y.copy();
                ONE_THREAD.sumRowsAccumulate(m, n, a.data, a.off, got.data, got.off);
                assertBuffers("sumRowsAccumulate " + m + "x" + n, expected, got, n, 0);
            }
        }
    }

    @Test
    void largeSumRowsSplitOverThreadsMatchesScalarExactly() {
        Random rnd = new Random(12);
        VectorKernels[] split = {TWO_THREADS, new VectorKernels(3)};
        for (int[] shape : new int[][] {{400, 197}, {2048, 768}, {100, 5 * 64}, {1000, 64 * 2 + 15}}) {
            int m = shape[0];
            int n = shape[1];
            Buf a = new Buf(rnd, m * n, 1);
            Buf y = new Buf(rnd, n, 1);
            Buf expected = y.copy();
            SCALAR.sumRowsAccumulate(m, n, a.data, a.off, expected.data, expected.off);
            for (VectorKernels k : split) {
                Buf got = y.copy();
                k.sumRowsAccumulate(m, n, a.data, a.off, got.data, got.off);
                assertBuffers("sumRowsAccumulate " + m + "x" + n + " on " + k.parallelism() + " threads", expected, got,
                        n, 0);
            }
        }
    }

    @Test
    void axpyMatchesScalarExactly() {
        Random rnd = new Random(3);
        for (int n : SIZES) {
            for (float alpha : new float[] {0f, 1f, -0.37f, 1e-3f}) {
                Buf x = new Buf(rnd, n, 1);
                Buf y = new Buf(rnd, n, 1);
                Buf expected = y.copy();
                SCALAR.axpy(n, alpha, x.data, x.off, expected.data, expected.off);
                Buf got = y.copy();
                ONE_THREAD.axpy(n, alpha, x.data, x.off, got.data, got.off);
                assertBuffers("axpy " + n, expected, got, n, 0);
            }
        }
    }

    @Test
    void sumOfSquaresMatchesScalarInDouble() {
        Random rnd = new Random(4);
        int[] sizes = Arrays.copyOf(SIZES, SIZES.length + 2);
        sizes[SIZES.length] = 0;
        sizes[SIZES.length + 1] = 100_003;
        for (int n : sizes) {
            Buf x = new Buf(rnd, n, 3);
            // Mixed magnitudes, where summing in float would lose the small terms.
            for (int i = 0; i < n; i += 5) {
                x.data[x.off + i] *= 1e4f;
            }
            double expected = SCALAR.sumOfSquares(n, x.data, x.off);
            double got = ONE_THREAD.sumOfSquares(n, x.data, x.off);
            assertTrue(Math.abs(got - expected) <= DOUBLE_SUM_TOLERANCE * Math.abs(expected),
                    "sumOfSquares " + n + ": expected " + expected + " got " + got);
        }
        float[] small = {3f, 4f};
        assertEquals(25.0, ONE_THREAD.sumOfSquares(2, small, 0));
    }

    // ---------------------------------------------------------------- pointwise

    /** Pre-activations: mostly N(0, 3)-like, with ±100, ±0 and large values sprinkled in. */
    private static Buf preActivations(Random rnd, int size) {
        Buf b = new Buf(rnd, size, 6);
        float[] extremes = {100f, -100f, 0f, -0f, 30f, -30f, 88.5f, -88.5f, 1e-7f, -1e-7f, 1e30f, -1e30f};
        for (int i = 0; i < size; i += 3) {
            b.data[b.off + i] = extremes[rnd.nextInt(extremes.length)];
        }
        return b;
    }

    private static void assertFinite(String what, Buf b, int len) {
        for (int i = 0; i < len; i++) {
            float v = b.data[b.off + i];
            assertFalse(Float.isNaN(v) || Float.isInfinite(v), what + ": element " + i + " is " + v);
        }
    }

    @Test
    void rnnForwardAndBackwardMatchScalar() {
        Random rnd = new Random(5);
        for (Activation act : Activation.values()) {
            for (int n : SIZES) {
                Buf x = preActivations(rnd, n);
                Buf hp = preActivations(rnd, n);
                Buf h = new Buf(rnd, n, 1);
                Buf expected = h.copy();
                SCALAR.rnnForward(act, n, x.data, x.off, hp.data, hp.off, expected.data, expected.off);
                Buf got = h.copy();
                ONE_THREAD.rnnForward(act, n, x.data, x.off, hp.data, hp.off, got.data, got.off);
                assertBuffers("rnnForward " + act + " " + n, expected, got, n, POINTWISE_TOLERANCE);
                assertFinite("rnnForward " + act, got, n);

                Buf dh = new Buf(rnd, n, 1);
                Buf da = new Buf(rnd, n, 1);
                Buf expectedDa = da.copy();
                SCALAR.rnnBackward(act, n, expected.data, expected.off, dh.data, dh.off, expectedDa.data,
                        expectedDa.off);
                Buf gotDa = da.copy();
                ONE_THREAD.rnnBackward(act, n, expected.data, expected.off, dh.data, dh.off, gotDa.data, gotDa.off);
                // Same operations as the specification on the same inputs.
                assertBuffers("rnnBackward " + act + " " + n, expectedDa, gotDa, n, 0);
            }
        }
    }

    @Test
    void lstmForwardAndBackwardMatchScalar() {
        Random rnd = new Random(6);
        for (int rows : new int[] {1, 3, 7}) {
            for (int hidden : SIZES) {
                int g = 4 * hidden * rows;
                int s = hidden * rows;
                Buf x = preActivations(rnd, g);
                Buf hp = preActivations(rnd, g);
                Buf cPrev = preActivations(rnd, s);
                Buf gates = new Buf(rnd, g, 1);
                Buf c = new Buf(rnd, s, 1);
                Buf m = new Buf(rnd, s, 1);
                Buf eGates = gates.copy();
                Buf eC = c.copy();
                Buf eM = m.copy();
                SCALAR.lstmForward(rows, hidden, x.data, x.off, hp.data, hp.off, cPrev.data, cPrev.off,
                        eGates.data, eGates.off, eC.data, eC.off, eM.data, eM.off);
                Buf gGates = gates.copy();
                Buf gC = c.copy();
                Buf gM = m.copy();
                ONE_THREAD.lstmForward(rows, hidden, x.data, x.off, hp.data, hp.off, cPrev.data, cPrev.off,
                        gGates.data, gGates.off, gC.data, gC.off, gM.data, gM.off);
                String what = "lstmForward " + rows + "x" + hidden;
                assertBuffers(what + " gates", eGates, gGates, g, POINTWISE_TOLERANCE);
                assertBuffers(what + " c", eC, gC, s, POINTWISE_TOLERANCE);
                assertBuffers(what + " m", eM, gM, s, POINTWISE_TOLERANCE);
                assertFinite(what + " gates", gGates, g);
                assertFinite(what + " m", gM, s);

                // Backward from the scalar forward's outputs, so only the kernel under test differs.
                Buf dm = new Buf(rnd, s, 1);
                Buf dc = new Buf(rnd, s, 1);
                Buf da = new Buf(rnd, g, 1);
                Buf eDc = dc.copy();
                Buf eDa = da.copy();
                SCALAR.lstmBackward(rows, hidden, eGates.data, eGates.off, cPrev.data, cPrev.off, eC.data, eC.off,
                        dm.data, dm.off, eDc.data, eDc.off, eDa.data, eDa.off);
                Buf gDc = dc.copy();
                Buf gDa = da.copy();
                ONE_THREAD.lstmBackward(rows, hidden, eGates.data, eGates.off, cPrev.data, cPrev.off, eC.data, eC.off,
                        dm.data, dm.off, gDc.data, gDc.off, gDa.data, gDa.off);
                what = "lstmBackward " + rows + "x" + hidden;
                // cPrev reaches ±1e30 here, so da_f can be huge; the relative part of the tolerance covers it.
                assertBuffers(what + " dc", eDc, gDc, s, POINTWISE_TOLERANCE);
                assertBuffers(what + " da", eDa, gDa, g, POINTWISE_TOLERANCE);
            }
        }
    }

    @Test
    void gruForwardAndBackwardMatchScalar() {
        Random rnd = new Random(8);
        for (int rows : new int[] {1, 3, 7}) {
            for (int hidden : SIZES) {
                int g = 3 * hidden * rows;
                int s = hidden * rows;
                Buf x = preActivations(rnd, g);
                // hproj without the extremes: x_n + r·hproj_n with x_n = -100, hproj_n = 100 and
                // r ≈ 0.99 cancels, turning one ulp of r into hundreds of ulp of the sum. That is
                // the input's conditioning, not the kernel's error.
                Buf hp = new Buf(rnd, g, 6);
                Buf hPrev = new Buf(rnd, s, 1);
                Buf gates = new Buf(rnd, g, 1);
                Buf h = new Buf(rnd, s, 1);
                Buf eGates = gates.copy();
                Buf eH = h.copy();
                SCALAR.gruForward(rows, hidden, x.data, x.off, hp.data, hp.off, hPrev.data, hPrev.off,
                        eGates.data, eGates.off, eH.data, eH.off);
                Buf gGates = gates.copy();
                Buf gH = h.copy();
                ONE_THREAD.gruForward(rows, hidden, x.data, x.off, hp.data, hp.off, hPrev.data, hPrev.off,
                        gGates.data, gGates.off, gH.data, gH.off);
                String what = "gruForward " + rows + "x" + hidden;
                assertBuffers(what + " gates", eGates, gGates, g, POINTWISE_TOLERANCE);
                assertBuffers(what + " h", eH, gH, s, POINTWISE_TOLERANCE);
                assertFinite(what + " h", gH, s);

                Buf dh = new Buf(rnd, s, 1);
                Buf dx = new Buf(rnd, g, 1);
                Buf dhp = new Buf(rnd, g, 1);
                Buf dhPrev = new Buf(rnd, s, 1);
                Buf eDx = dx.copy();
                Buf eDhp = dhp.copy();
                Buf eDhPrev = dhPrev.copy();
                SCALAR.gruBackward(rows, hidden, eGates.data, eGates.off, hp.data, hp.off, hPrev.data, hPrev.off,
                        dh.data, dh.off, eDx.data, eDx.off, eDhp.data, eDhp.off, eDhPrev.data, eDhPrev.off);
                Buf gDx = dx.copy();
                Buf gDhp = dhp.copy();
                Buf gDhPrev = dhPrev.copy();
                ONE_THREAD.gruBackward(rows, hidden, eGates.data, eGates.off, hp.data, hp.off, hPrev.data, hPrev.off,
                        dh.data, dh.off, gDx.data, gDx.off, gDhp.data, gDhp.off, gDhPrev.data, gDhPrev.off);
                what = "gruBackward " + rows + "x" + hidden;
                // No transcendental functions in the backward pass: identical bits.
                assertBuffers(what + " dxproj", eDx, gDx, g, 0);
                assertBuffers(what + " dhproj", eDhp, gDhp, g, 0);
                assertBuffers(what + " dhPrev", eDhPrev, gDhPrev, s, 0);
            }
        }
    }

    /** Sigmoid and tanh at the points where naive formulas overflow, cancel or lose the sign. */
    @Test
    void activationsAtExtremeInputs() {
        float[] inputs = {100f, -100f, 0f, -0f, 88.73f, -88.73f, 1e-30f, -1e-30f, 20f, -20f, 9f, -9f,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        int n = inputs.length;
        float[] zeros = new float[n];
        for (Activation act : new Activation[] {Activation.SIGMOID, Activation.TANH}) {
            float[] expected = new float[n];
            float[] got = new float[n];
            SCALAR.rnnForward(act, n, inputs, 0, zeros, 0, expected, 0);
            ONE_THREAD.rnnForward(act, n, inputs, 0, zeros, 0, got, 0);
            for (int i = 0; i < n; i++) {
                assertTrue(Float.isFinite(got[i]), act + "(" + inputs[i] + ") = " + got[i]);
                assertTrue(close(expected[i], got[i], POINTWISE_TOLERANCE),
                        act + "(" + inputs[i] + "): expected " + expected[i] + " got " + got[i]);
            }
            // Saturation is exact and the sign of zero is kept.
            assertEquals(1f, got[0], act + "(100)");
            assertEquals(act == Activation.TANH ? -1f : 0f, got[1], 1e-30f, act + "(-100)");
        }
        float[] t = new float[n];
        float[] negativeZeros = new float[n];
        Arrays.fill(negativeZeros, -0f);   // so that -0 + hproj stays -0
        ONE_THREAD.rnnForward(Activation.TANH, n, inputs, 0, negativeZeros, 0, t, 0);
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(t[2]), "tanh(0) is +0");
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(t[3]), "tanh(-0) is -0");
        // NaN in, NaN out: a diverged model must not look healthy.
        float[] nan = new float[n];
        Arrays.fill(nan, Float.NaN);
        float[] out = new float[n];
        for (Activation act : Activation.values()) {
            float[] expected = new float[n];
            SCALAR.rnnForward(act, n, nan, 0, zeros, 0, expected, 0);
            ONE_THREAD.rnnForward(act, n, nan, 0, zeros, 0, out, 0);
            for (int i = 0; i < n; i++) {
                assertTrue(close(expected[i], out[i], 0), act + "(NaN): expected " + expected[i] + " got " + out[i]);
            }
        }
    }

    // ---------------------------------------------------------------- wiring

    @Test
    void providerLoadsThisClassByName() {
        Kernels k = KernelProvider.vectorOrNull();
        assertNotNull(k, "tests run with --add-modules jdk.incubator.vector, so the vector kernels must load");
        assertInstanceOf(VectorKernels.class, k);
        assertTrue(k.name().startsWith("vector-"), k.name());
        assertSame(k, KernelProvider.vectorOrNull(), "one instance (and one thread pool) per JVM");
    }

    @Test
    void rejectsNonPositiveThreadCount() {
        try {
            new VectorKernels(0);
            fail("expected IllegalArgumentException");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("0"));
        }
    }
}
