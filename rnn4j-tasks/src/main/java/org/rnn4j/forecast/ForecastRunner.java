package org.rnn4j.forecast;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.WindowBatches;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TaskTraining;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.Batch;
import org.rnn4j.train.BatchSource;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.Evaluator;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;

/**
 * Time-series forecasting from a CSV table, from one call: the entry point for {@code rnn4j train
 * --task forecast}, {@code rnn4j eval} and {@code rnn4j forecast}.
 *
 * <pre>
 * CsvTable table = CsvTable.read(path);
 * ForecastSettings settings = ForecastSettings.of("passengers").withTimeColumn("month").withSeason(12).withTest(12);
 * ForecastResult r = ForecastRunner.train(table, settings, ForecastRunner.defaultHyperParameters(),
 *         RunOptions.none().withListener(progress).withCheckpoints(outDir, 0));
 * r.evaluation().model().mase();                                      // vs r.evaluation().seasonalMetrics()
 * ForecastModel m = ForecastModel.load(outDir);                       // later
 * double[][] next = ForecastRunner.forecast(m, CsvTable.read(path), 24);
 * </pre>
 *
 * <p>What training does: the transform of {@link ForecastSettings} is fitted on the training rows (all
 * but the last {@code test}); the network's head starts at zero, so before the first step it forecasts
 * seasonal naive with drift; windows of {@code W} prepared rows are drawn at random from the training
 * rows, each with the next row's surprise as the target (mean squared error). The held-out rows are
 * used only to report a validation loss (one step ahead, from the true history) and, after training,
 * to score a recursive forecast of all of them against the naive and seasonal-naive baselines.
 * Nothing is chosen by looking at the held-out rows.
 *
 * <p>Model directory: the task object holds {@code "task": "forecast"}, the fitted transform
 * ({@link ForecastTransform#toJson()}) and the hyper-parameters ({@link HyperParameters#toJson()});
 * {@link ForecastModel#load} or {@link ForecastModel#fromContents} restore a forecaster from it. A
 * directory written by a training run also holds the training state, so the run can be resumed with
 * {@link RunOptions#withResume}.
 */
public final class ForecastRunner {

    private ForecastRunner() {
    }

    /**
     * Defaults that forecast well without tuning on monthly series of one to a few hundred rows: a
     * GRU of 64 units, one layer, no dropout, batch 32, Adam at 1e-3 (warm-up and cosine decay) with
     * norm clipping at 1, 400 steps, seed 1. Chosen on AirPassengers and co2 over five seeds and four
     * splits: a head start from seasonal naive with drift and few, gentle steps keep the network from
     * learning more persistence of recent surprises than the series has.
     */
    public static HyperParameters defaultHyperParameters() {
        return HyperParameters.builder(CellType.GRU, OptimizerSpec.adam(1e-3)).hiddenSize(64).layers(1).batchSize(32)
                .clip(ClipConfig.norm(1.0)).maxSteps(400).seed(1).build();
    }

    /** Reads the series of {@code table} as {@code settings} say and trains on it; see {@link #train(ForecastData, HyperParameters, RunOptions)}. */
    public static ForecastResult train(CsvTable table, ForecastSettings settings, HyperParameters hp,
            RunOptions options)
            throws IOException {
        return train(ForecastData.fromCsv(table, settings), hp, options);
    }

