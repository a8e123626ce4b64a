package org.rnn4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.testing.GradCheck;

/**
 * The time loops allocate nothing per step: once a layer's buffers are large enough, a pass of
 * many steps allocates no more than a pass of few (what a pass allocates once, its pass objects,
 * does not grow with T).
 */
class PerStepAllocationTest {

    private static final int SHORT = 4;
    private static final int LONG = 64;
    private static final int BATCH = 3;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void aLongPassAllocatesNoMoreThanAShortOne(CellType cell) {
        com.sun.management.ThreadMXBean threads = threadBean();
        RecurrentConfig cfg = new RecurrentConfig(cell, null, 5, 7, 2, true, true, cell == CellType.LSTM ? 3 : 0,
                false);
        RecurrentLayer layer = new RecurrentLayer(cfg, KernelProvider.scalar());
        Random rnd = new Random(11);
        RecurrentLayerPassInputs in = new RecurrentLayerPassInputs(cfg, layer, rnd);
        long shortest = Long.MAX_VALUE;
        long longest = Long.MAX_VALUE;
        for (int round = 0; round < 30; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            in.pass(layer, SHORT);
            long mid = threads.getCurrentThreadAllocatedBytes();
            in.pass(layer, LONG);
            long after = threads.getCurrentThreadAllocatedBytes();
            shortest = Math.min(shortest, mid - before);
            longest = Math.min(longest, after - mid);
        }
        // 60 more steps, four directions: even 8 bytes a step would add almost 2 KB
        assertTrue(longest - shortest < 512, cell + ": a pass of " + LONG + " steps allocated " + longest
                + " bytes, one of " + SHORT + " steps " + shortest);
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter in this JVM");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        return threads;
    }

    /** Inputs for passes of up to {@link #LONG} steps, drawn once; every pass reads their first T steps. */
    private static final class RecurrentLayerPassInputs {
        final float[] x;
        final float[] gradOut;
        final int[] lengthsShort = {SHORT, SHORT - 1, 1};
        final int[] lengthsLong = {LONG, LONG / 2, 1};

        RecurrentLayerPassInputs(RecurrentConfig cfg, RecurrentLayer layer, Random rnd) {
            for (var p : layer.parameters()) {
                p.set(GradCheck.random(rnd, p.size(), 0.5));
            }
            x = GradCheck.random(rnd, LONG * BATCH * cfg.inputSize(), 1.0);
            gradOut = GradCheck.random(rnd, LONG * BATCH * cfg.outputSize(), 1.0);
            layer.forward(x, LONG, BATCH, null, null, null);
        }

        void pass(RecurrentLayer layer, int steps) {
            layer.forward(x, steps, BATCH, steps == SHORT ? lengthsShort : lengthsLong, null, null);
            layer.backward(gradOut, null, null);
        }
    }
}
