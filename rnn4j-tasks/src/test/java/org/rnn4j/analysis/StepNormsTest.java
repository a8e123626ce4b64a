package org.rnn4j.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StepNormsTest {

    @Test
    void lagsCountFromEachDirectionsLastStep() {
        double[][] rows = {{1, 2, 3, 4}, {10, 20, 30, 40}};  // one layer, two directions
        StepNorms n = new StepNorms(1, 2, 4, rows);
        assertArrayEquals(new double[] {4, 3, 2, 1}, n.byLag(0, 0));
        assertArrayEquals(new double[] {10, 20, 30, 40}, n.byLag(0, 1));
        assertEquals(3, n.lag(0, 0));
        assertEquals(0, n.lag(1, 0));
        assertEquals(30, n.at(0, 1, 2));
    }

    @Test
    void horizonIsFirstLagBelowTheFraction() {
        assertEquals(3, StepNorms.horizon(new double[] {1, 0.1, 0.01, 9e-4, 1e-5}, 1e-3));
        assertEquals(-1, StepNorms.horizon(new double[] {1, 0.1, 0.01, 1e-3}, 1e-3), "equal is not below");
        assertEquals(-1, StepNorms.horizon(new double[] {1, 2, 4, 8}, 1e-3), "growing");
        assertEquals(-1, StepNorms.horizon(new double[] {0, 0, 0}, 1e-3), "nothing to compare with");
        assertEquals(-1, StepNorms.horizon(new double[] {Double.NaN, 0}, 1e-3));
        assertEquals(2, StepNorms.horizon(new double[] {1, 0.5, 0, 1}, 1e-3), "underflow to 0 counts");
    }
}
