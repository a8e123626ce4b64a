package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.util.Rng;

/** Automatic ARIMA: its tests, its polynomial checks and models whose answer is known. */
class ArimaTest {

    @Test
    void theStepDownTestKnowsTheAr2StationarityTriangle() {
        // stationary iff |φ2| < 1, φ1 + φ2 < 1, φ2 − φ1 < 1
        assertTrue(Arima.stable(new double[] {0.5, 0.3}, false));
        assertFalse(Arima.stable(new double[] {0.8, 0.3}, false));
        assertFalse(Arima.stable(new double[] {-0.8, 0.3}, false));
        assertTrue(Arima.stable(new double[] {1.2, -0.5}, false));
        assertFalse(Arima.stable(new double[] {0.2, -1.1}, false));
        // MA(1) 1 + θB is invertible iff |θ| < 1
        assertTrue(Arima.stable(new double[] {0.9}, true));
        assertFalse(Arima.stable(new double[] {-1.1}, true));
    }

    @Test
    void kpssSeparatesNoiseFromARandomWalk() {
        Rng rng = new Rng(2);
        double[] noise = new double[200];
        double[] walk = new double[200];
        for (int t = 0; t < 200; t++) {
            noise[t] = rng.nextGaussian();
            walk[t] = (t > 0 ? walk[t - 1] : 0) + rng.nextGaussian();
        }
        assertTrue(Arima.kpss(noise) < 0.463, "noise " + Arima.kpss(noise));
        assertTrue(Arima.kpss(walk) > 0.463, "walk " + Arima.kpss(walk));
    }

    @Test
    void anAr1IsFoundAndItsCoefficientRecovered() {
        Rng rng = new Rng(8);
        double[] y = new double[600];
        for (int t = 1; t < y.length; t++) {
            y[t] = 0.7 * y[t - 1] + rng.nextGaussian();
        }
        for (int t = 0; t < y.length; t++) {
            y[t] += 10;
        }
        Arima.Fit f = Arima.auto(y, 1);
        assertEquals(0, f.order().d(), f.order().name());
        assertTrue(f.order().constant(), f.order().name());
        if (f.order().p() == 1 && f.order().q() == 0) {
            assertEquals(0.7, f.phi()[0], 0.08);
        }
        // the forecast decays towards the mean from the last value
        double[] next = f.forecast(40);
        assertEquals(10, next[39], 0.5);
    }

    @Test
    void aSeasonalRandomWalkIsSeasonallyDifferenced() {
        Rng rng = new Rng(9);
        double[] pattern = {10, 30, 20, 50};
        double[] y = new double[120];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + pattern[t % 4] + 0.5 * rng.nextGaussian();
        }
        Arima.Fit f = Arima.auto(y, 4);
        assertEquals(1, f.order().sd(), f.order().name());
        double[] next = f.forecast(4);
        for (int h = 0; h < 4; h++) {
            assertEquals(100 + pattern[(120 + h) % 4], next[h], 2.0);
        }
    }
}
