package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The error measures and baselines against values worked out by hand. */
class ForecastMetricsTest {

    @Test
    void measuresByHand() {
        ForecastMetrics m = ForecastMetrics.of(new double[] {1, 2, 3}, new double[] {2, 2, 1}, 0.5);
        assertEquals(1.0, m.mae(), 1e-12);                        // (1 + 0 + 2) / 3
        assertEquals(Math.sqrt(5.0 / 3), m.rmse(), 1e-12);         // (1 + 0 + 4) / 3
        assertEquals(2.0, m.mase(), 1e-12);
        assertEquals((200.0 / 3 + 0 + 100.0) / 3, m.smape(), 1e-12);
        assertEquals(0.0, ForecastMetrics.of(new double[] {0}, new double[] {0}, 1).smape());
        assertTrue(Double.isNaN(ForecastMetrics.of(new double[] {1}, new double[] {1}, 0).mase()));
    }

    @Test
    void theMaseScaleIsTheInSampleSeasonalNaiveError() {
        assertEquals(2.5, ForecastMetrics.scale(new double[] {1, 2, 3, 5}, 2), 1e-12);   // (|3 − 1| + |5 − 2|) / 2
        assertEquals(4.0 / 3, ForecastMetrics.scale(new double[] {1, 2, 3, 5}, 0), 1e-12);  // (1 + 1 + 2) / 3
        assertTrue(Double.isNaN(ForecastMetrics.scale(new double[] {1, 2}, 2)));
    }

    @Test
    void baselinesRepeatTheLastValueOrTheLastSeason() {
        double[][] history = {{1}, {2}, {3}, {4}, {5}};
        double[][] naive = ForecastEvaluation.naive(history, 3, 0);
        assertArrayEquals(new double[] {5}, naive[2]);
        double[][] seasonal = ForecastEvaluation.naive(history, 5, 2);
        double[] got = new double[5];
        for (int h = 0; h < 5; h++) {
            got[h] = seasonal[h][0];
        }
        assertArrayEquals(new double[] {4, 5, 4, 5, 4}, got);
        ForecastEvaluation ev = ForecastEvaluation.score(List.of("y"), history, new double[][] {{6}, {7}},
                new double[][] {{6}, {8}}, 2);
        assertEquals(0.5, ev.model().mae(), 1e-12);
        assertEquals(2.0, ev.seasonalMetrics().mae(), 1e-12);      // forecasts 4, 5
        assertEquals(1.5, ev.naiveMetrics().mae(), 1e-12);         // forecasts 5, 5
        assertEquals(ev.model(), ev.perTarget().get(0).model());
    }
}
