package org.rnn4j.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.rnn4j.InvalidInputException;
import org.rnn4j.forecast.AutoForecastModel;
import org.rnn4j.forecast.ForecastModel;
import org.rnn4j.forecast.Intervals;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;

/**
 * Forecasts many series held in long form (one row per series and time) on Spark with a forecaster
 * trained by {@code rnn4j train forecast}: the model is broadcast once, the rows are partitioned by
 * series and sorted by time within each partition, and each partition forecasts its series one after
 * the other with one model, never holding more than one series.
 *
 * <pre>
 * Dataset&lt;Row&gt; f = SparkForecastScoring.forecast(spark, sales, "store", "week", Path.of("runs/sales"), 8);
 * </pre>
 *
 * <p>The panel holds the id column, the time column (any orderable type, one row per series and time)
 * and one numeric column per target of the model, named as in training. The result has the id column,
 * {@code step} (1 to the horizon) and one column per target with its forecast, as {@code rnn4j forecast}
 * writes them.
 * <ul>
 * <li>A network forecaster ({@code --method rnn}): each series' forecast is the one
 * {@link ForecastModel#forecast} gives for its rows on one machine; it has no intervals.
 * <li>An automatic forecaster ({@code --method auto}, without covariates): each series' forecast is the
 * one {@link AutoForecastModel#forecast} gives for it, followed by {@code lower_80}, {@code upper_80},
 * {@code lower_95}, {@code upper_95} (one pair per level of {@link Intervals#LEVELS}); a series the model
 * was not trained on takes the combination and NaN bounds, as on one machine.
 * </ul>
 */
public final class SparkForecastScoring {

    private SparkForecastScoring() {
    }

