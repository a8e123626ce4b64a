package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Diebold-Mariano comparison against hand-computed cases, and the choice it makes in the default forecaster. */
class ForecastComparisonTest {

    private static final double[] BASE = {3, 4, 2, 5, 4};
    private static final double[] OTHER = {1, 2, 2, 1, 3};

    @Test
    void withoutOverlapTheStatisticIsTheMeanDifferenceOverItsStandardErrorCorrected() {
        // d = 2 2 0 4 1, mean 1.8, γ0 = 8.8/5 = 1.76; DM = 1.8/sqrt(1.76/5); correction sqrt((5+1-2)/5)
        double expected = 1.8 / Math.sqrt(1.76 / 5) * Math.sqrt(4.0 / 5);
        assertEquals(expected, ForecastComparison.statistic(BASE, OTHER, 0), 1e-12);
        assertEquals(-expected, ForecastComparison.statistic(OTHER, BASE, 0), 1e-12);
    }

    @Test
    void aNegativeLongRunVarianceFallsBackToTheSampleVariance() {
        // γ1 = (0.04 − 0.36 − 3.96 − 1.76)/5 = −1.208, so γ0 + 2γ1 < 0 and V = γ0; h = 2: sqrt((5+1−4+2/5)/5)
        double expected = 1.8 / Math.sqrt(1.76 / 5) * Math.sqrt(2.4 / 5);
        assertEquals(expected, ForecastComparison.statistic(BASE, OTHER, 1), 1e-12);
    }

    @Test
    void aPositiveLagTermWidensTheStandardError() {
        double[] base = {5, 6, 7, 6, 5, 4, 5, 6};
        double[] other = {4, 5, 6, 5, 5, 4, 4, 5};
        // d = 1 1 1 1 0 0 1 1, mean 0.75; deviations .25 .25 .25 .25 −.75 −.75 .25 .25
        double g0 = (6 * 0.0625 + 2 * 0.5625) / 8;
        double g1 = (0.0625 * 3 + 0.25 * -0.75 + 0.5625 + -0.75 * 0.25 + 0.0625) / 8;
        double expected = 0.75 / Math.sqrt((g0 + 2 * g1) / 8) * Math.sqrt((8 + 1 - 4 + 2.0 / 8) / 8);
        assertEquals(expected, ForecastComparison.statistic(base, other, 1), 1e-12);
    }

    @Test
    void theCriticalValuesAreStudentsQuantiles() {
        assertEquals(6.3138, ForecastComparison.criticalValue(1), 1e-4);
        assertEquals(2.1318, ForecastComparison.criticalValue(4), 1e-4);
        assertEquals(2.0150, ForecastComparison.criticalValue(5), 0.01);
        assertEquals(1.8125, ForecastComparison.criticalValue(10), 0.002);
        assertEquals(1.7247, ForecastComparison.criticalValue(20), 0.001);
        assertEquals(1.6449, ForecastComparison.criticalValue(100000), 1e-4);
    }

    @Test
    void seasonalNaiveStaysUnlessACandidateBeatsItClearly() {
        Random rnd = new Random(7);
        double[] y = new double[60];
        for (int t = 1; t < y.length; t++) {
            y[t] = y[t - 1] + rnd.nextGaussian();
        }
        Series x = Series.of("walk", y, 1);
        int h = 4;
        int[][] origins = {new int[12]};
        for (int k = 0; k < 12; k++) {
            origins[0][k] = 44 + k;
        }
        // "noisy": a little better than naive on average, by chance; "clear": nearer the truth every origin
        double[][][] naive = new double[1][12][h];
        double[][][] noisy = new double[1][12][h];
        double[][][] clear = new double[1][12][h];
        for (int k = 0; k < 12; k++) {
            for (int j = 0; j < h; j++) {
                double truth = y[origins[0][k] + j];
                naive[0][k][j] = y[origins[0][k] - 1];
                noisy[0][k][j] = naive[0][k][j] + (k % 2 == 0 ? 0.9 : -0.6) * (truth - naive[0][k][j]);
                clear[0][k][j] = naive[0][k][j] + 0.5 * (truth - naive[0][k][j]);
            }
        }
        BacktestResult chance = result(x, origins, h, naive, noisy);
        assertTrue(chance.mase("comb", 0) < chance.mase("snaive", 0), "the noisy candidate is better on average");
        assertEquals("snaive", AutoForecaster.choose(chance, 0).method());
        AutoForecaster.Choice won = AutoForecaster.choose(result(x, origins, h, naive, clear), 0);
        assertEquals("comb", won.method(), won.reason());
        AutoForecaster.Choice kept = AutoForecaster.choose(result(x, origins, h, naive, noisy), 0);
        assertTrue(kept.reason().contains("Diebold-Mariano"), kept.reason());
        assertFalse(ForecastComparison.better(new double[] {1, 1, 1, 1, 1}, new double[] {1, 1, 1, 1, 1}, 0));
    }

    private static BacktestResult result(Series x, int[][] origins, int h, double[][][] naive, double[][][] others) {
        Map<String, double[][][]> f = new LinkedHashMap<>();
        for (String c : AutoForecaster.CANDIDATES) {
            f.put(c, c.equals("snaive") ? naive : others);
        }
        return BacktestResult.of(List.of(x), origins, h, f);
    }
}
