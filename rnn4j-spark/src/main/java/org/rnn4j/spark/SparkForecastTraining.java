package org.rnn4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;
import org.rnn4j.InvalidInputException;
import org.rnn4j.forecast.AutoForecaster;
import org.rnn4j.forecast.ForecastMethod;
import org.rnn4j.forecast.NeuralForecaster;
import org.rnn4j.forecast.Series;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.Trainer;

/**
 * The default forecaster ({@link AutoForecaster}) of a panel in long form, trained on Spark: the
 * statistical members (ets, arima, theta) fitted and backtested series by series on the executors, and the
 * global network's every step computed by synchronous data parallelism, the series split over the
 * partitions (series {@code s} of {@code S} on partition {@code ⌊sP/S⌋}) and each partition computing
 * the windows of the batch it holds.
 *
 * <pre>
 * AutoForecaster.Result r = SparkForecastTraining.train(spark, sales, "store", "week", "units", 52, 8,
 *         AutoForecaster.Settings.defaults(), SparkOptions.ordered(8));
 * AutoForecastModel.of(r, new AutoForecastModel.Columns("units", "store", "week", 52, List.of(), 0))
 *         .save(Path.of("runs/sales"), hyperParameters, 1);
 * </pre>
 *
 * <p>The driver reads the panel (one value array a series) and draws every batch's windows exactly as
 * one machine does, so the result is {@code AutoForecaster.forecast} of the same series: the statistical
 * members' forecasts bit for bit, the networks' to float rounding of the summed gradient (and so the
 * backtest, the choices and the intervals with them). Series are ordered by id. Without covariates.
 */
public final class SparkForecastTraining {

    private SparkForecastTraining() {
    }

