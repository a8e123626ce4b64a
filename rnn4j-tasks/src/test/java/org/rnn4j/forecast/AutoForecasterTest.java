package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.testing.SharedFiles;

/** The default forecaster end to end on a real series, with a small network to keep the test short. */
class AutoForecasterTest {

    private static final AutoForecaster.Settings FAST = AutoForecaster.Settings.defaults()
            .withNeural(NeuralForecaster.Settings.defaults().withSteps(60).withEnsemble(1).withHiddenSize(16))
            .withPlan(new Backtest.Plan(1, 6, 0));

    @Test
    void theDefaultIsNeverWorseThanSeasonalNaiveInItsOwnBacktestAndSaysWhatItChose() throws Exception {
        double[] y = CsvTable.read(SharedFiles.data("AirPassengers.csv")).numbers("passengers");
        Series train = Series.of("passengers", Arrays.copyOf(y, 126), 12);
        AutoForecaster.Result r = AutoForecaster.forecast(List.of(train), 18, FAST);
        String chosen = r.choices().get(0).method();
        assertTrue(AutoForecaster.CANDIDATES.contains(chosen), chosen);
        assertTrue(r.backtest().mase(chosen, 0) <= r.backtest().mase("snaive", 0), r.summary());
        assertTrue(r.summary().contains("passengers: " + chosen + " — "), r.summary());
        assertEquals(18, r.point()[0].length);
        Intervals.Bands b = r.bands().get(0);
        for (int j = 0; j < 18; j++) {
            assertTrue(b.lower()[1][j] <= b.lower()[0][j] && b.lower()[0][j] <= b.point()[j]
                    && b.point()[j] <= b.upper()[0][j] && b.upper()[0][j] <= b.upper()[1][j], "bands nest at " + j);
        }
        // the last 18 months were never seen: the default beats seasonal naive on them too
        double scale = ForecastMetrics.scale(train.values(), 12);
        double[] test = Arrays.copyOfRange(y, 126, 144);
        double ours = ForecastMetrics.of(test, r.point()[0], scale).mase();
        double snaive = ForecastMetrics.of(test, Baselines.seasonalNaive(train.values(), 12, 18), scale).mase();
        assertTrue(ours < snaive, "MASE " + ours + " vs seasonal naive " + snaive);
    }

    @Test
    void aSavedModelForecastsWhatTheTrainedOneDid(@TempDir Path dir) throws Exception {
        double[] y = CsvTable.read(SharedFiles.data("AirPassengers.csv")).numbers("passengers");
        Series train = Series.of("passengers", Arrays.copyOf(y, 120), 12);
        AutoForecaster.Result r = AutoForecaster.forecast(List.of(train), 12, FAST);
        AutoForecastModel model = AutoForecastModel.of(r,
                new AutoForecastModel.Columns("passengers", null, "month", 12, List.of(), 24));
        model.save(dir, null, 1);
        AutoForecastModel loaded = AutoForecastModel.load(dir, ModelDirectory.load(dir, KernelProvider.get()));
        assertEquals(r.choices().get(0).method(), loaded.choices().get("passengers"));
        Intervals.Bands b = loaded.forecast(List.of(train), 12).get(0);
        for (int j = 0; j < 12; j++) {
            assertEquals(r.point()[0][j], b.point()[j], 1e-6 * r.point()[0][j]);
            assertEquals(r.bands().get(0).upper()[1][j], b.upper()[1][j], 1e-6 * b.upper()[1][j]);
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> loaded.forecast(List.of(train), 13));
        assertTrue(e.getMessage().contains("forecasts 1 to 12 steps"), e.getMessage());
    }

    @Test
    void whenSeasonalNaiveWinsTheBacktestItIsChosen() {
        // a pure season with a level shift every year: nothing beats repeating last year
        double[] y = new double[80];
        double[] pattern = {3, 9, 1, 7};
        for (int t = 0; t < y.length; t++) {
            y[t] = 20 + pattern[t % 4] + ((t / 4) % 2 == 0 ? 0 : 0.0);
        }
        AutoForecaster.Result r = AutoForecaster.forecast(List.of(Series.of("s", y, 4)), 4, FAST);
        String chosen = r.choices().get(0).method();
        assertTrue(r.backtest().mase(chosen, 0) <= r.backtest().mase("snaive", 0) + 1e-12, r.summary());
    }

