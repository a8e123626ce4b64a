package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.task.TaskTraining;
import org.rnn4j.util.Rng;

/**
 * The preparation of a series: a network that outputs 0 must forecast exactly seasonal naive with
 * drift, the JSON form must round-trip and refuse damaged input, and bad settings give clear errors.
 */
class ForecastTransformTest {

    /** A positive monthly series with growth, a season of 12 and noise. */
    static double[][] series(int n, long seed) {
        Rng rng = new Rng(seed);
        double[][] y = new double[n][1];
        for (int t = 0; t < n; t++) {
            y[t][0] = 100 * Math.exp(0.01 * t) * (1 + 0.2 * Math.sin(2 * Math.PI * t / 12))
                    * (1 + 0.02 * rng.nextGaussian());
        }
        return y;
    }

    /** The forecaster of {@code tf} whose network always outputs 0. */
    static ForecastModel zeroModel(ForecastTransform tf) {
        SequenceModel net = TaskTraining.newModel(ForecastRunner.defaultHyperParameters().withHiddenSize(4), 0,
                tf.inputSize(), tf.outputSize(), OutputMode.LAST_STEP, new Rng(3));
        for (Parameter p : net.decoder().parameters()) {
            p.set(new float[p.size()]);
        }
        return new ForecastModel(net, tf);
    }

    @Test
    void aZeroNetworkForecastsSeasonalNaiveWithTheMeanDrift() {
        double[][] y = series(60, 1);
        ForecastSettings s = ForecastSettings.of("y").withSeason(12).withDriftWindow(0);
        ForecastTransform tf = ForecastTransform.fit(y, s, "test");
        assertTrue(tf.log(0));
        double mean = 0;
        for (int t = 12; t < 60; t++) {
            mean += Math.log(y[t][0]) - Math.log(y[t - 12][0]);
        }
        mean /= 48;
        double[][] f = zeroModel(tf).forecast(y, 30);
        for (int h = 0; h < 30; h++) {
            double back = h < 12 ? Math.log(y[60 + h - 12][0]) : Math.log(f[h - 12][0]);
            assertEquals(Math.exp(back + mean), f[h][0], 1e-9 * f[h][0], "step " + (h + 1));
        }
    }

    @Test
    void aZeroNetworkForecastsSeasonalNaiveWithTheRecentDrift() {
        double[][] y = series(80, 2);
        ForecastSettings s = ForecastSettings.of("y").withSeason(12).withDriftWindow(24)
                .withLog(ForecastSettings.LogMode.OFF);
        ForecastTransform tf = ForecastTransform.fit(y, s, "test");
        assertFalse(tf.log(0));
        assertEquals(13, tf.firstRow());
        double[] all = new double[80 + 5];
        for (int t = 0; t < 80; t++) {
            all[t] = y[t][0];
        }
        double[][] f = zeroModel(tf).forecast(y, 5);
        for (int h = 0; h < 5; h++) {
            int t = 80 + h;
            double drift = 0;
            for (int i = t - 24; i < t; i++) {   // m_{t−1}: the 24 changes up to row t−1
                drift += all[i] - all[i - 12];
            }
            all[t] = all[t - 12] + drift / 24;
            assertEquals(all[t], f[h][0], 1e-9 * Math.abs(all[t]), "step " + (h + 1));
        }
    }

