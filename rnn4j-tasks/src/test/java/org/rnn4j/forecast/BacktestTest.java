package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;

/** Rolling-origin backtests against cases worked out by hand. */
class BacktestTest {

    private static double[] ramp(int n) {
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = t + 1;
        }
        return y;
    }

    @Test
    void originsEndOneHorizonBeforeTheEndAndAreStepApart() {
        Series s = Series.of("x", ramp(40), 1);
        int[][] o = Backtest.origins(List.of(s), new Backtest.Plan(3, 4, 2));
        assertArrayEquals(new int[] {31, 33, 35, 37}, o[0]);
    }

    @Test
    void theAutomaticPlanTakesTwentyOriginsUpToAThirdOfTheHorizonApart() {
        // room for origins: 60 − 6 − 10 = 44 values; step min(ceil(6/3), 44/19) = 2
        int[][] o = Backtest.origins(List.of(Series.of("x", ramp(60), 1)), Backtest.Plan.auto(6));
        int[] expected = new int[20];
        for (int k = 0; k < 20; k++) {
            expected[k] = 16 + 2 * k;
        }
        assertArrayEquals(expected, o[0]);
        // a shorter series: 23 − 6 − 10 = 7, so 8 origins one apart
        int[][] p = Backtest.origins(List.of(Series.of("x", ramp(23), 1)), Backtest.Plan.auto(6));
        assertArrayEquals(new int[] {10, 11, 12, 13, 14, 15, 16, 17}, p[0]);
    }

    @Test
    void perStepErrorsOfTheNaiveForecastOfARampAreTheStepNumber() {
        // y = 1..20, origins 17 and 18, horizon 2: naive forecasts y_o, the actual values are y_o + 1, y_o + 2
        Series s = Series.of("ramp", ramp(20), 1);
        BacktestResult r = Backtest.run(List.of(s), List.of(ForecastMethod.naive(), ForecastMethod.drift()),
                new Backtest.Plan(2, 2, 1));
        assertArrayEquals(new int[] {17, 18}, r.origins()[0]);
        BacktestResult.StepErrors e = r.perStep("naive");
        // MASE scale: mean |y_t − y_{t−1}| = 1 at both origins
        assertArrayEquals(new double[] {1, 2}, e.mase(), 1e-12);
        assertArrayEquals(new double[] {1, 2}, e.rmse(), 1e-12);
        double smape1 = (200.0 / (18 + 17) + 200.0 / (19 + 18)) / 2;
        double smape2 = (200.0 * 2 / (19 + 17) + 200.0 * 2 / (20 + 18)) / 2;
        assertArrayEquals(new double[] {smape1, smape2}, e.smape(), 1e-12);
        assertEquals(1.5, r.mase("naive"), 1e-12);
        // the drift forecast continues the ramp exactly
        assertArrayEquals(new double[] {0, 0}, r.perStep("drift").mase(), 1e-12);
    }

    @Test
    void errorsPoolOverSeriesAndOriginsAndScaleBySeasonalDifferences() {
        // period 2: 0, 10, 1, 11, 2, 12, ...; seasonal naive misses by exactly 1 per season ahead
        double[] y = new double[16];
        for (int t = 0; t < y.length; t++) {
            y[t] = (t % 2 == 0 ? 0 : 10) + t / 2;
        }
        Series a = Series.of("a", y, 2);
        double[] twice = new double[16];
        for (int t = 0; t < 16; t++) {
            twice[t] = 2 * y[t];
        }
        Series b = Series.of("b", twice, 2);
        BacktestResult r = Backtest.run(List.of(a, b), List.of(ForecastMethod.seasonalNaive()),
                new Backtest.Plan(3, 2, 1));
        // MASE scale = mean |y_t − y_{t−2}| = 1 (a) or 2 (b): errors 1, 1, 2 (a) and 2, 2, 4 (b) scale to the same
        assertArrayEquals(new double[] {1, 1, 2}, r.perStep("snaive").mase(), 1e-12);
        // RMSE is the mean of the series' own RMSEs: (1 + 2) / 2 at the first step
        assertEquals(1.5, r.perStep("snaive").rmse()[0], 1e-12);
        assertEquals(4.0 / 3, r.mase("snaive", 0), 1e-12);
    }

    @Test
    void aSeriesTooShortForTheBacktestIsAOneLineErrorNamingIt() {
        Series s = Series.of("short", ramp(20), 12);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Backtest.origins(List.of(s), Backtest.Plan.auto(6)));
        assertTrue(e.getMessage().startsWith("series 'short' has 20 values, too few for a backtest"), e.getMessage());
        assertTrue(e.getMessage().contains("needs at least"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(InvalidInputException.class,
                () -> Backtest.origins(List.of(Series.of("x", ramp(30), 1)), new Backtest.Plan(6, 10, 3)));
    }

    @Test
    void aShortSeriesGetsAShorterBacktestHorizonButNeverBelowHalfTheForecasts() {
        Backtest.Plan asked = Backtest.Plan.auto(18);
        // monthly, 26 values before the first origin: 42 − 26 − 4 = 12 steps leave five origins, one apart
        List<Series> m42 = List.of(Series.of("x", ramp(42), 12));
        Backtest.Plan cut = Backtest.forShortSeries(m42, asked);
        assertEquals(12, cut.horizon());
        assertArrayEquals(new int[] {26, 27, 28, 29, 30}, Backtest.origins(m42, cut)[0]);
        // five origins would need 6 steps, below half of 18: 9 steps and the two origins they leave
        List<Series> m36 = List.of(Series.of("x", ramp(36), 12));
        assertEquals(9, Backtest.forShortSeries(m36, asked).horizon());
        assertEquals(2, Backtest.origins(m36, Backtest.forShortSeries(m36, asked))[0].length);
        // too short even for 9: the plan asked for, whose error names its horizon
        List<Series> m34 = List.of(Series.of("x", ramp(34), 12));
        assertSame(asked, Backtest.forShortSeries(m34, asked));
        assertTrue(assertThrows(InvalidInputException.class, () -> Backtest.origins(m34, asked)).getMessage()
                .contains("horizon 18"));
        // long enough, or origins set by the caller: unchanged
        assertSame(asked, Backtest.forShortSeries(List.of(Series.of("x", ramp(200), 12)), asked));
        Backtest.Plan fixed = new Backtest.Plan(18, 3, 0);
        assertSame(fixed, Backtest.forShortSeries(m42, fixed));
        // every series of a panel gets the same horizon, the shortest's
        assertEquals(12, Backtest.forShortSeries(List.of(Series.of("a", ramp(200), 12), m42.get(0)), asked)
                .horizon());
    }
}