    /**
     * Backtests, chooses and forecasts {@code horizon} steps after each series of {@code panel}.
     *
     * @param season the season length of every series, 1 for none
     * @throws InvalidInputException for a missing column, a target that is not numeric, a missing value, two
     *                               rows of a series at one time, a series too short for the backtest, or
     *                               fewer series than partitions
     */
    public static AutoForecaster.Result train(SparkSession spark, Dataset<Row> panel, String idColumn,
            String timeColumn, String targetColumn, int season, int horizon, AutoForecaster.Settings settings,
            SparkOptions spread) {
        List<Series> series = read(panel, idColumn, timeColumn, targetColumn, season);
        if (series.size() < spread.partitions()) {
            throw new InvalidInputException("the panel has " + series.size() + " series, fewer than the "
                    + spread.partitions() + " partitions: every partition needs at least one (lower --partitions)");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try {
            return AutoForecaster.forecast(series, horizon, settings, m -> new SeriesMethod(sc, m.name(),
                    spread.partitions()), new WindowEngine(sc, spread));
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            if (SparkErrors.rootMessage(e).equals(e.getMessage())) {
                throw e;
            }
            // a task's InvalidInputException arrives as a SparkException
            throw new InvalidInputException(SparkErrors.rootMessage(e));
        }
    }

    /** The series of a long-form panel, each sorted by time, ordered by id. */
    static List<Series> read(Dataset<Row> panel, String idColumn, String timeColumn, String targetColumn,
            int season) {
        List<String> names = Arrays.asList(panel.columns());
        for (String c : List.of(idColumn, timeColumn, targetColumn)) {
            if (!names.contains(c)) {
                throw new InvalidInputException("no column '" + c + "' in the panel; it has " + String.join(", ",
                        names));
            }
        }
        if (!(panel.schema().apply(targetColumn).dataType() instanceof NumericType)) {
            throw new InvalidInputException("target column '" + targetColumn + "' holds " + panel.schema().apply(
                    targetColumn).dataType().simpleString() + ", not numbers");
        }
        List<Row> grouped;
        try {
            grouped = panel.groupBy(functions.col(idColumn).cast("string").as("id"))
                    .agg(functions.sort_array(functions.collect_list(functions.struct(functions.col(timeColumn),
                            functions.col(targetColumn).cast("double")))).as("rows"))
                    .orderBy("id").collectAsList();
        } catch (RuntimeException e) {
            throw new InvalidInputException("cannot read the panel: " + SparkErrors.rootMessage(e));
        }
        List<Series> out = new ArrayList<>();
        for (Row g : grouped) {
            String id = g.isNullAt(0) ? "null" : g.getString(0);
            List<Row> rows = g.getList(1);
            double[] values = new double[rows.size()];
            for (int t = 0; t < values.length; t++) {
                Row r = rows.get(t);
                if (t > 0 && Objects.equals(r.get(0), rows.get(t - 1).get(0))) {
                    throw new InvalidInputException("series '" + id + "' has two rows at " + timeColumn + " " + r.get(0)
                            + "; a series needs one row per time");
                }
                if (r.isNullAt(1)) {
                    throw new InvalidInputException("series '" + id + "' has no " + targetColumn + " at "
                            + timeColumn + " " + r.get(0));
                }
                values[t] = r.getDouble(1);
            }
            out.add(Series.of(id, values, season));
        }
        return out;
    }

    /** The per-series member named {@code name}, as the executors build it. */
    static ForecastMethod member(String name) {
        switch (name) {
            case "ets":
                return ForecastMethod.ets();
            case "arima":
                return ForecastMethod.arima();
            case "theta":
                return ForecastMethod.theta();
            default:
                throw new IllegalArgumentException("no per-series member '" + name + "' to run on Spark");
        }
    }

    /**
     * A per-series member run on the executors, {@code partitions} consecutive groups of series at a time:
     * each series' forecasts are the member's own, since it treats every series on its own.
     */
    static final class SeriesMethod implements ForecastMethod {
        private final JavaSparkContext sc;
        private final String name;
        private final int partitions;

        SeriesMethod(JavaSparkContext sc, String name, int partitions) {
            this.sc = sc;
            this.name = name;
            this.partitions = partitions;
            member(name);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double[][] forecast(List<Series> series, int horizon) {
            return ForecastMethod.fromEnds(this, series, horizon);
        }

        @Override
        public double[][][] forecastFrom(List<Series> series, int[][] origins, int horizon) {
            List<Integer> index = new ArrayList<>();
            for (int s = 0; s < series.size(); s++) {
                index.add(s);
            }
            Broadcast<List<Series>> all = sc.broadcast(series);
            Broadcast<int[][]> at = sc.broadcast(origins);
            String member = name;
            try {
                List<double[][]> parts = sc.parallelize(index, Math.max(1, Math.min(partitions, series.size())))
                        .mapPartitions(it -> {
                            ForecastMethod m = member(member);
                            List<double[][]> out = new ArrayList<>();
                            while (it.hasNext()) {
                                int s = it.next();
                                out.add(m.forecastFrom(List.of(all.value().get(s)), new int[][] {at.value()[s]},
                                        horizon)[0]);
                            }
                            return out.iterator();
                        }).collect();
                return parts.toArray(new double[0][][]);
            } finally {
                all.destroy();
                at.destroy();
            }
        }
    }

    /** The network's gradients from windows held by the partitions, series {@code s} of {@code S} on {@code ⌊sP/S⌋}. */
    static final class WindowEngine implements NeuralForecaster.GradientEngine {
        private final JavaSparkContext sc;
        private final SparkOptions spread;

        WindowEngine(JavaSparkContext sc, SparkOptions spread) {
            this.sc = sc;
            this.spread = spread;
        }

        @Override
        public Session open(List<Series> series, int window, int horizon, int covariates) {
            int p = spread.partitions();
            List<WindowShard> shards = new ArrayList<>();
            for (int i = 0; i < p; i++) {
                int first = SparkOptions.shareStart(series.size(), i, p);
                int end = SparkOptions.shareStart(series.size(), i + 1, p);
                shards.add(new WindowShard(i, first, new ArrayList<>(series.subList(first, end)), window, horizon,
                        covariates));
            }
            JavaRDD<WindowShard> rdd = sc.parallelize(shards, p);
            rdd.persist(StorageLevel.MEMORY_AND_DISK());
            String runId = UUID.randomUUID().toString();
            return new Session() {
                @Override
                public double gradient(SequenceModel net, int[] series, int[] ends, int step) {
                    List<Parameter> params = net.parameters();
                    float[][] weights = new float[params.size()][];
                    for (int i = 0; i < weights.length; i++) {
                        weights[i] = params.get(i).value().clone();
                    }
                    String modelJson = ModelDirectory.modelToJson(net.config()).toString();
                    double denominator = (double) series.length * horizon;
                    Broadcast<WindowStep> in = sc.broadcast(new WindowStep(series, ends, denominator, weights));
                    try {
                        JavaRDD<ShareResult> results = rdd.map(shard -> ShareWorker.with(runId, modelJson,
                                LossKind.MSE, null, w -> shard.share(w, in.value())));
                        GradientSum sum = GradientSum.reduce(results, spread);
                        for (int i = 0; i < params.size(); i++) {
                            float[] g = params.get(i).grad();
                            double[] acc = sum.gradient[i];
                            for (int j = 0; j < g.length; j++) {
                                g[j] = (float) acc[j];
                            }
                        }
                        return sum.loss;
                    } finally {
                        in.destroy();
                    }
                }

                @Override
                public void close() {
                    rdd.unpersist(false);
                    ShareWorker.release(runId);
                }
            };
        }
    }

    /** One step's broadcast: the windows (series, last value), the global denominator, the weights. */
    record WindowStep(int[] series, int[] ends, double denominator, float[][] weights)
            implements
                java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The series {@code [first, first + n)} of a fit, on one partition. */
    static final class WindowShard implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final int index;
        private final int first;
        private final List<Series> series;
        private final int window;
        private final int horizon;
        private final int covariates;
        private transient NeuralForecaster.Windows windows;

        WindowShard(int index, int first, List<Series> series, int window, int horizon, int covariates) {
            this.index = index;
            this.first = first;
            this.series = series;
            this.window = window;
            this.horizon = horizon;
            this.covariates = covariates;
        }

        /** This shard's part of a step: the windows of its series, or zero when the batch has none. */
        ShareResult share(ShareWorker w, WindowStep in) {
            int n = 0;
            int[] s = new int[in.series().length];
            int[] t = new int[s.length];
            for (int b = 0; b < s.length; b++) {
                int local = in.series()[b] - first;
                if (local >= 0 && local < series.size()) {
                    s[n] = local;
                    t[n++] = in.ends()[b];
                }
            }
            if (n == 0) {
                return new ShareResult(index, 0, 0, w.gradients(true), null, null);
            }
            if (windows == null) {
                windows = NeuralForecaster.Windows.of(series, window, horizon, covariates);
            }
            w.setWeights(in.weights());
            Trainer.ShareLoss part = w.trainer.shareGradient(windows.batch(Arrays.copyOf(s, n), Arrays.copyOf(t, n)),
                    in.denominator());
            return new ShareResult(index, part.loss(), part.positions(), w.gradients(false), null, null);
        }
    }
}
