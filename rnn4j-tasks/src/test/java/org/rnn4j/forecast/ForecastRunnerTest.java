package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.testing.SharedFiles;
import org.rnn4j.train.TrainingListener;

/**
 * End to end on real series, with the library's default hyper-parameters (what {@code rnn4j train
 * --task forecast} uses): the model sees only the training rows, forecasts every held-out row
 * recursively, and must beat the seasonal-naive baseline with MASE below 1.
 */
class ForecastRunnerTest {

    private static ForecastResult train(String file, String target, int test, HyperParameters hp, RunOptions options)
            throws Exception {
        CsvTable table = CsvTable.read(SharedFiles.data(file));
        ForecastSettings settings = ForecastSettings.of(target).withTimeColumn("month").withSeason(12).withTest(test);
        return ForecastRunner.train(table, settings, hp, options);
    }

    private static void report(String name, ForecastEvaluation ev) {
        System.out.printf(Locale.ROOT,
                "%s: MASE model %.3f, seasonal naive %.3f, naive %.3f; sMAPE model %.2f%%, seasonal"
                        + " naive %.2f%%; RMSE model %.2f, seasonal naive %.2f%n",
                name, ev.model().mase(),
                ev.seasonalMetrics().mase(), ev.naiveMetrics().mase(), ev.model().smape(), ev.seasonalMetrics().smape(),
                ev.model().rmse(), ev.seasonalMetrics().rmse());
    }

    @Test
    void airPassengersHoldingOutOneYearBeatsSeasonalNaive() throws Exception {
        ForecastResult r = train("AirPassengers.csv", "passengers", 12, ForecastRunner.defaultHyperParameters(),
                RunOptions.none());
        ForecastEvaluation ev = r.evaluation();
        report("AirPassengers, test 12", ev);
        assertEquals(12, ev.actual().length);
        assertTrue(ev.model().mase() < 1, "MASE " + ev.model().mase());
        assertTrue(ev.model().mae() < ev.seasonalMetrics().mae(), "model MAE " + ev.model().mae()
                + " vs seasonal naive " + ev.seasonalMetrics().mae());
        assertTrue(ev.model().rmse() < ev.seasonalMetrics().rmse());
        assertTrue(r.summary().steps() == 400 && Double.isFinite(r.summary().validationLoss()));
    }

    @Test
    void co2HoldingOutFourYearsBeatsSeasonalNaive() throws Exception {
        ForecastResult r = train("co2.csv", "co2_ppm", 48, ForecastRunner.defaultHyperParameters(), RunOptions.none());
        ForecastEvaluation ev = r.evaluation();
        report("co2, test 48", ev);
        assertTrue(ev.model().mase() < 1, "MASE " + ev.model().mase());
        assertTrue(ev.model().mae() < ev.seasonalMetrics().mae());
        assertTrue(ev.model().smape() < ev.seasonalMetrics().smape());
    }

    @Test
    void severalTargetsAreForecastTogether() throws Exception {
        CsvTable table = CsvTable.read(SharedFiles.data("EuStockMarkets.csv"));
        ForecastSettings settings = ForecastSettings.of("DAX", "FTSE").withTimeColumn("time").withTest(20)
                .withWindow(16);
        HyperParameters hp = ForecastRunner.defaultHyperParameters().withHiddenSize(8).withSteps(20);
        ForecastResult r = ForecastRunner.train(table, settings, hp, RunOptions.none());
        ForecastTransform tf = r.model().transform();
        assertEquals(2, tf.inputSize());
        assertEquals(1, tf.lag(), "no season: changes from one row to the next");
        assertEquals(0, tf.driftWindow(), "no season: the drift of all training rows");
        ForecastEvaluation ev = r.evaluation();
        assertEquals(2, ev.perTarget().size());
        assertEquals("FTSE", ev.perTarget().get(1).target());
        assertEquals(20, ev.forecast().length);
        assertEquals(2, ev.forecast()[0].length);
        assertEquals((ev.perTarget().get(0).model().mase() + ev.perTarget().get(1).model().mase()) / 2,
                ev.model().mase(),
                1e-12);
        assertEquals(table.number(1839, table.column("FTSE")), ev.naive()[19][1], 0.0,
                "naive repeats the last training row");
    }

    @Test
    void aSavedModelForecastsAndEvaluatesAsTrained(@TempDir Path dir) throws Exception {
        HyperParameters hp = ForecastRunner.defaultHyperParameters().withHiddenSize(8).withSteps(20);
        ForecastResult r = train("AirPassengers.csv", "passengers", 12, hp, RunOptions.none().withCheckpoints(dir, 0));
        ForecastModel loaded = ForecastModel.load(dir);
        assertEquals(r.model().transform(), loaded.transform());
        CsvTable table = CsvTable.read(SharedFiles.data("AirPassengers.csv"));
        ForecastEvaluation again = ForecastRunner.evaluate(loaded, table, loaded.transform().test());
        for (int h = 0; h < 12; h++) {
            assertArrayEquals(r.evaluation().forecast()[h], again.forecast()[h], 0.0);
        }
        assertEquals(r.evaluation().model(), again.model());
        double[][] next = ForecastRunner.forecast(loaded, table, 30);
        assertEquals(30, next.length);
        for (double[] row : next) {
            assertTrue(row[0] > 0 && Double.isFinite(row[0]));
        }
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        HyperParameters hp = ForecastRunner.defaultHyperParameters().withHiddenSize(8).withDropout(0.1).withSteps(30);
        ForecastResult straight = train("AirPassengers.csv", "passengers", 12, hp, RunOptions.none());
        // a run that dies right after its checkpoint at step 15
        TrainingListener crash = new TrainingListener() {
            @Override
            public void onCheckpoint(int step, Path where) {
                throw new IllegalStateException("crash at " + step);
            }
        };
        assertThrows(IllegalStateException.class, () -> train("AirPassengers.csv", "passengers", 12, hp,
                RunOptions.none().withCheckpoints(dir, 15).withListener(crash)));
        ForecastResult resumed = train("AirPassengers.csv", "passengers", 12, hp,
                RunOptions.none().withResume(dir).withCheckpoints(dir, 0));
        assertEquals(30, resumed.summary().steps());
        for (int h = 0; h < 12; h++) {
            assertArrayEquals(straight.evaluation().forecast()[h], resumed.evaluation().forecast()[h], 0.0);
        }
        assertEquals(30, ModelDirectory.load(dir, KernelProvider.get()).training().step());
    }

    @Test
    void resumingFromAnotherSeriesIsRefused(@TempDir Path dir) throws Exception {
        HyperParameters hp = ForecastRunner.defaultHyperParameters().withHiddenSize(8).withSteps(5);
        train("AirPassengers.csv", "passengers", 12, hp, RunOptions.none().withCheckpoints(dir, 0));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> train("AirPassengers.csv", "passengers", 24, hp.withSteps(10),
                        RunOptions.none().withResume(dir)));
        assertTrue(e.getMessage().contains("transform"), e.getMessage());
        InvalidInputException arch = assertThrows(InvalidInputException.class,
                () -> train("AirPassengers.csv", "passengers", 12, hp.withHiddenSize(9),
                        RunOptions.none().withResume(dir)));
        assertTrue(arch.getMessage().contains("architecture"), arch.getMessage());
    }
}
