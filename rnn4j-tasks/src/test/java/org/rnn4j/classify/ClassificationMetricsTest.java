package org.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Accuracy, macro-F1, confusion and the majority baseline, worked out by hand. */
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
