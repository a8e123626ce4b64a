package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.forecast.AutoForecaster;
import org.rnn4j.forecast.NeuralForecaster;
import org.rnn4j.forecast.Series;
import org.rnn4j.util.Rng;

/**
 * The default forecaster of a panel trained on Spark against {@code AutoForecaster.forecast} on one
 * machine: the statistical members bit for bit, the network's forecasts to float rounding, the same
 * choices, in local[2] and local[3] with series that the partitions do not divide evenly.
 */
class SparkForecastTrainingTest {

    private static final int SEASON = 12;
    private static final int HORIZON = 6;
    private static List<Series> series;
    private static AutoForecaster.Result oneMachine;

    static AutoForecaster.Settings settings() {
        return AutoForecaster.Settings.defaults().withNeural(NeuralForecaster.Settings.defaults().withSteps(6)
                .withEnsemble(2).withHiddenSize(8));
    }

    @BeforeAll
    static void forecastOnOneMachine() {
        series = new ArrayList<>();
        Rng rng = new Rng(5);
        for (int s = 0; s < 4; s++) {
            double[] v = new double[36 + 3 * s];
            for (int t = 0; t < v.length; t++) {
                v[t] = 100 + s * 10 + 0.5 * t + (8 + s) * Math.sin(2 * Math.PI * t / SEASON) + 2 * rng.nextGaussian();
            }
            series.add(Series.of("s" + s, v, SEASON));
        }
        oneMachine = AutoForecaster.forecast(series, HORIZON, settings());
    }

    @AfterAll
    static void stop() {
        SparkLmTrainingTest.stopActiveSession();
    }

    /** The panel in long form, its rows shuffled so that the driver must sort them. */
    static Dataset<Row> panel(SparkSession spark, int slices) {
        List<Row> rows = new ArrayList<>();
        for (Series x : series) {
            for (int t = 0; t < x.length(); t++) {
                rows.add(RowFactory.create(x.id(), t, x.values()[t]));
            }
        }
        java.util.Collections.shuffle(rows, new java.util.Random(3));
        StructType schema = new StructType().add("store", DataTypes.StringType).add("week", DataTypes.IntegerType)
                .add("units", DataTypes.DoubleType);
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows,
                slices), schema);
    }

    @Test
    void sparkEqualsOneMachine() {
        for (String master : List.of("local[2]", "local[3]")) {
            SparkSession spark = SparkLmTrainingTest.session(master);
            int partitions = master.equals("local[2]") ? 2 : 3;
            AutoForecaster.Result r = SparkForecastTraining.train(spark, panel(spark, 4), "store", "week", "units",
                    SEASON, HORIZON, settings(), SparkOptions.ordered(partitions));
            assertEquals(series.size(), r.series().size());
            for (String m : List.of("ets", "arima", "theta", "naive", "snaive", "drift")) {
                for (int s = 0; s < series.size(); s++) {
                    assertArrayEquals(oneMachine.members().get(m)[s], r.members().get(m)[s], 0.0, m + " of " + s);
                    assertEquals(oneMachine.backtest().mase(m, s), r.backtest().mase(m, s), 0.0, m + " mase " + s);
                }
            }
            double worst = 0;
            for (int s = 0; s < series.size(); s++) {
                double[] a = oneMachine.members().get("rnn")[s];
                double[] b = r.members().get("rnn")[s];
                for (int h = 0; h < HORIZON; h++) {
                    worst = Math.max(worst, Math.abs(a[h] - b[h]) / Math.abs(a[h]));
                }
                assertEquals(oneMachine.choices().get(s).method(), r.choices().get(s).method(), "choice " + s);
            }
            System.out.printf("forecast %s, %d partitions: network forecasts within %.3g relative%n", master,
                    partitions, worst);
            assertTrue(worst <= 1e-5, "network forecasts differ by " + worst);
        }
    }

    @Test
    void badInputIsOneLine() {
        SparkSession spark = SparkLmTrainingTest.session("local[2]");
        InvalidInputException few = assertThrows(InvalidInputException.class, () -> SparkForecastTraining.train(
                spark, panel(spark, 2), "store", "week", "units", SEASON, HORIZON, settings(),
                SparkOptions.ordered(8)));
        assertEquals("the panel has 4 series, fewer than the 8 partitions: every partition needs at least one"
                + " (lower --partitions)", few.getMessage());
        InvalidInputException column = assertThrows(InvalidInputException.class, () -> SparkForecastTraining.train(
                spark, panel(spark, 2), "shop", "week", "units", SEASON, HORIZON, settings(), SparkOptions.ordered(2)));
        assertEquals("no column 'shop' in the panel; it has store, week, units", column.getMessage());
        List<Row> twice = List.of(RowFactory.create("a", 1, 1.0), RowFactory.create("a", 1, 2.0));
        StructType schema = new StructType().add("store", DataTypes.StringType).add("week", DataTypes.IntegerType)
                .add("units", DataTypes.DoubleType);
        InvalidInputException dup = assertThrows(InvalidInputException.class, () -> SparkForecastTraining.train(
                spark, spark.createDataFrame(twice, schema), "store", "week", "units", SEASON, HORIZON, settings(),
                SparkOptions.ordered(1)));
        assertEquals("series 'a' has two rows at week 1; a series needs one row per time", dup.getMessage());
    }
}