    @Test
    void aRandomWalkTakesTheLastValueWhateverItsBacktestSays(@TempDir Path dir) throws Exception {
        org.rnn4j.util.Rng rng = new org.rnn4j.util.Rng(3);
        double[] y = new double[400];   // long enough for KPSS to see the unit root of most walks
        y[0] = 50;
        for (int t = 1; t < y.length; t++) {
            y[t] = y[t - 1] + rng.nextGaussian();
        }
        Series walk = Series.of("walk", y, 1);
        AutoForecaster.Result r = AutoForecaster.forecast(List.of(walk), 5, FAST);
        assertEquals("naive", r.choices().get(0).method(), r.summary());
        assertTrue(r.choices().get(0).reason().startsWith("random walk: level needs differencing"), r.summary());
        for (int j = 0; j < 5; j++) {
            assertEquals(y[y.length - 1], r.point()[0][j], 0.0);
        }
        AutoForecastModel model = AutoForecastModel.of(r,
                new AutoForecastModel.Columns("walk", null, null, 1, List.of(), 5));
        model.save(dir, null, 1);
        AutoForecastModel loaded = AutoForecastModel.load(dir, ModelDirectory.load(dir, KernelProvider.get()));
        assertEquals("naive", loaded.choices().get("walk"));
        assertEquals(y[y.length - 1], loaded.forecast(List.of(walk), 5).get(0).point()[4], 0.0);
    }

    @Test
    void aShortSeriesIsBacktestedOverLessThanTheHorizonAndForecastOverAllOfIt() throws Exception {
        double[] y = CsvTable.read(SharedFiles.data("AirPassengers.csv")).numbers("passengers");
        Series train = Series.of("passengers", Arrays.copyOf(y, 42), 12);
        AutoForecaster.Result r = AutoForecaster.forecast(List.of(train), 18,
                FAST.withPlan(Backtest.Plan.auto(1)));
        assertEquals(12, r.backtest().horizon());
        assertTrue(r.summary().contains("5 origins, 1 apart, horizon 12 of the 18 forecast"), r.summary());
        assertEquals(18, r.point()[0].length);
        Intervals.Bands b = r.bands().get(0);
        for (int j = 0; j < 18; j++) {
            assertTrue(b.lower()[1][j] < b.point()[j] && b.point()[j] < b.upper()[1][j], "a band at " + j);
        }
        assertEquals(18, r.intervals().get(0).spread().length);
    }

    @Test
    void oneMemberReplacesTheCombinationOnlyOverOriginsThatSpanAHorizon() {
        double[] y = new double[40];
        for (int t = 0; t < y.length; t++) {
            y[t] = 10 + t % 4 + 0.1 * t;
        }
        Series x = Series.of("q", y, 4);
        for (int[] origins : new int[][] {{20, 24}, {20, 22}}) {
            Map<String, double[][][]> f = new LinkedHashMap<>();
            for (String c : AutoForecaster.CANDIDATES) {
                // ets is exact; the others miss by 1, seasonal naive by 2
                double miss = c.equals("ets") ? 0 : c.equals("snaive") ? 2 : 1;
                double[][] rows = new double[origins.length][4];
                for (int k = 0; k < origins.length; k++) {
                    for (int j = 0; j < 4; j++) {
                        rows[k][j] = y[origins[k] + j] + miss;
                    }
                }
                f.put(c, new double[][][] {rows});
            }
            BacktestResult bt = BacktestResult.of(List.of(x), new int[][] {origins}, 4, f);
            AutoForecaster.Choice c = AutoForecaster.choose(bt, 0, RandomWalk.test(x));
            if (origins[1] - origins[0] >= 4) {
                assertEquals("ets", c.method(), c.reason());
            } else {
                assertEquals("comb", c.method(), c.reason());
                assertTrue(c.reason().endsWith("its origins span less than one horizon, too little to prefer one"
                        + " member"), c.reason());
            }
        }
    }

    @Test
    void aSeriesTooShortForTheBacktestFailsBeforeAnyTraining() {
        Series s = Series.of("tiny", new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 1);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> AutoForecaster.forecast(List.of(s), 6, FAST));
        assertTrue(e.getMessage().startsWith("series 'tiny' has 12 values, too few for a backtest"), e.getMessage());
    }
}
