package org.rnn4j.simd;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Precision;
import org.rnn4j.kernel.QuantizedMatrix;

/**
 * Once compiled, the reduced-precision products allocate nothing: a Vector API expression that C2 does
 * not turn into registers allocates a box per operation, and such a kernel runs several times slower.
 */
class QuantizedAllocationTest {

    @Test
    void compiledQuantizedProductsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        VectorKernels kernels = new VectorKernels(1);
        int k = 64;
        int n = 2 * QuantizedGemm.UNIT + 5;
        float[] bt = new float[n * k];
        Random rnd = new Random(3);
        for (int i = 0; i < bt.length; i++) {
            bt[i] = (float) rnd.nextGaussian();
        }
        for (Precision p : new Precision[] {Precision.INT8, Precision.BF16}) {
            QuantizedMatrix q = kernels.quantizeBTransposed(p, k, n, bt, 0);
            for (int m : new int[] {1, 4, 9}) {
                float[] a = new float[m * k];
                float[] c = new float[m * n];
                long perCall = Long.MAX_VALUE;
                // until C2 has compiled the kernels, the interpreter allocates: wait for it, within a bound
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (perCall > 0 && System.nanoTime() < deadline) {
                    long before = threads.getCurrentThreadAllocatedBytes();
                    for (int r = 0; r < 500; r++) {
                        kernels.multQuantizedAccumulate(m, a, 0, q, c, 0);
                    }
                    perCall = (threads.getCurrentThreadAllocatedBytes() - before) / 500;
                }
                if (perCall > 0) {
                    fail(p.id() + " product of " + m + " rows still allocates " + perCall + " bytes a call after 60 s");
                }
            }
        }
    }
}
