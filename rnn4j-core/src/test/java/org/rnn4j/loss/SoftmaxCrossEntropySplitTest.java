package org.rnn4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.SplittingKernels;

/**
 * The cross-entropy splits large batches of rows over the kernels' threads; the loss, the
 * gradient and the counted rows must be the bits of the one-thread computation, ignored rows
 * included, and a buffer reused for a smaller batch must not leak old rows into the sum.
 */
class SoftmaxCrossEntropySplitTest {

    @Test
    void splitRowsGiveTheBitsOfOneThread() {
        Random rnd = new Random(11);
        int classes = 64;
        for (int rows : new int[] {301, 1000, 257}) {
            float[] logits = new float[rows * classes];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (rnd.nextGaussian() * 4);
            }
            int[] targets = new int[rows];
            for (int r = 0; r < rows; r++) {
                targets[r] = rnd.nextInt(7) == 0 ? SoftmaxCrossEntropy.IGNORE : rnd.nextInt(classes);
            }
            SoftmaxCrossEntropy serial = new SoftmaxCrossEntropy();
            double expected = serial.forward(logits, rows, classes, targets);
            float[] expectedGrad = Arrays.copyOf(serial.backward(), rows * classes);
            for (int parts : new int[] {2, 3}) {
                try (SplittingKernels kernels = new SplittingKernels(parts)) {
                    SoftmaxCrossEntropy split = new SoftmaxCrossEntropy(kernels);
                    // a larger batch first, so that the second call reuses longer buffers
                    split.forward(new float[1200 * classes], 1200, classes, new int[1200]);
                    double got = split.forward(logits, rows, classes, targets);
                    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got),
                            rows + " rows in " + parts + " parts: " + got + " vs " + expected);
                    assertArrayEquals(expectedGrad, Arrays.copyOf(split.backward(), rows * classes), 0f);
                    assertEquals(serial.countedRows(), split.countedRows());
                }
            }
        }
    }
}
