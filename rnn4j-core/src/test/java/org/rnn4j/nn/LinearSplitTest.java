package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.ScalarKernels;
import org.rnn4j.kernel.SplittingKernels;
import org.rnn4j.testing.GradCheck;

/**
 * A large Linear copies its input and zeroes its input gradient in pieces on the kernels'
 * threads; output and every gradient must be the bits of the one-thread layer, also when a
 * smaller batch follows a larger one in the same buffers.
 */
class LinearSplitTest {

    @Test
    void splitCopiesAndZeroingChangeNoBit() {
        int in = 256;
        int out = 24;
        for (int rows : new int[] {1100, 1031}) {
            Random rnd = new Random(rows);
            float[] w = GradCheck.random(rnd, out * in, 0.5);
            float[] b = GradCheck.random(rnd, out, 0.5);
            float[] x = GradCheck.random(rnd, rows * in, 1.0);
            float[] dy = GradCheck.random(rnd, rows * out, 1.0);
            Linear serial = new Linear("l.", in, out, true, new ScalarKernels());
            serial.weight().set(w);
            serial.bias().set(b);
            float[] y = serial.forward(x, rows).clone();
            float[] dx = serial.backward(dy).clone();
            try (SplittingKernels kernels = new SplittingKernels(3)) {
                Linear split = new Linear("l.", in, out, true, kernels);
                split.weight().set(w);
                split.bias().set(b);
                // a larger pass first: the buffers then hold stale values beyond this pass's rows
                split.forward(GradCheck.random(rnd, 1200 * in, 1.0), 1200);
                split.backward(GradCheck.random(rnd, 1200 * out, 1.0));
                split.weight().zeroGrad();
                split.bias().zeroGrad();
                assertArrayEquals(y, java.util.Arrays.copyOf(split.forward(x, rows), rows * out), 0f, "output");
                assertArrayEquals(dx, java.util.Arrays.copyOf(split.backward(dy), rows * in), 0f, "input gradient");
                assertArrayEquals(serial.weight().grad(), split.weight().grad(), 0f, "weight gradient");
                assertArrayEquals(serial.bias().grad(), split.bias().grad(), 0f, "bias gradient");
            }
        }
    }
}
