package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;
import org.rnn4j.forecast.AutoForecastModel;
import org.rnn4j.forecast.AutoForecaster;
import org.rnn4j.forecast.Backtest;
import org.rnn4j.forecast.ForecastModel;
import org.rnn4j.forecast.ForecastRunner;
import org.rnn4j.forecast.ForecastSettings;
import org.rnn4j.forecast.Intervals;
import org.rnn4j.forecast.NeuralForecaster;
import org.rnn4j.forecast.Series;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TaskModels;
import org.rnn4j.testing.SharedFiles;

/** Distributed forecasting of a long-form panel against {@code ForecastModel.forecast} on one machine. */
class SparkForecastScoringTest {

    private static final int SERIES = 5;
    private static final int HORIZON = 6;

    @TempDir
    static Path tmp;
    private static CsvTable passengers;
    private static Path modelDir;
    private static SparkSession spark;

    @BeforeAll
    static void trainAForecaster() throws IOException {
        passengers = CsvTable.read(SharedFiles.data("AirPassengers.csv"));
        HyperParameters hp = ForecastRunner.defaultHyperParameters().withHiddenSize(8).withSteps(20);
        modelDir = tmp.resolve("passengers");
        ForecastRunner.train(passengers, ForecastSettings.of("passengers").withTimeColumn("month").withSeason(12)
                .withTest(12), hp, RunOptions.none().withCheckpoints(modelDir, 0));
        spark = SparkLmTrainingTest.session("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Series {@code s}: the passengers scaled by {@code 1 + s/4}, its last {@code 9·s} months left out. */
    private static double[] series(int s) {
        double[] all = passengers.numbers("passengers");
        double[] v = new double[all.length - 9 * s];
        for (int t = 0; t < v.length; t++) {
            v[t] = all[t] * (1 + s / 4.0);
        }
        return v;
    }

    private static Dataset<Row> panel(List<Row> rows) {
        StructType schema = new StructType().add("store", DataTypes.StringType).add("month", DataTypes.StringType)
                .add("note", DataTypes.StringType).add("passengers", DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    @Test
    void everySeriesOfAPanelGetsItsOneMachineForecast() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int s = 0; s < SERIES; s++) {
            double[] v = series(s);
            for (int t = v.length - 1; t >= 0; t--) {
                rows.add(RowFactory.create("s" + s, passengers.text(t, passengers.column("month")), "x", v[t]));
            }
        }
        List<Row> forecast = SparkForecastScoring.forecast(spark, panel(rows), "store", "month", modelDir, HORIZON)
                .collectAsList();
        assertEquals(SERIES * HORIZON, forecast.size());

        ForecastModel model = ForecastModel.load(modelDir);
        double[][][] expected = new double[SERIES][][];
        for (int s = 0; s < SERIES; s++) {
            double[] v = series(s);
            double[][] history = new double[v.length][];
            for (int t = 0; t < v.length; t++) {
                history[t] = new double[] {v[t]};
            }
            expected[s] = model.forecast(history, HORIZON);
        }
        for (Row r : forecast) {
            int s = Integer.parseInt(r.getString(0).substring(1));
            int step = r.getInt(1);
            assertEquals(Double.doubleToLongBits(expected[s][step - 1][0]), Double.doubleToLongBits(r.getDouble(2)),
                    "series " + s + " step " + step);
        }
        assertEquals(List.of("store", "step", "passengers"), List.of(SparkForecastScoring.forecast(spark, panel(rows),
                "store", "month", modelDir, HORIZON).columns()));
    }

    @Test
    void anAutomaticForecasterGivesEverySeriesItsOneMachineForecastAndIntervals() throws IOException {
        // three series for training; at scoring a fourth it never saw (the combination, NaN bounds)
        List<Series> train = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            train.add(Series.of("s" + s, series(s), 12));
        }
        AutoForecaster.Settings fast = AutoForecaster.Settings.defaults()
                .withNeural(NeuralForecaster.Settings.defaults().withSteps(30).withEnsemble(2).withHiddenSize(8))
                .withPlan(new Backtest.Plan(1, 6, 0));
        Path autoDir = tmp.resolve("auto");
        AutoForecastModel.of(AutoForecaster.forecast(train, HORIZON, fast), new AutoForecastModel.Columns(
                "passengers", "store", "month", 12, List.of(), 0)).save(autoDir, null, 1);
        List<Series> all = new ArrayList<>(train);
        all.add(Series.of("s3", series(3), 12));
        List<Row> rows = new ArrayList<>();
        for (Series x : all) {
            for (int t = 0; t < x.length(); t++) {
                rows.add(RowFactory.create(x.id(), passengers.text(t, passengers.column("month")), "x", x.values()[t]));
            }
        }
        Dataset<Row> scored = SparkForecastScoring.forecast(spark, panel(rows), "store", "month", autoDir, HORIZON);
        assertEquals(List.of("store", "step", "passengers", "lower_80", "upper_80", "lower_95", "upper_95"),
                List.of(scored.columns()));
        List<Row> forecast = scored.collectAsList();
        assertEquals(all.size() * HORIZON, forecast.size());

        AutoForecastModel model = AutoForecastModel.load(autoDir, ModelDirectory.load(autoDir, KernelProvider.get()));
        List<Intervals.Bands> expected = model.forecast(all, HORIZON);
        for (Row r : forecast) {
            int s = Integer.parseInt(r.getString(0).substring(1));
            int h = r.getInt(1) - 1;
            Intervals.Bands b = expected.get(s);
            String where = "series " + s + " step " + (h + 1);
            assertEquals(Double.doubleToLongBits(b.point()[h]), Double.doubleToLongBits(r.getDouble(2)), where);
            for (int l = 0; l < Intervals.LEVELS.length; l++) {
                assertEquals(Double.doubleToLongBits(b.lower()[l][h]), Double.doubleToLongBits(r.getDouble(3 + 2 * l)),
                        where);
                assertEquals(Double.doubleToLongBits(b.upper()[l][h]), Double.doubleToLongBits(r.getDouble(4 + 2 * l)),
                        where);
            }
            assertEquals(s == 3, Double.isNaN(r.getDouble(3)), where);
        }
    }

    @Test
    void aSeriesTooShortFailsTheJobNamingIt() {
        List<Row> rows = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            rows.add(RowFactory.create("short", passengers.text(t, passengers.column("month")), "x", 100.0 + t));
        }
        Exception e = assertThrows(Exception.class, () -> SparkForecastScoring.forecast(spark, panel(rows), "store",
                "month", modelDir, HORIZON).collectAsList());
        String line = SparkErrors.rootMessage(e);
        assertTrue(line.startsWith("series 'short': the history has 3 rows; the model needs at least"), line);
    }

    @Test
    void aModelOfAnotherTaskIsRefusedInOneLine() throws IOException {
        Path classifier = tmp.resolve("classify");
        TaskModels.save(classifier, ForecastModel.load(modelDir).model(),
                TaskModels.taskObject("classify", "encoding", TextNode.valueOf("?"), null), 1);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SparkForecastScoring.forecast(
                spark, panel(List.of()), "store", "month", classifier, HORIZON));
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(e.getMessage().contains("task 'classify', not a forecasting model"), e.getMessage());
    }

    @Test
    void aPanelWithoutTheModelsTargetIsRefusedInOneLine() {
        Dataset<Row> wrong = panel(List.of()).withColumnRenamed("passengers", "sales");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SparkForecastScoring.forecast(spark, wrong, "store", "month", modelDir, HORIZON));
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(e.getMessage().contains("no column 'passengers'"), e.getMessage());
    }
}
