package org.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Accuracy, its Wilson interval, per-class scores, macro-F1, confusion and the majority baseline, by hand. */
class ClassificationMetricsTest {

    @Test
    void byHand() {
        int[] truth = {0, 0, 0, 1, 1, 2};
        int[] predicted = {0, 0, 1, 1, 0, 1};
        ClassificationMetrics m = ClassificationMetrics.of(List.of("a", "b", "c", "d"), truth, predicted, 0);
        assertArrayEquals(new int[][] {{2, 1, 0, 0}, {1, 1, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 0}}, m.confusion());
        assertEquals(3.0 / 6, m.accuracy(), 1e-12);
        // F1: a = 4/6, b = 2/5, c = 0; d never occurs and is left out of the mean
        assertEquals((4.0 / 6 + 2.0 / 5 + 0) / 3, m.macroF1(), 1e-12);
        assertEquals(3.0 / 6, m.majorityAccuracy(), 1e-12);
        assertEquals(6, m.count());
        // a: tp 2, predicted 3, true 3; b: tp 1, predicted 3, true 2; c: never predicted; d: nowhere
        assertEquals(2.0 / 3, m.precision(0), 1e-12);
        assertEquals(2.0 / 3, m.recall(0), 1e-12);
        assertEquals(1.0 / 3, m.precision(1), 1e-12);
        assertEquals(1.0 / 2, m.recall(1), 1e-12);
        assertEquals(2.0 / 5, m.f1(1), 1e-12);
        assertTrue(Double.isNaN(m.precision(2)), "c is never predicted");
        assertEquals(0.0, m.recall(2));
        assertEquals(1, m.support(2));
        assertTrue(Double.isNaN(m.recall(3)) && Double.isNaN(m.f1(3)), "d occurs nowhere");
        assertEquals(0, m.support(3));
    }

    @Test
    void wilsonIntervalAgainstAHandComputation() {
        // 8 of 10, z = 1.959964: z²/n = 0.3841459, centre (0.8 + 0.1920730) / 1.3841459 = 0.7167402,
        // half-width 1.959964·√(0.016 + 0.0096036) / 1.3841459 = 0.2265777
        double[] ci = ClassificationMetrics.wilson(8, 10, ClassificationMetrics.Z95);
        assertEquals(0.490162, ci[0], 1e-6);
        assertEquals(0.943318, ci[1], 1e-6);
        // all correct: the upper end is 1 and the lower n/(n + z²)
        double[] all = ClassificationMetrics.wilson(20, 20, ClassificationMetrics.Z95);
        assertEquals(20 / (20 + ClassificationMetrics.Z95 * ClassificationMetrics.Z95), all[0], 1e-12);
        assertEquals(1.0, all[1], 1e-12);
        ClassificationMetrics m = ClassificationMetrics.of(List.of("x", "y"), new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1},
                new int[] {0, 0, 0, 0, 1, 1, 1, 1, 1, 0}, 0);
        assertArrayEquals(ClassificationMetrics.wilson(8, 10, ClassificationMetrics.Z95), m.accuracyInterval(), 0);
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.wilson(3, 2, 1.96));
    }

    @Test
    void perfectPredictions() {
        ClassificationMetrics m = ClassificationMetrics.of(List.of("x", "y"), new int[] {1, 0, 1}, new int[] {1, 0, 1},
                0);
        assertEquals(1.0, m.accuracy());
        assertEquals(1.0, m.macroF1());
        assertEquals(1.0 / 3, m.majorityAccuracy(), 1e-12);
    }
}
