package org.rnn4j.forecast;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.task.TaskModels;

/**
 * A trained forecaster: a many-to-one {@link SequenceModel} that reads {@code W} rows of prepared
 * inputs and predicts the next row's surprise (its departure from seasonal naive with drift), with the
 * {@link ForecastTransform} that prepares its inputs and turns its outputs back into values.
 *
 * <p>Multi-step forecasts are recursive: each predicted row is appended to the history and the
 * window moves on by one row.
 *
 * <p>In a model directory the task object is
 * <pre>
 * {"task": "forecast", "transform": {@link ForecastTransform#toJson()}, "hyper_parameters": {...}}
 * </pre>
 * Not thread-safe (the model's buffers are reused).
 */
public record ForecastModel(SequenceModel model, ForecastTransform transform) {

    /** The task name in a model directory's task object. */
    public static final String TASK = "forecast";

    public ForecastModel {
        if (model.config().output() != OutputMode.LAST_STEP || model.config().tokenInput()
                || model.config().rnn().inputSize() != transform.inputSize()
                || model.config().outputSize() != transform.outputSize() || model.config().rnn().bidirectional()) {
            throw new InvalidInputException("the network (" + ModelDirectory.modelToJson(model.config())
                    + ") does not fit the forecast transform: expected a unidirectional last-step model with "
                    + transform.inputSize() + " dense inputs and " + transform.outputSize() + " outputs");
        }
    }

    /**
     * Forecasts the {@code horizon} rows that follow {@code history}.
     *
     * @param history [n][K] the series so far, in the units of the data, targets in {@link ForecastTransform#targets()}
     *                order; at least {@link ForecastTransform#minimumHistory()} rows
     * @param horizon steps to forecast, {@code >= 1}
     * @return [horizon][K] in the units of the data
     * @throws InvalidInputException for a horizon ≤ 0, too short a history, or a value the transform
     *                               cannot take (a non-positive value of a logged target)
     */
    public double[][] forecast(double[][] history, int horizon) {
        return forecast(history, horizon, "the history");
    }

    double[][] forecast(double[][] history, int horizon, String source) {
        if (horizon <= 0) {
            throw new InvalidInputException("the forecast horizon must be at least 1 step, got " + horizon);
        }
        ForecastTransform tf = transform;
        int need = tf.minimumHistory();
        if (history.length < need) {
            throw new InvalidInputException(source + " has " + history.length + " rows; the model needs at least "
                    + need
                    + " (its window of " + tf.window() + " plus " + tf.firstRow() + " rows before the first change)"
                    + " to forecast");
        }
        int n = history.length;
        int k = tf.outputSize();
        int f = tf.inputSize();
        int w = tf.window();
        double[][] known = tf.levels(history, source);
        double[][] u = new double[n + horizon][];
        System.arraycopy(known, 0, u, 0, n);
        float[] x = new float[w * f];
        model.inferenceOnly();
        double[][] out = new double[horizon][k];
        for (int h = 0; h < horizon; h++) {
            int last = n + h - 1;
            for (int t = 0; t < w; t++) {
                tf.inputRow(u, last - w + 1 + t, x, t * f);
            }
            float[] z = model.forwardDense(x, w, 1, null, null);
            u[last + 1] = new double[k];
            for (int j = 0; j < k; j++) {
                u[last + 1][j] = tf.levelFromSurprise(u, last + 1, j, z[j]);
                out[h][j] = tf.unlevel(j, u[last + 1][j]);
            }
        }
        return out;
    }

    /**
     * The model directory's task object: {@code task}, {@code transform} and, for provenance,
     * {@code hyper_parameters} (may be null).
     */
    public ObjectNode taskJson(ObjectNode hyperParameters) {
        return TaskModels.taskObject(TASK, "transform", transform.toJson(), hyperParameters);
    }

    /** Saves weights and transform (no training state) into {@code dir}. */
    public void save(Path dir, long seed) throws IOException {
        TaskModels.save(dir, model, taskJson(null), seed);
    }

    /**
     * Loads a forecaster saved by {@link #save} or by a training run.
     *
     * @throws InvalidInputException when {@code dir} is missing or corrupt, holds another task's model, or
     *                               its transform does not fit its network
     */
    public static ForecastModel load(Path dir) throws IOException {
        return TaskModels.load(dir, ForecastModel::fromContents);
    }

    /** A forecaster from a loaded model directory (see {@link #load}). */
    public static ForecastModel fromContents(ModelDirectory.Contents contents, String source) {
        TaskModels.requireTask(contents, TASK, source, "a forecasting model");
        ForecastTransform tf = ForecastTransform.fromJson(contents.task().get("transform"), source);
        return TaskModels.assemble(source, () -> new ForecastModel(contents.model(), tf));
    }
}
