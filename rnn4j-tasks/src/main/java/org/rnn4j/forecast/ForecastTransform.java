package org.rnn4j.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.JsonFields;
import org.rnn4j.io.ModelDirectory;

/**
 * The fitted preparation of a series ({@link ForecastSettings} describes it), per target {@code k}:
 * <pre>
 *   u_t = log y_t  (or y_t)                                   the modelled level
 *   d_t = u_t − u_{t−L}  (or u_t when L = 0)                  the change at lag L, for t ≥ L
 *   m_t = mean(d_{max(L, t−D+1)} .. d_t)   when D > 0         the drift known at time t
 *       = mean of d over the training rows when D = 0
 *   e_t = (d_t − m_{t−1}) / σ                                 the surprise, for t ≥ S
 *   σ   = standard deviation of d_t − m_{t−1} over the training rows (1 if it is constant)
 * </pre>
 * with {@code S = L + 1} when {@code D > 0} (the drift needs one change before it), else {@code S = L}
 * (and {@code m} constant). The drift of a forecast row includes the changes already forecast.
 * The network reads {@code e} over a window and predicts the next surprise; a prediction {@code ê}
 * becomes {@code u_t = u_{t−L} + m_{t−1} + σ·ê}. Fitted on the training rows only; immutable; saved in the
 * model directory's task object ({@link #toJson()}) and read back with validation ({@link #fromJson}).
 *
 * <p>Legend: {@code N} rows, {@code K} targets, {@code F} input features per row ({@code K}, or
 * {@code 2K} with level input), {@code W} window, {@code L} lag, {@code D} drift window, {@code S} the first
 * row with an input. A series of {@code N} rows gives {@code N − S} input rows.
 */
public final class ForecastTransform {

    private final List<String> targets;
    private final String timeColumn;
    private final int season;
    private final int test;
    private final int window;
    private final int lag;
    private final int driftWindow;
    private final boolean[] log;          // [K]
    private final double[] diffMean;      // [K] mean of d over the training rows
    private final double[] scale;         // [K] σ
    private final boolean levelInput;
    private final double[] levelMean;     // [K]
    private final double[] levelStd;      // [K]

    private ForecastTransform(List<String> targets, String timeColumn, int season, int test, int window, int lag,
            int driftWindow, boolean[] log, double[] diffMean, double[] scale, boolean levelInput,
            double[] levelMean, double[] levelStd) {
        this.targets = Collections.unmodifiableList(new ArrayList<>(targets));
        this.timeColumn = timeColumn;
        this.season = season;
        this.test = test;
        this.window = window;
        this.lag = lag;
        this.driftWindow = driftWindow;
        this.log = log;
        this.diffMean = diffMean;
        this.scale = scale;
        this.levelInput = levelInput;
        this.levelMean = levelMean;
        this.levelStd = levelStd;
    }