    /**
     * Fits the transform on the training rows, trains a forecaster, and scores its forecast of the test
     * rows. With {@code options.checkpointDir()} set, the model is saved there at the end (and every
     * {@code checkpointEvery} steps), loadable with {@link ForecastModel#load}.
     *
     * @throws InvalidInputException for too few rows for the window, a bidirectional network, or data the
     *                               transform cannot take
     * @throws IOException           when a checkpoint cannot be written or a resume directory read
     */
    public static ForecastResult train(ForecastData data, HyperParameters hp, RunOptions options) throws IOException {
        if (hp.bidirectional()) {
            throw new InvalidInputException(
                    "a forecaster cannot be bidirectional: it would read the future it predicts");
        }
        double[][] train = data.trainPart();
        ForecastTransform tf = ForecastTransform.fit(train, data.settings(), data.source());
        TaskTraining.Streams streams = TaskTraining.streams(hp.seed());
        SequenceModel network = TaskTraining.newModel(hp, 0, tf.inputSize(), tf.outputSize(), OutputMode.LAST_STEP,
                streams.init());
        // a zero head predicts a zero surprise: training starts from seasonal naive with drift
        for (Parameter p : network.decoder().parameters()) {
            p.set(new float[p.size()]);
        }
        ForecastModel model = new ForecastModel(network, tf);
        WindowBatches source = new WindowBatches(tf.inputs(train, data.source()), tf.targetsOf(train, data.source()),
                tf.window(), hp.batchSize(), streams.data());
        DoubleSupplier validation = null;
        if (data.testRows() > 0) {
            BatchSource held = heldOutWindows(tf, data.values(), data.trainRows(), data.source());
            validation = () -> new Evaluator().meanLoss(network, held, 1, LossKind.MSE);
        }
        ObjectNode task = model.taskJson(hp.toJson());
        TrainingSummary summary = TaskTraining.fit(network, source, streams.dropout(), LossKind.MSE, hp, options,
                validation, task);
        ForecastEvaluation evaluation = null;
        if (data.testRows() > 0) {
            double[][] forecast = model.forecast(train, data.testRows(), data.source());
            evaluation = ForecastEvaluation.score(data.targets(), train, data.testPart(), forecast, tf.season());
        }
        return new ForecastResult(model, summary, evaluation);
    }

    /**
     * Scores a trained model on a table of the same shape ({@code rnn4j eval}): the last {@code test} rows
     * are forecast from the rows before them and compared with the naive and seasonal-naive baselines.
     *
     * @param test held-out rows at the end, {@code >= 1} ({@code model.transform().test()} repeats the
     *             training split)
     * @throws InvalidInputException for a missing target column, a non-numeric value, {@code test} not in
     *                               {@code [1, rows)}, or too few rows before the held-out ones
     */
    public static ForecastEvaluation evaluate(ForecastModel model, CsvTable table, int test) {
        double[][] all = ForecastData.series(table, model.transform().targets());
        if (test < 1 || test >= all.length) {
            throw new InvalidInputException(table.source() + " has " + all.length + " rows; the held-out part must be"
                    + " between 1 and " + (all.length - 1) + " rows, got " + test);
        }
        double[][] history = java.util.Arrays.copyOfRange(all, 0, all.length - test);
        double[][] actual = java.util.Arrays.copyOfRange(all, all.length - test, all.length);
        double[][] forecast = model.forecast(history, test, table.source());
        return ForecastEvaluation.score(model.transform().targets(), history, actual, forecast,
                model.transform().season());
    }

    /**
     * Continues the series of {@code table} by {@code horizon} rows ({@code rnn4j forecast}).
     *
     * @return [horizon][K], targets in {@code model.transform().targets()} order
     * @throws InvalidInputException for a missing target column, a non-numeric value, a horizon ≤ 0, or
     *                               fewer rows than {@link ForecastTransform#minimumHistory()}
     */
    public static double[][] forecast(ForecastModel model, CsvTable table, int horizon) {
        if (horizon <= 0) {
            throw new InvalidInputException("the forecast horizon must be at least 1 step, got " + horizon);
        }
        return model.forecast(ForecastData.series(table, model.transform().targets()), horizon, table.source());
    }

    /** {@link ForecastModel#load}. */
    public static ForecastModel load(Path dir) throws IOException {
        return ForecastModel.load(dir);
    }

    /** One batch of every one-step-ahead window whose target is a held-out row. */
    private static BatchSource heldOutWindows(ForecastTransform tf, double[][] all, int trainRows, String source) {
        float[][] x = tf.inputs(all, source);
        float[][] y = tf.targetsOf(all, source);
        int first = tf.firstRow();
        int w = tf.window();
        int f = tf.inputSize();
        int k = tf.outputSize();
        int b = all.length - trainRows;
        float[] features = new float[w * b * f];
        float[] targets = new float[b * k];
        for (int i = 0; i < b; i++) {
            int target = trainRows + i - first;   // input row of the predicted series row
            for (int t = 0; t < w; t++) {
                System.arraycopy(x[target - w + t], 0, features, (t * b + i) * f, f);
            }
            System.arraycopy(y[target], 0, targets, i * k, k);
        }
        Batch batch = Batch.features(w, b, features).valueTargets(targets);
        return new BatchSource() {
            @Override
            public Batch next() {
                return batch;
            }

            @Override
            public long epoch() {
                return 0;
            }

            @Override
            public Map<String, Long> cursor() {
                return Map.of();
            }

            @Override
            public void restore(Map<String, Long> cursor) {
            }
        };
    }
}
