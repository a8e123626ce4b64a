package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.CsvTable;
import org.rnn4j.testing.SharedFiles;
import org.rnn4j.util.Rng;

/**
 * Exponential smoothing and Theta against R's forecast package (8.x, numbers printed by R on the first
 * 126 months of AirPassengers and the first 94 years of Nile) and against series whose forecast is known.
 */
class EtsThetaTest {

    private static double[] air126() throws Exception {
        double[] y = CsvTable.read(SharedFiles.data("AirPassengers.csv")).numbers("passengers");
        return Arrays.copyOf(y, 126);
    }

    @Test
    void theLikelihoodAtRsParametersIsRsLikelihood() throws Exception {
        // R: ets(AirPassengers[1:126]) = ETS(M,Ad,M), alpha 0.7592, beta 0.0246, gamma 1e-4, phi 0.9775,
        // l 120.5545, b 1.6932, s (newest first) 0.8971 ... 0.9095; AIC 1177.851 with 18 parameters
        double[] y = air126();
        double unit = Arrays.stream(y).average().orElseThrow();
        double[] scaled = Arrays.stream(y).map(v -> v / unit).toArray();
        Ets.Spec spec = new Ets.Spec(Ets.Component.MULTIPLICATIVE, Ets.Trend.DAMPED, Ets.Component.MULTIPLICATIVE);
        double[] oldestFirst = {0.9095, 0.8919, 1.0257, 0.9809, 0.9778, 1.1074, 1.2191, 1.2099, 1.0596, 0.9213,
            0.7996};
        double[] p = new double[17];
        p[0] = 0.7592;
        p[1] = 0.0246;
        p[2] = 1e-4;
        p[3] = 0.9775;
        p[4] = 120.5545 / unit;
        p[5] = 1.6932 / unit;
        System.arraycopy(oldestFirst, 0, p, 6, 11);
        double minus2LogL = new Ets.Model(spec, 12, scaled).value(p) + 2 * y.length * Math.log(unit);
        assertEquals(1177.851 - 2 * 18, minus2LogL, 0.01);
        // and our own maximum is at least as good as R's
        Ets.Fit ours = Ets.fit(y, 12, spec);
        assertTrue(ours.aicc() + 2 * y.length * Math.log(unit) <= 1184.244 + 0.01, "AICc " + ours.aicc());
    }

    @Test
    void simpleExponentialSmoothingMatchesR() throws Exception {
        // R: ets(diff(AirPassengers[1:126], lag = 12), "ANN"): alpha 0.7939622, forecast 40.66481
        double[] y = air126();
        double[] d = new double[y.length - 12];
        for (int t = 12; t < y.length; t++) {
            d[t - 12] = y[t] - y[t - 12];
        }
        Ets.Fit f = Ets.fit(d, 1, new Ets.Spec(Ets.Component.ADDITIVE, Ets.Trend.NONE, Ets.Component.NONE));
        assertEquals(0.7939622, f.alpha(), 2e-3);
        assertEquals(40.66481, f.forecast(1)[0], 0.02);
    }

    @Test
    void thetaMatchesRsThetaf() throws Exception {
        // R: thetaf(AirPassengers[1:126], h = 4)$mean
        double[] r = {520.905180039, 518.773254738, 454.829995418, 396.323296970};
        double[] ours = Theta.forecast(air126(), 12, 4);
        for (int h = 0; h < 4; h++) {
            assertEquals(r[h], ours[h], 1e-5 * r[h]);
        }
    }

    @Test
    void aNoiselessTrendAndSeasonAreContinued() {
        double[] y = new double[60];
        double[] season = {5, -3, 2, -4};
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + 2 * t + season[t % 4];
        }
        Ets.Fit f = Ets.auto(y, 4);
        assertNotEquals(Ets.Component.NONE, f.spec().season(), f.spec().name());
        double[] next = f.forecast(8);
        for (int h = 0; h < 8; h++) {
            int t = 60 + h;
            assertEquals(100 + 2 * t + season[t % 4], next[h], 0.05, f.spec().name() + " step " + (h + 1));
        }
    }

    /**
     * A trend that follows the level's last moves (β near α) is found: on a noisy cycle, as on sunspot.year where
     * R's ets takes such a damped trend, it fits far better than a level alone; a search started from a slow trend
     * only stays there (β near 0, the level's likelihood).
     */
    @Test
    void aFastMovingDampedTrendIsFoundOnACycle() {
        Ets.Spec level = new Ets.Spec(Ets.Component.ADDITIVE, Ets.Trend.NONE, Ets.Component.NONE);
        Ets.Spec damped = new Ets.Spec(Ets.Component.ADDITIVE, Ets.Trend.DAMPED, Ets.Component.NONE);
        for (int seed = 1; seed <= 6; seed++) {
            Rng rng = new Rng(seed);
            double[] y = new double[200];
            for (int t = 0; t < y.length; t++) {
                y[t] = 60 + 40 * Math.sin(2 * Math.PI * t / 11) + 8 * rng.nextGaussian();
            }
            Ets.Fit flat = Ets.fit(y, 1, level);
            Ets.Fit trend = Ets.fit(y, 1, damped);
            assertTrue(trend.aicc() < flat.aicc() - 10 && trend.beta() > 0.5, "seed " + seed + ": AICc "
                    + trend.aicc() + " with beta " + trend.beta() + " against the level's " + flat.aicc());
            assertEquals(Ets.Trend.DAMPED, Ets.auto(y, 1).spec().trend(), "seed " + seed);
        }
    }

    @Test
    void whiteNoiseAroundALevelGetsAFlatForecastNearIt() {
        Rng rng = new Rng(3);
        double[] y = new double[200];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + rng.nextGaussian();
        }
        Ets.Fit f = Ets.auto(y, 1);
        assertEquals(Ets.Trend.NONE, f.spec().trend(), f.spec().name());
        assertEquals(50, f.forecast(1)[0], 0.5);
        assertTrue(f.alpha() < 0.3, "alpha " + f.alpha());
    }
}