    @Test
    void inputsAndTargetsAreTheSameSurprises() {
        double[][] y = series(50, 3);
        ForecastTransform tf = ForecastTransform.fit(y, ForecastSettings.of("y").withSeason(12), "test");
        float[][] x = tf.inputs(y, "test");
        float[][] t = tf.targetsOf(y, "test");
        assertEquals(50 - tf.firstRow(), x.length);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(t[i], x[i], 0f);
        }
        double sq = 0;
        double sum = 0;
        for (float[] row : t) {
            sum += row[0];
            sq += row[0] * row[0];
        }
        double mean = sum / t.length;
        assertEquals(1.0, Math.sqrt(sq / t.length - mean * mean), 1e-5, "surprises are scaled to unit deviation");
    }

    @Test
    void theJsonFormRoundTrips() {
        double[][] y = series(70, 4);
        ForecastSettings s = ForecastSettings.of("y").withTimeColumn("month").withSeason(12).withTest(10)
                .withLevelInput(true);
        ForecastTransform tf = ForecastTransform.fit(y, s, "test");
        ForecastTransform back = ForecastTransform.fromJson(tf.toJson(), "config.json");
        assertEquals(tf, back);
        assertEquals("month", back.timeColumn());
        assertEquals(10, back.test());
        assertEquals(2, back.inputSize());
        assertArrayEquals(tf.inputs(y, "a")[20], back.inputs(y, "b")[20], 0f);
    }

    @Test
    void damagedJsonIsRefusedNamingTheMember() {
        ObjectNode good = ForecastTransform.fit(series(40, 5), ForecastSettings.of("y").withSeason(12), "t").toJson();
        ObjectNode o = good.deepCopy();
        o.remove("targets");
        assertMessage(o, "task.transform.targets");
        o = good.deepCopy();
        o.putArray("scale").add(-1.0);
        assertMessage(o, "task.transform.scale");
        o = good.deepCopy();
        o.putArray("log").add(true).add(false);
        assertMessage(o, "task.transform.log");
        o = good.deepCopy();
        o.put("window", 0);
        assertMessage(o, "task.transform.window");
        o = good.deepCopy();
        o.put("lag", "twelve");
        assertMessage(o, "task.transform.lag");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ForecastTransform.fromJson(null, "config.json"));
        assertTrue(e.getMessage().startsWith("config.json: task.transform"), e.getMessage());
    }

    private static void assertMessage(ObjectNode json, String member) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ForecastTransform.fromJson(json, "config.json"));
        assertTrue(e.getMessage().contains(member), e.getMessage());
    }

    @Test
    void tooFewRowsForTheWindowIsAClearError() {
        double[][] y = series(30, 6);
        ForecastSettings s = ForecastSettings.of("y").withSeason(12).withWindow(24);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ForecastTransform.fit(y, s, "data.csv"));
        assertTrue(e.getMessage().contains("too few for a window of 24") && e.getMessage().contains("--window"),
                e.getMessage());
        // the automatic window shrinks to fit a short series
        assertEquals(8, ForecastTransform.fit(y, s.withWindow(ForecastSettings.AUTO), "data.csv").window());
        assertThrows(InvalidInputException.class,
                () -> ForecastTransform.fit(series(13, 6), s.withWindow(ForecastSettings.AUTO), "data.csv"));
    }

    @Test
    void aLogOfANonPositiveValueIsRefused() {
        double[][] y = series(40, 7);
        y[5][0] = 0;
        ForecastSettings s = ForecastSettings.of("y").withSeason(12);
        assertFalse(ForecastTransform.fit(y, s, "t").log(0), "auto log skips a series with a zero");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ForecastTransform.fit(y, s.withLog(ForecastSettings.LogMode.ON), "data.csv"));
        assertTrue(e.getMessage().contains("'y'") && e.getMessage().contains("positive"), e.getMessage());
        ForecastTransform logged = ForecastTransform.fit(series(40, 7), s, "t");
        InvalidInputException f = assertThrows(InvalidInputException.class,
                () -> zeroModel(logged).forecast(y, 3));
        assertTrue(f.getMessage().contains("data row 6"), f.getMessage());
    }

    @Test
    void horizonAndHistoryAreChecked() {
        ForecastTransform tf = ForecastTransform.fit(series(60, 8), ForecastSettings.of("y").withSeason(12), "t");
        ForecastModel m = zeroModel(tf);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> m.forecast(series(60, 8), 0));
        assertTrue(e.getMessage().contains("horizon"), e.getMessage());
        InvalidInputException h = assertThrows(InvalidInputException.class,
                () -> m.forecast(series(tf.minimumHistory() - 1, 8), 3));
        assertTrue(h.getMessage().contains("needs at least " + tf.minimumHistory()), h.getMessage());
        assertEquals(3, m.forecast(series(tf.minimumHistory(), 8), 3).length);
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> ForecastSettings.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> ForecastSettings.of("a", "a"));
        assertThrows(IllegalArgumentException.class, () -> ForecastSettings.of("a").withTimeColumn("a"));
        assertThrows(IllegalArgumentException.class, () -> ForecastSettings.of("a").withTest(-1));
        assertThrows(IllegalArgumentException.class, () -> ForecastSettings.of("a").withWindow(0));
        assertThrows(IllegalArgumentException.class, () -> ForecastSettings.of("a").withSeason(-12));
        assertEquals(0, ForecastSettings.of("a").withSeason(1).season(), "a season of 1 is no season");
        assertEquals(120, ForecastSettings.of("a").withSeason(12).resolvedDriftWindow());
        assertEquals(1, ForecastSettings.of("a").resolvedLag());
        assertEquals(ForecastSettings.LogMode.ON, ForecastSettings.LogMode.parse("yes"));
        assertThrows(IllegalArgumentException.class, () -> ForecastSettings.LogMode.parse("maybe"));
    }
}