    /**
     * Forecasts {@code horizon} steps after every series of {@code panel} with the forecaster in
     * {@code modelDir}.
     *
     * @throws InvalidInputException when {@code modelDir} is not a forecaster's directory (another task's,
     *                               an automatic forecaster with covariates, missing, corrupt), a column is missing
     *                               or a target not numeric, or the horizon is below 1; a series shorter than
     *                               the model's history fails the job with its id in the message
     */
    public static Dataset<Row> forecast(SparkSession spark, Dataset<Row> panel, String idColumn, String timeColumn,
            Path modelDir, int horizon) throws IOException {
        if (horizon <= 0) {
            throw new InvalidInputException("the forecast horizon must be at least 1 step, got " + horizon);
        }
        ModelDirectory.Contents contents = ModelDirectory.load(modelDir, KernelProvider.get());
        Broadcast<SeriesForecaster.Source> source;
        List<String> targets;
        List<String> bounds = new ArrayList<>();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        if (AutoForecastModel.isAuto(contents)) {
            AutoForecastModel auto = AutoForecastModel.load(modelDir, contents);
            if (!auto.columns().covariates().isEmpty()) {
                throw new InvalidInputException(modelDir + " holds an automatic forecaster with covariates ("
                        + String.join(", ", auto.columns().covariates()) + "); Spark forecasting has no future"
                        + " covariates yet");
            }
            if (horizon > auto.horizon()) {
                throw new InvalidInputException("the model forecasts 1 to " + auto.horizon() + " steps (it was"
                        + " trained with --horizon " + auto.horizon() + "), got " + horizon);
            }
            targets = List.of(auto.columns().target());
            for (double level : Intervals.LEVELS) {
                long percent = Math.round(100 * level);
                bounds.add("lower_" + percent);
                bounds.add("upper_" + percent);
            }
            source = sc.broadcast(new SeriesForecaster.AutoSource(DirectoryBytes.of(modelDir), auto.columns()
                    .season()));
        } else {
            ForecastModel model = ForecastModel.fromContents(contents, modelDir.resolve(ModelDirectory.MANIFEST)
                    .toString());
            targets = model.transform().targets();
            source = sc.broadcast(new SeriesForecaster.NetworkSource(BroadcastModel.of(model.model(), model
                    .taskJson(null))));
        }
        StructType in = panel.schema();
        List<String> names = Arrays.asList(in.fieldNames());
        List<String> needed = new ArrayList<>(List.of(idColumn, timeColumn));
        needed.addAll(targets);
        for (String c : needed) {
            if (!names.contains(c)) {
                throw new InvalidInputException("no column '" + c + "' in the panel; it has " + String.join(", ",
                        names) + " (the model forecasts " + String.join(", ", targets) + ")");
            }
        }
        for (String t : targets) {
            if (!(in.apply(t).dataType() instanceof NumericType)) {
                throw new InvalidInputException("target column '" + t + "' holds " + in.apply(t).dataType()
                        .simpleString() + ", not numbers");
            }
        }
        StructType out = new StructType().add(in.apply(idColumn)).add("step", DataTypes.IntegerType, false);
        for (String t : targets) {
            out = out.add(t, DataTypes.DoubleType, false);
        }
        for (String b : bounds) {
            out = out.add(b, DataTypes.DoubleType, false);
        }
        int width = targets.size() + bounds.size();
        Column[] select = new Column[needed.size()];
        for (int c = 0; c < select.length; c++) {
            select[c] = functions.col(needed.get(c));
        }
        int k = targets.size();
        // one series per key, its rows together and in time order inside one partition
        Dataset<Row> sorted = panel.select(select).repartition(functions.col(idColumn))
                .sortWithinPartitions(functions.col(idColumn), functions.col(timeColumn));
        return spark.createDataFrame(sorted.javaRDD().mapPartitions(rows -> new Iterator<Row>() {
            private SeriesForecaster forecaster;
            private Row lookahead;
            private Object id;
            private double[][] forecast = new double[0][];
            private int next;

            @Override
            public boolean hasNext() {
                if (next < forecast.length) {
                    return true;
                }
                if (lookahead == null && !rows.hasNext()) {
                    return false;
                }
                Row first = lookahead != null ? lookahead : rows.next();
                lookahead = null;
                id = first.get(0);
                List<double[]> history = new ArrayList<>();
                List<Object> times = new ArrayList<>();
                for (Row r = first; r != null;) {
                    history.add(values(r));
                    times.add(r.get(1));
                    if (!rows.hasNext()) {
                        break;
                    }
                    Row n = rows.next();
                    if (!Objects.equals(n.get(0), id)) {
                        lookahead = n;
                        break;
                    }
                    r = n;
                }
                requireDistinct(times);
                if (forecaster == null) {
                    // one model per partition, reused for every series of it
                    forecaster = source.value().forecaster();
                }
                try {
                    forecast = forecaster.forecast(String.valueOf(id), history.toArray(new double[0][]), horizon);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("series '" + id + "': " + e.getMessage());
                }
                next = 0;
                return true;
            }

            private double[] values(Row r) {
                double[] v = new double[k];
                for (int j = 0; j < k; j++) {
                    if (r.isNullAt(2 + j)) {
                        throw new InvalidInputException("series '" + r.get(0) + "' has no " + targets.get(j)
                                + " at " + timeColumn + " " + r.get(1));
                    }
                    v[j] = ((Number) r.get(2 + j)).doubleValue();
                }
                return v;
            }

            private void requireDistinct(List<Object> times) {
                for (int i = 1; i < times.size(); i++) {
                    if (Objects.equals(times.get(i), times.get(i - 1))) {
                        throw new InvalidInputException("series '" + id + "' has two rows at " + timeColumn + " "
                                + times.get(i) + "; a series needs one row per time");
                    }
                }
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object[] values = new Object[2 + width];
                values[0] = id;
                values[1] = next + 1;
                for (int j = 0; j < width; j++) {
                    values[2 + j] = forecast[next][j];
                }
                next++;
                return RowFactory.create(values);
            }
        }), out);
    }
}
