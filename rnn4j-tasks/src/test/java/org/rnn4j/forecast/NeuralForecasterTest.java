package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.train.Batch;
import org.rnn4j.train.BatchSource;
import org.rnn4j.util.Rng;

/** The global neural forecaster: batching over series, each series on its own scale, covariates. */
class NeuralForecasterTest {

    private static final NeuralForecaster.Settings FAST = NeuralForecaster.Settings.defaults().withSteps(40)
            .withEnsemble(1).withHiddenSize(8);

    private static double[] seasonal(int n, double level, double phase, Rng rng) {
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = level * (1 + 0.2 * Math.sin(2 * Math.PI * t / 12 + phase) + 0.002 * t + 0.02 * rng.nextGaussian());
        }
        return y;
    }

    @Test
    void batchesDrawWindowsFromEverySeriesOfAPanel() {
        Rng rng = new Rng(1);
        List<Series> panel = List.of(Series.of("a", seasonal(60, 10, 0, rng), 12),
                Series.of("b", seasonal(90, 500, 1, rng), 12), Series.of("c", seasonal(40, 3, 2, rng), 12));
        List<SeriesScaling> scalings = panel.stream().map(SeriesScaling::fit).toList();
        NeuralForecaster.Windows w = new NeuralForecaster.Windows(panel, scalings, 24, 6, 0);
        // anchors from m − 1 = 11 to n − H − 1: n − 6 − 11 windows per series
        assertEquals((60 - 17) + (90 - 17) + (40 - 17), w.count());
        BatchSource source = w.batches(16, new Rng(2));
        Set<Float> firstTargets = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Batch b = source.next();
            assertEquals(24, b.steps());
            assertEquals(16, b.batch());
            assertEquals(16 * 6, b.valueTargets().length);
            for (float v : b.features()) {
                assertTrue(Math.abs(v) <= 20, "inputs are scaled and clamped");
            }
            firstTargets.add(b.valueTargets()[0]);
        }
        assertTrue(firstTargets.size() > 10, "windows are drawn at random");
    }

    @Test
    void aGlobalModelForecastsEachSeriesOnItsOwnScale() {
        // b is a times 1000: in the normalized view the two are the same series, so one global network
        // must forecast b as exactly 1000 times a
        Rng rng = new Rng(4);
        double[] a = seasonal(80, 20, 0.5, rng);
        double[] b = new double[a.length];
        for (int t = 0; t < a.length; t++) {
            b[t] = 1000 * a[t];
        }
        NeuralForecaster net = new NeuralForecaster(FAST);
        double[][] f = net.forecast(List.of(Series.of("a", a, 12), Series.of("b", b, 12)), 6);
        for (int h = 0; h < 6; h++) {
            assertEquals(1000 * f[0][h], f[1][h], 1e-6 * f[1][h]);
            assertTrue(f[0][h] > 10 && f[0][h] < 40, "forecast " + f[0][h] + " is on a's scale");
        }
        assertTrue(net.lastSteps() == 40);
    }

    @Test
    void eachBlockOfBacktestOriginsUsesAModelLearnedBeforeItsFirstOrigin() {
        Rng rng = new Rng(5);
        double[] y = seasonal(100, 50, 0, rng);
        Series s = Series.of("s", y, 12);
        // 8 origins in 4 blocks of 2: the block {86, 90} learns from the first 86 values only
        int[] origins = {62, 66, 70, 74, 78, 82, 86, 90};
        double[][][] f = new NeuralForecaster(FAST).forecastFrom(List.of(s), new int[][] {origins}, 6);
        NeuralForecaster alone = new NeuralForecaster(FAST);
        double[][][] g = alone.fit(List.of(s.head(86)), 6, 0).forecastFrom(List.of(s.head(96)),
                new int[][] {{86, 90}});
        double[][][] later = new NeuralForecaster(FAST).forecastFrom(List.of(s), new int[][] {{88, 90}}, 6);
        for (int h = 0; h < 6; h++) {
            assertEquals(f[0][6][h], g[0][0][h], 1e-9 * Math.abs(f[0][6][h]));
            assertEquals(f[0][7][h], g[0][1][h], 1e-9 * Math.abs(f[0][7][h]));
        }
        // a model that learned from more values forecasts differently: the block's model is not the final one
        assertTrue(Math.abs(later[0][1][0] - f[0][7][0]) > 0, "a model learned on 88 values differs");
    }

    @Test
    void covariatesWithoutFutureValuesAreAOneLineError() {
        double[] y = seasonal(60, 10, 0, new Rng(6));
        double[][] x = new double[60][1];
        Series s = new Series("s", y, 12, List.of("price"), x);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new NeuralForecaster(FAST).forecast(List.of(s), 6));
        assertTrue(e.getMessage().contains("needs the covariates [price] for 6 future rows, got 0"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aKnownFutureCovariateIsLearnedFromAPanel() {
        // 12 series whose level jumps by 30% while a 0/1 indicator is on; the indicator switches on in the horizon
        Rng rng = new Rng(7);
        int n = 72;
        int h = 6;
        List<Series> with = new java.util.ArrayList<>();
        List<Series> without = new java.util.ArrayList<>();
        double[][] truth = new double[12][h];
        for (int i = 0; i < 12; i++) {
            double[] y = new double[n];
            double[][] x = new double[n + h][1];
            for (int t = 0; t < n + h; t++) {
                x[t][0] = (t / 9 + i) % 3 == 0 ? 1 : 0;
                double v = (10 + i) * (1 + 0.3 * x[t][0]) * (1 + 0.01 * rng.nextGaussian());
                if (t < n) {
                    y[t] = v;
                } else {
                    truth[i][t - n] = v;
                }
            }
            with.add(new Series("s" + i, y, 1, List.of("on"), x));
            without.add(Series.of("s" + i, y, 1));
        }
        NeuralForecaster.Settings settings = NeuralForecaster.Settings.defaults().withSteps(300).withEnsemble(1);
        double[][] fWith = new NeuralForecaster(settings).forecast(with, h);
        double[][] fWithout = new NeuralForecaster(settings).forecast(without, h);
        double eWith = 0;
        double eWithout = 0;
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < h; j++) {
                eWith += Math.abs(fWith[i][j] - truth[i][j]) / truth[i][j];
                eWithout += Math.abs(fWithout[i][j] - truth[i][j]) / truth[i][j];
            }
        }
        assertTrue(eWith < 0.5 * eWithout, "mean relative error with the covariate " + eWith / 72 + ", without "
                + eWithout / 72);
    }
}
