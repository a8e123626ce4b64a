package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.util.Rng;

/** Conformal intervals from backtest residuals: their arithmetic, and their coverage where the noise is known. */
class IntervalsTest {

    @Test
    void spreadsAreMadeNonDecreasingByPoolingAdjacentViolators() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Intervals.nonDecreasing(new double[] {1, 3, 2, 4},
                new int[] {1, 1, 1, 1}), 1e-12);
        assertArrayEquals(new double[] {2, 2, 2}, Intervals.nonDecreasing(new double[] {3, 2, 1},
                new int[] {1, 1, 1}), 1e-12);
    }

    @Test
    void beyondItsCalibratedStepsTheSpreadFollowsItsPowerLaw() {
        double[] levels = Intervals.LEVELS;
        double[] q = {1.3, 2.0};
        Intervals root = new Intervals(levels, false, new double[] {1, Math.sqrt(2), Math.sqrt(3)}, q);
        Intervals five = root.extended(5);
        assertArrayEquals(new double[] {1, Math.sqrt(2), Math.sqrt(3), 2, Math.sqrt(5)}, five.spread(), 1e-12);
        assertArrayEquals(q, five.quantile(), 0.0);
        assertEquals(root, root.extended(3));
        // one calibrated step: the spread grows as a random walk's
        assertArrayEquals(new double[] {2, 2 * Math.sqrt(2), 2 * Math.sqrt(3), 4},
                new Intervals(levels, true, new double[] {2}, q).extended(4).spread(), 1e-12);
    }

    @Test
    void theQuantileIsTheConformalRankOfThePooledStandardizedResiduals() {
        // one step, residuals 1..9 (additive): σ = sqrt(mean r²) = sqrt(285/9); 80%: rank ceil(10·0.8) = 8
        double[][] f = new double[9][1];
        double[][] a = new double[9][1];
        for (int k = 0; k < 9; k++) {
            a[k][0] = k + 1;
        }
        Intervals iv = Intervals.calibrate(f, a, false, new double[] {0.8, 0.95});
        double sigma = Math.sqrt(285.0 / 9);
        assertEquals(sigma, iv.spread()[0], 1e-12);
        assertEquals(8 / sigma, iv.quantile()[0], 1e-12);
        assertEquals(9 / sigma, iv.quantile()[1], 1e-12);   // rank 10 > 9: the largest
        Intervals.Bands b = iv.around(new double[] {100});
        assertEquals(92, b.lower()[0][0], 1e-9);
        assertEquals(108, b.upper()[0][0], 1e-9);
    }

    /**
     * Random walks with unit Gaussian steps: the naive forecast's h-step error is N(0, h). Intervals
     * calibrated on each walk's own backtest must cover its next values at close to the nominal rate,
     * pooled over many walks (each walk's 60 residuals make its own interval noisy).
     */
    @Test
    void coverageOfRandomWalksIsNearNominal() {
        Rng rng = new Rng(11);
        int walks = 400;
        int n = 80;
        int h = 6;
        double[] inside = new double[2];
        double[] crossInside = new double[2];
        for (int w = 0; w < walks; w++) {
            double[] y = new double[n + h];
            for (int t = 1; t < y.length; t++) {
                y[t] = y[t - 1] + rng.nextGaussian();
            }
            double[] train = java.util.Arrays.copyOf(y, n);
            BacktestResult bt = Backtest.run(List.of(Series.of("w", train, 1)), List.of(ForecastMethod.naive()),
                    Backtest.Plan.auto(h));
            Intervals iv = Intervals.calibrate(bt.forecasts("naive")[0], bt.actual()[0], false, Intervals.LEVELS);
            Intervals.Bands b = iv.around(Baselines.naive(train, h));
            for (int j = 0; j < h; j++) {
                for (int l = 0; l < 2; l++) {
                    if (y[n + j] >= b.lower()[l][j] && y[n + j] <= b.upper()[l][j]) {
                        inside[l]++;
                    }
                }
            }
            double[] cross = Intervals.crossCoverage(bt.forecasts("naive")[0], bt.actual()[0], false,
                    Intervals.LEVELS);
            crossInside[0] += cross[0];
            crossInside[1] += cross[1];
        }
        double c80 = inside[0] / (walks * h);
        double c95 = inside[1] / (walks * h);
        assertEquals(0.80, c80, 0.05, "80% coverage");
        assertEquals(0.95, c95, 0.035, "95% coverage");
        assertEquals(0.80, crossInside[0] / walks, 0.05, "80% leave-one-origin-out coverage");
        assertEquals(0.95, crossInside[1] / walks, 0.035, "95% leave-one-origin-out coverage");
        // the spread grows like sqrt(h) for a random walk: the last step's interval is wider than the first's
        assertTrue(c80 > 0);
    }

    @Test
    void relativeResidualsGiveIntervalsThatScaleWithTheLevel() {
        double[][] f = {{100}, {100}, {100}, {100}};
        double[][] a = {{110}, {90}, {105}, {95}};
        Intervals iv = Intervals.calibrate(f, a, true, Intervals.LEVELS);
        Intervals.Bands small = iv.around(new double[] {10});
        Intervals.Bands large = iv.around(new double[] {1000});
        assertEquals(100 * small.lower()[0][0], large.lower()[0][0], 1e-9);
        assertEquals(100 * small.upper()[1][0], large.upper()[1][0], 1e-9);
    }
}
