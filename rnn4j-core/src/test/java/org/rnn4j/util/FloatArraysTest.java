package org.rnn4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatArraysTest {

    @Test
    void sumOfSquaresAgreesWithOneChainInDouble() {
        Random rnd = new Random(5);
        for (int n : new int[] {0, 1, 7, 8, 9, 1000, 4097}) {
            float[] x = new float[n];
            double chain = 0;
            for (int i = 0; i < n; i++) {
                x[i] = (float) (rnd.nextGaussian() * 3);
                chain += (double) x[i] * x[i];
            }
            assertEquals(chain, FloatArrays.sumOfSquares(x, n), 1e-12 * Math.max(1, chain), "n = " + n);
        }
        assertEquals(1.0 + 4.0, FloatArrays.sumOfSquares(new float[] {1, 2, 100}, 2));
    }

    @Test
    void allFiniteFindsEveryKindOfNonFiniteValueAnywhere() {
        float[] ok = {0f, -0f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 1e-40f};
        assertTrue(FloatArrays.allFinite(ok));
        assertTrue(FloatArrays.allFinite(new float[0]));
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.intBitsToFloat(0xffc00001)}) {
            for (int at : new int[] {0, 17, 99}) {
                float[] x = new float[100];
                x[at] = bad;
                assertFalse(FloatArrays.allFinite(x), bad + " at " + at);
            }
        }
    }
}
