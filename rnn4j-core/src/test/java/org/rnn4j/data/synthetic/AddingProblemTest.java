package org.rnn4j.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.train.Batch;

class AddingProblemTest {

    /** Predicting 1 for 10,000 sequences: the MSE estimate has a standard error of about 0.002. */
    @Test
    void constantOnePredictorHasBaselineMse() {
        AddingProblem data = new AddingProblem(50, 100, 7);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < 100; i++) {
            for (float y : data.next().valueTargets()) {
                double d = y - 1.0;
                sum += d * d;
                n++;
            }
        }
        assertEquals(10_000, n);
        assertEquals(AddingProblem.BASELINE_MSE, sum / n, 0.01);
        assertEquals(0.167, AddingProblem.BASELINE_MSE, 5e-4);
    }

    @Test
    void exactlyOneMarkerInEachHalfAndTargetIsTheirSum() {
        for (int steps : new int[] {2, 3, 7, 100}) {
            int batch = 64;
            AddingProblem data = new AddingProblem(steps, batch, 11);
            int half = steps / 2;
            int[] firstHits = new int[half];
            int[] secondHits = new int[steps - half];
            for (int rep = 0; rep < 20; rep++) {
                Batch b = data.next();
                assertEquals(steps, b.steps());
                assertEquals(batch, b.batch());
                assertEquals(steps * batch * 2, b.features().length);
                assertEquals(batch, b.valueTargets().length);
                float[] x = b.features();
                for (int s = 0; s < batch; s++) {
                    int first = -1;
                    int second = -1;
                    int markers = 0;
                    for (int t = 0; t < steps; t++) {
                        float value = x[(t * batch + s) * 2];
                        float marker = x[(t * batch + s) * 2 + 1];
                        assertTrue(value >= 0f && value < 1f, "value " + value);
                        assertTrue(marker == 0f || marker == 1f, "marker " + marker);
                        if (marker == 1f) {
                            markers++;
                            if (t < half) {
                                first = t;
                            } else {
                                second = t;
                            }
                        }
                    }
                    assertEquals(2, markers, "markers per sequence");
                    assertTrue(first >= 0 && second >= half, "one marker in each half, T=" + steps);
                    firstHits[first]++;
                    secondHits[second - half]++;
                    double expected = (double) x[(first * batch + s) * 2] + x[(second * batch + s) * 2];
                    assertEquals(expected, b.valueTargets()[s], 1e-6);
                }
            }
            // every position of each half is used (1,280 draws over at most 50 positions)
            assertTrue(Arrays.stream(firstHits).allMatch(c -> c > 0), "first half coverage, T=" + steps);
            assertTrue(Arrays.stream(secondHits).allMatch(c -> c > 0), "second half coverage, T=" + steps);
        }
    }

    @Test
    void sameSeedSameBatchesOtherSeedOtherBatches() {
        AddingProblem a = new AddingProblem(20, 8, 42);
        AddingProblem b = new AddingProblem(20, 8, 42);
        AddingProblem c = new AddingProblem(20, 8, 43);
        for (int i = 0; i < 3; i++) {
            Batch x = a.next();
            Batch y = b.next();
            Batch z = c.next();
            assertArrayEquals(x.features(), y.features());
            assertArrayEquals(x.valueTargets(), y.valueTargets());
            assertFalse(Arrays.equals(x.features(), z.features()));
        }
    }

    @Test
    void cursorRestoresTheNextBatch() {
        AddingProblem a = new AddingProblem(12, 4, 5);
        a.next();
        a.next();
        Map<String, Long> cursor = a.cursor();
        assertEquals(2L, cursor.get("batches"));
        Batch expected = a.next();
        AddingProblem resumed = new AddingProblem(12, 4, 999);
        resumed.restore(cursor);
        Batch actual = resumed.next();
        assertArrayEquals(expected.features(), actual.features());
        assertArrayEquals(expected.valueTargets(), actual.valueTargets());
        assertEquals(a.cursor(), resumed.cursor());
        assertThrows(InvalidInputException.class, () -> resumed.restore(Map.of("position", 3L)));
    }

    @Test
    void refusesTooShortSequences() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new AddingProblem(1, 4, 0));
        assertTrue(e.getMessage().contains("T >= 2"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> new AddingProblem(10, 0, 0));
    }
}
