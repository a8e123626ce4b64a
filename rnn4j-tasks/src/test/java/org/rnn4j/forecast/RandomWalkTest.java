package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.util.Rng;

class RandomWalkTest {

    @Test
    void theChiSquareTailMatchesTabledCriticalValues() {
        assertEquals(0.05, RandomWalk.chiSquareTail(3.841459, 1), 1e-6);
        assertEquals(0.05, RandomWalk.chiSquareTail(5.991465, 2), 1e-6);
        assertEquals(0.05, RandomWalk.chiSquareTail(18.307038, 10), 1e-6);
        assertEquals(0.01, RandomWalk.chiSquareTail(23.209251, 10), 1e-6);
        assertEquals(0.95, RandomWalk.chiSquareTail(3.940299, 10), 1e-6);
        assertEquals(Math.exp(-1), RandomWalk.chiSquareTail(2, 2), 1e-12, "χ²(2) has tail exp(−x/2)");
        assertEquals(1, RandomWalk.chiSquareTail(0, 4));
        assertEquals(Math.log(24), RandomWalk.logGamma(5), 1e-12);
        assertEquals(0.5 * Math.log(Math.PI), RandomWalk.logGamma(0.5), 1e-12);
    }

    @Test
    void theLjungBoxStatisticMatchesAHandComputedCase() {
        // mean 2.5; deviations −1.5, −0.5, 0.5, 1.5: c0 = 5, c1 = 1.25, r1 = 0.25; Q = 4·6·0.0625/3
        assertEquals(0.5, RandomWalk.ljungBox(new double[] {1, 2, 3, 4}, 1), 1e-12);
        assertEquals(0, RandomWalk.ljungBox(new double[] {2, 2, 2}, 1));
    }

    @Test
    void aRandomWalkPassesAndAnAutocorrelatedOneDoesNot() {
        Rng rng = new Rng(7);
        int n = 400;
        double[] walk = new double[n];
        double[] trend = new double[n];
        double[] momentum = new double[n];
        double change = 0;
        walk[0] = trend[0] = momentum[0] = 100;
        for (int t = 1; t < n; t++) {
            double e = rng.nextGaussian();
            walk[t] = walk[t - 1] + e;
            trend[t] = trend[t - 1] + 0.5 + e;
            change = 0.7 * change + e;
            momentum[t] = momentum[t - 1] + change;
        }
        RandomWalk w = RandomWalk.test(Series.of("walk", walk, 1));
        assertTrue(w.applies() && w.randomWalk(), w.describe());
        assertEquals(10, w.lags());
        assertEquals("naive", w.method(), w.describe());
        RandomWalk d = RandomWalk.test(Series.of("trend", trend, 1));
        assertTrue(d.randomWalk(), d.describe());
        assertEquals("drift", d.method(), d.describe());
        RandomWalk m = RandomWalk.test(Series.of("momentum", momentum, 1));
        assertTrue(m.applies() && !m.randomWalk(), m.describe());
        assertTrue(m.p() < 1e-6, m.describe());

        assertFalse(RandomWalk.test(Series.of("seasonal", walk, 12)).applies(), "a seasonal series is not tested");
        assertFalse(RandomWalk.test(Series.of("short", java.util.Arrays.copyOf(walk, 20), 1)).applies(),
                "19 changes are too few");
        Series withCovariate = new Series("x", walk, 1, List.of("c"), new double[n][1]);
        assertFalse(RandomWalk.test(withCovariate).applies(), "a series with covariates is not tested");
    }

    @Test
    void aStationarySeriesIsNoRandomWalkHoweverItsChangesLook() {
        // 200 series of 40 values of an AR(1) with coefficient 0.6: their changes' lag-one correlation, −0.2, is
        // mostly too weak for the Ljung-Box test over 7 lags of 39 changes, but KPSS mostly finds the level
        // stationary (it rejects a stationary level at its 5% point in about 12% of such short series)
        int changesPass = 0;
        int walks = 0;
        for (int seed = 1; seed <= 200; seed++) {
            Rng rng = new Rng(seed);
            double[] x = new double[40];
            double v = 0;
            for (int t = 0; t < x.length; t++) {
                v = 0.6 * v + rng.nextGaussian();
                x[t] = 10 + v;
            }
            RandomWalk w = RandomWalk.test(Series.of("ar1", x, 1));
            changesPass += w.p() > RandomWalk.LEVEL ? 1 : 0;
            walks += w.randomWalk() ? 1 : 0;
        }
        assertTrue(changesPass > 160, changesPass + " of 200 pass the changes' test");
        assertTrue(walks < 40, walks + " of 200 taken for random walks");
    }
}