    /**
     * Fits the preparation to the training rows.
     *
     * @param train  [N][K] training rows, in time order
     * @param source the data's name, for messages
     * @throws InvalidInputException when the rows are too few for the window and lag, or a log is
     *                               asked for a target with a non-positive value
     */
    public static ForecastTransform fit(double[][] train, ForecastSettings settings, String source) {
        int k = settings.targets().size();
        int n = train.length;
        int lag = settings.resolvedLag();
        int drift = settings.resolvedDriftWindow();
        int first = lag + (drift > 0 ? 1 : 0);
        int usable = n - first;
        int window = settings.window();
        if (window == ForecastSettings.AUTO) {
            int wanted = settings.season() > 0 ? 2 * settings.season() : 24;
            window = Math.min(wanted, usable / 2);
            if (window < 1) {
                throw new InvalidInputException(source + ": " + n + " training rows are too few to forecast"
                        + (lag > 0 ? " with changes at lag " + lag : "") + "; need at least " + (first + 2)
                        + " rows (fewer --test rows or a shorter --season would help)");
            }
        } else if (usable < window + 1) {
            throw new InvalidInputException(source + ": " + n + " training rows are too few for a window of " + window
                    + (lag > 0 ? " after changes at lag " + lag : "") + "; need at least " + (window + first + 1)
                    + " rows — use a shorter --window, fewer --test rows or more data");
        }
        boolean[] log = new boolean[k];
        for (int j = 0; j < k; j++) {
            double min = Double.POSITIVE_INFINITY;
            for (double[] row : train) {
                min = Math.min(min, row[j]);
            }
            switch (settings.log()) {
                case ON:
                    if (!(min > 0)) {
                        throw new InvalidInputException(source + ": target '" + settings.targets().get(j)
                                + "' has the value " + min
                                + " in its training rows; a log transform needs positive values");
                    }
                    log[j] = true;
                    break;
                case AUTO:
                    log[j] = min > 0;
                    break;
                default:
                    log[j] = false;
            }
        }
        double[] diffMean = new double[k];
        double[] scale = new double[k];
        double[] levelMean = new double[k];
        double[] levelStd = new double[k];
        Arrays.fill(scale, 1.0);
        ForecastTransform partial = new ForecastTransform(settings.targets(), settings.timeColumn(), settings.season(),
                settings.test(), window, lag, drift, log, diffMean, scale, settings.levelInput(), levelMean, levelStd);
        double[][] u = partial.levels(train, source);
        for (int j = 0; j < k; j++) {
            double[] d = new double[n - lag];
            for (int t = lag; t < n; t++) {
                d[t - lag] = partial.change(u, t, j);
            }
            diffMean[j] = mean(d);
            double[] level = new double[n];
            for (int t = 0; t < n; t++) {
                level[t] = u[t][j];
            }
            levelMean[j] = mean(level);
            levelStd[j] = std(level, levelMean[j]);
        }
        // σ from the unscaled surprises (scale is still 1 here)
        for (int j = 0; j < k; j++) {
            double[] e = new double[n - first];
            for (int t = first; t < n; t++) {
                e[t - first] = partial.surprise(u, t, j);
            }
            scale[j] = std(e, mean(e));
        }
        return partial;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    /** Population standard deviation; a constant series gets 1 so that it is only shifted. */
    private static double std(double[] a, double mean) {
        double s = 0;
        for (double v : a) {
            s += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(s / a.length);
        return sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1.0;
    }

    public List<String> targets() {
        return targets;
    }

    /** The time column of the training data, or null. */
    public String timeColumn() {
        return timeColumn;
    }

    /** The season length, 0 = none. */
    public int season() {
        return season;
    }

    /** The rows held out at training time (the default for evaluation). */
    public int test() {
        return test;
    }

    /** {@code W}. */
    public int window() {
        return window;
    }

    /** {@code L}, 0 = no differencing. */
    public int lag() {
        return lag;
    }

    /** {@code D}, 0 = the training mean. */
    public int driftWindow() {
        return driftWindow;
    }

    /** {@code S}: rows of a series before its first input row. */
    public int firstRow() {
        return lag + (driftWindow > 0 ? 1 : 0);
    }

    /** Whether target {@code k} is modelled as its logarithm. */
    public boolean log(int k) {
        return log[k];
    }

    public boolean levelInput() {
        return levelInput;
    }

    /** {@code F}: features per input row. */
    public int inputSize() {
        return levelInput ? 2 * targets.size() : targets.size();
    }

    /** {@code K}: network outputs. */
    public int outputSize() {
        return targets.size();
    }

    /** The fewest rows of history a forecast needs: {@code S + W}. */
    public int minimumHistory() {
        return firstRow() + window;
    }

    /**
     * The modelled levels {@code u} ({@code log y} or {@code y}), {@code [N][K]}.
     *
     * @throws InvalidInputException for a non-positive value of a logged target, naming it and its row
     */
    public double[][] levels(double[][] series, String source) {
        double[][] u = new double[series.length][targets.size()];
        for (int t = 0; t < series.length; t++) {
            if (series[t].length != targets.size()) {
                throw new InvalidInputException(source + ": row " + (t + 1) + " has " + series[t].length
                        + " values, expected one per target " + targets);
            }
            for (int j = 0; j < targets.size(); j++) {
                double y = series[t][j];
                if (!Double.isFinite(y)) {
                    throw new InvalidInputException(source + ": target '" + targets.get(j) + "' in data row " + (t + 1)
                            + " is " + y + ", expected a finite number");
                }
                if (log[j]) {
                    if (!(y > 0)) {
                        throw new InvalidInputException(
                                source + ": target '" + targets.get(j) + "' is " + y + " in data row "
                                        + (t + 1)
                                        + "; the model forecasts its logarithm (its training values were all positive)"
                                        + " and cannot read a value <= 0");
                    }
                    u[t][j] = Math.log(y);
                } else {
                    u[t][j] = y;
                }
            }
        }
        return u;
    }

    /** Back from a modelled level {@code u} of target {@code k} to the series' units. */
    public double unlevel(int k, double u) {
        return log[k] ? Math.exp(u) : u;
    }

    /** {@code d_t} ({@code t >= L}). */
    private double change(double[][] u, int t, int k) {
        return lag > 0 ? u[t][k] - u[t - lag][k] : u[t][k];
    }

    /** {@code m_t} ({@code t >= L}); summed in double over at most {@code D} changes. */
    private double drift(double[][] u, int t, int k) {
        if (driftWindow == 0) {
            return diffMean[k];
        }
        int from = Math.max(lag, t - driftWindow + 1);
        double s = 0;
        for (int i = from; i <= t; i++) {
            s += change(u, i, k);
        }
        return s / (t - from + 1);
    }

    /** {@code e_t} ({@code t >= S}). */
    double surprise(double[][] u, int t, int k) {
        return (change(u, t, k) - drift(u, t - (driftWindow > 0 ? 1 : 0), k)) / scale[k];
    }

    /** The level {@code u_t} that a predicted surprise {@code e} at row {@code t >= S} implies. */
    double levelFromSurprise(double[][] u, int t, int k, double e) {
        double d = drift(u, t - (driftWindow > 0 ? 1 : 0), k) + e * scale[k];
        return lag > 0 ? u[t - lag][k] + d : d;
    }

    /** Writes the input features of row {@code t >= S} of levels {@code u} into {@code out[offset..offset+F)}. */
    void inputRow(double[][] u, int t, float[] out, int offset) {
        int k = targets.size();
        for (int j = 0; j < k; j++) {
            out[offset + j] = (float) surprise(u, t, j);
            if (levelInput) {
                out[offset + k + j] = (float) ((u[t][j] - levelMean[j]) / levelStd[j]);
            }
        }
    }

    /** Network inputs of rows {@code S..N-1}: {@code [N − S][F]}. */
    public float[][] inputs(double[][] series, String source) {
        double[][] u = levels(series, source);
        int first = firstRow();
        float[][] x = new float[Math.max(0, u.length - first)][inputSize()];
        for (int t = first; t < u.length; t++) {
            inputRow(u, t, x[t - first], 0);
        }
        return x;
    }

    /** Network targets of rows {@code S..N-1}, the surprises: {@code [N − S][K]}. */
    public float[][] targetsOf(double[][] series, String source) {
        double[][] u = levels(series, source);
        int first = firstRow();
        float[][] y = new float[Math.max(0, u.length - first)][targets.size()];
        for (int t = first; t < u.length; t++) {
            for (int j = 0; j < targets.size(); j++) {
                y[t - first][j] = (float) surprise(u, t, j);
            }
        }
        return y;
    }

    // ---- JSON ----

    /** The transform as the {@code transform} member of a model directory's task object. */
    public ObjectNode toJson() {
        ObjectNode o = ModelDirectory.newObject();
        ArrayNode names = o.putArray("targets");
        targets.forEach(names::add);
        if (timeColumn == null) {
            o.putNull("time_column");
        } else {
            o.put("time_column", timeColumn);
        }
        o.put("season", season);
        o.put("test", test);
        o.put("window", window);
        o.put("lag", lag);
        o.put("drift_window", driftWindow);
        ArrayNode logs = o.putArray("log");
        for (boolean b : log) {
            logs.add(b);
        }
        putArray(o, "diff_mean", diffMean);
        putArray(o, "scale", scale);
        o.put("level_input", levelInput);
        putArray(o, "level_mean", levelMean);
        putArray(o, "level_std", levelStd);
        return o;
    }

    private static void putArray(ObjectNode o, String key, double[] values) {
        ArrayNode a = o.putArray(key);
        for (double v : values) {
            a.add(v);
        }
    }

    /**
     * Reads {@link #toJson()}'s form back, checking every member.
     *
     * @param source names the file in messages
     * @throws InvalidInputException naming the first member that is missing or wrong
     */
    public static ForecastTransform fromJson(JsonNode o, String source) {
        String where = source + ": task.transform";
        if (o == null || !o.isObject()) {
            throw new InvalidInputException(where + " should be an object describing the series preparation");
        }
        JsonNode names = o.get("targets");
        if (names == null || !names.isArray() || names.isEmpty()) {
            throw new InvalidInputException(where + ".targets should be a non-empty array of column names");
        }
        List<String> targets = new ArrayList<>();
        for (JsonNode n : names) {
            if (!n.isTextual() || n.asText().isBlank() || targets.contains(n.asText())) {
                throw new InvalidInputException(where + ".targets should hold distinct column names, got " + names);
            }
            targets.add(n.asText());
        }
        int k = targets.size();
        JsonNode time = o.get("time_column");
        String timeColumn = null;
        if (time != null && !time.isNull()) {
            if (!time.isTextual()) {
                throw new InvalidInputException(where + ".time_column should be a column name or null, got " + time);
            }
            timeColumn = time.asText();
        }
        int season = integer(o, "season", 0, where);
        int test = integer(o, "test", 0, where);
        int window = integer(o, "window", 1, where);
        int lag = integer(o, "lag", 0, where);
        int drift = integer(o, "drift_window", 0, where);
        JsonNode logs = o.get("log");
        if (logs == null || !logs.isArray() || logs.size() != k) {
            throw new InvalidInputException(where + ".log should be an array of " + k + " booleans, got " + logs);
        }
        boolean[] log = new boolean[k];
        for (int j = 0; j < k; j++) {
            if (!logs.get(j).isBoolean()) {
                throw new InvalidInputException(where + ".log should be an array of " + k + " booleans, got " + logs);
            }
            log[j] = logs.get(j).asBoolean();
        }
        JsonNode level = o.get("level_input");
        if (level == null || !level.isBoolean()) {
            throw new InvalidInputException(where + ".level_input should be true or false, got " + level);
        }
        return new ForecastTransform(targets, timeColumn, season, test, window, lag, drift, log,
                JsonFields.numbers(o, "diff_mean", k, false, where), JsonFields.numbers(o, "scale", k, true, where),
                level.asBoolean(), JsonFields.numbers(o, "level_mean", k, false, where),
                JsonFields.numbers(o, "level_std", k, true, where));
    }

    private static int integer(JsonNode o, String key, int min, String where) {
        JsonNode n = o.get(key);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min) {
            throw new InvalidInputException(where + "." + key + " should be an integer >= " + min + ", got " + n);
        }
        return n.asInt();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastTransform t && toJson().equals(t.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "ForecastTransform" + toJson();
    }
}
