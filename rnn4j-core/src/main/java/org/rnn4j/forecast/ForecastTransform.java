package org.rnn4j.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;

/**
 * The fitted preparation of a series ({@link ForecastSettings} describes it): per target an optional
 * log, a difference at {@code lag}, and a z-score whose mean and standard deviation come from the
 * training rows only. Immutable; saved in the model directory's task object ({@link #toJson()}) and
 * read back with validation ({@link #fromJson}).
 *
 * <p>Legend: {@code N} rows, {@code K} targets, {@code F} input features per row ({@code K}, or
 * {@code 2K} with level input), {@code W} window, {@code L} lag. Row {@code t} of the network's input
 * exists for {@code t >= L}, so a series of {@code N} rows gives {@code N − L} input rows.
 */
public final class ForecastTransform {

    private final List<String> targets;
    private final String timeColumn;
    private final int season;
    private final int test;
    private final int window;
    private final int lag;
    private final boolean[] log;          // [K]
    private final double[] diffMean;      // [K]
    private final double[] diffStd;       // [K]
    private final boolean levelInput;
    private final double[] levelMean;     // [K]
    private final double[] levelStd;      // [K]

    private ForecastTransform(List<String> targets, String timeColumn, int season, int test, int window, int lag,
                              boolean[] log, double[] diffMean, double[] diffStd, boolean levelInput,
                              double[] levelMean, double[] levelStd) {
        this.targets = Collections.unmodifiableList(new ArrayList<>(targets));
        this.timeColumn = timeColumn;
        this.season = season;
        this.test = test;
        this.window = window;
        this.lag = lag;
        this.log = log;
        this.diffMean = diffMean;
        this.diffStd = diffStd;
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
        int diffs = n - lag;
        int window = settings.window();
        if (window == ForecastSettings.AUTO) {
            int wanted = settings.season() > 0 ? 2 * settings.season() : 24;
            window = Math.min(wanted, diffs / 2);
            if (window < 1) {
                throw new InvalidInputException(source + ": " + n + " training rows are too few to forecast"
                        + (lag > 0 ? " with differences at lag " + lag : "") + "; need at least " + (lag + 2)
                        + " rows (fewer --test rows or a shorter --season would help)");
            }
        } else if (diffs < window + 1) {
            throw new InvalidInputException(source + ": " + n + " training rows are too few for a window of " + window
                    + (lag > 0 ? " after differences at lag " + lag : "") + "; need at least " + (window + lag + 1)
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
                                + "' has the value " + min + " in its training rows; a log transform needs positive values");
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
        double[] diffStd = new double[k];
        double[] levelMean = new double[k];
        double[] levelStd = new double[k];
        ForecastTransform partial = new ForecastTransform(settings.targets(), settings.timeColumn(), settings.season(),
                settings.test(), window, lag, log, diffMean, diffStd, settings.levelInput(), levelMean, levelStd);
        double[][] u = partial.levels(train, source);
        for (int j = 0; j < k; j++) {
            double[] d = new double[diffs];
            double[] level = new double[n];
            for (int t = lag; t < n; t++) {
                d[t - lag] = lag > 0 ? u[t][j] - u[t - lag][j] : u[t][j];
            }
            for (int t = 0; t < n; t++) {
                level[t] = u[t][j];
            }
            diffMean[j] = mean(d);
            diffStd[j] = std(d, diffMean[j]);
            levelMean[j] = mean(level);
            levelStd[j] = std(level, levelMean[j]);
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

    /** Population standard deviation; a constant series gets 1 so that it is only centred. */
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

    /** The fewest rows of history a forecast needs: {@code W + L}. */
    public int minimumHistory() {
        return window + lag;
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
                        throw new InvalidInputException(source + ": target '" + targets.get(j) + "' is " + y + " in data row "
                                + (t + 1) + "; the model forecasts its logarithm (its training values were all positive)"
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

    /** The normalized difference at row {@code t} of levels {@code u} ({@code t >= L}). */
    double normalizedDiff(double[][] u, int t, int k) {
        double d = lag > 0 ? u[t][k] - u[t - lag][k] : u[t][k];
        return (d - diffMean[k]) / diffStd[k];
    }

    /** The level {@code u} at row {@code t} implied by a normalized difference {@code z} (row {@code t >= L}). */
    double levelFromNormalizedDiff(double[][] u, int t, int k, double z) {
        double d = z * diffStd[k] + diffMean[k];
        return lag > 0 ? u[t - lag][k] + d : d;
    }

    /** Writes the input features of row {@code t} of levels {@code u} into {@code out[offset..offset+F)}. */
    void inputRow(double[][] u, int t, float[] out, int offset) {
        int k = targets.size();
        for (int j = 0; j < k; j++) {
            out[offset + j] = (float) normalizedDiff(u, t, j);
            if (levelInput) {
                out[offset + k + j] = (float) ((u[t][j] - levelMean[j]) / levelStd[j]);
            }
        }
    }

    /** Network inputs of rows {@code L..N-1}: {@code [N − L][F]}. */
    public float[][] inputs(double[][] series, String source) {
        double[][] u = levels(series, source);
        float[][] x = new float[Math.max(0, u.length - lag)][inputSize()];
        for (int t = lag; t < u.length; t++) {
            inputRow(u, t, x[t - lag], 0);
        }
        return x;
    }

    /** Network targets of rows {@code L..N-1}, the normalized differences: {@code [N − L][K]}. */
    public float[][] targetsOf(double[][] series, String source) {
        double[][] u = levels(series, source);
        float[][] y = new float[Math.max(0, u.length - lag)][targets.size()];
        for (int t = lag; t < u.length; t++) {
            for (int j = 0; j < targets.size(); j++) {
                y[t - lag][j] = (float) normalizedDiff(u, t, j);
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
        ArrayNode logs = o.putArray("log");
        for (boolean b : log) {
            logs.add(b);
        }
        putArray(o, "diff_mean", diffMean);
        putArray(o, "diff_std", diffStd);
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
        return new ForecastTransform(targets, timeColumn, season, test, window, lag, log,
                numbers(o, "diff_mean", k, false, where), numbers(o, "diff_std", k, true, where), level.asBoolean(),
                numbers(o, "level_mean", k, false, where), numbers(o, "level_std", k, true, where));
    }

    private static int integer(JsonNode o, String key, int min, String where) {
        JsonNode n = o.get(key);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min) {
            throw new InvalidInputException(where + "." + key + " should be an integer >= " + min + ", got " + n);
        }
        return n.asInt();
    }

    private static double[] numbers(JsonNode o, String key, int count, boolean positive, String where) {
        JsonNode a = o.get(key);
        String expected = where + "." + key + " should be an array of " + count + (positive ? " positive" : "")
                + " finite numbers, got " + a;
        if (a == null || !a.isArray() || a.size() != count) {
            throw new InvalidInputException(expected);
        }
        double[] out = new double[count];
        for (int j = 0; j < count; j++) {
            JsonNode n = a.get(j);
            if (!n.isNumber() || !Double.isFinite(n.asDouble()) || (positive && !(n.asDouble() > 0))) {
                throw new InvalidInputException(expected);
            }
            out[j] = n.asDouble();
        }
        return out;
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
