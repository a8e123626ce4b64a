package org.rnn4j.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.task.TaskModels;

/**
 * A trained {@link AutoForecaster}, saved and loaded as a model directory: the networks of its
 * recurrent member, what each series chose in its backtest, and each series' calibrated intervals.
 * The statistical members and the networks' per-series scalings are fitted again on the data a
 * forecast starts from (they are quick and belong to the data); series the model did not see take the
 * combination and no intervals.
 *
 * <p>On disk: the first network and the task object in the directory itself (so that {@code inspect}
 * and the loaders of the other tasks see a forecasting model), the others under {@code members/<e>/},
 * written before the directory's own manifest, which commits the whole.
 * <pre>
 * {"task": "forecast", "auto": {"target", "id_column", "time_column", "season", "horizon", "window",
 *  "covariates": [...], "test", "members": E, "series": [{"id", "choice", "relative", "spread": [H],
 *  "quantile": [L]}...]}, "hyper_parameters": {...}}
 * </pre>
 */
public final class AutoForecastModel {

    /** The task object's key of this kind of forecasting model. */
    public static final String KEY = "auto";
    private static final String MEMBERS = "members";

    /** Where the series come from in a table. */
    public record Columns(String target, String idColumn, String timeColumn, int season, List<String> covariates,
            int test) {

        public Columns {
            covariates = covariates == null ? List.of() : List.copyOf(covariates);
        }
    }

    private final Columns columns;
    private final NeuralForecaster.Fitted network;
    private final Map<String, String> choices;
    private final Map<String, Intervals> intervals;

    private AutoForecastModel(Columns columns, NeuralForecaster.Fitted network, Map<String, String> choices,
            Map<String, Intervals> intervals) {
        this.columns = columns;
        this.network = network;
        this.choices = choices;
        this.intervals = intervals;
    }

    /** The model of a training run ({@link AutoForecaster#forecast}) on series read with {@code columns}. */
    public static AutoForecastModel of(AutoForecaster.Result result, Columns columns) {
        Map<String, String> choices = new LinkedHashMap<>();
        Map<String, Intervals> intervals = new LinkedHashMap<>();
        for (int s = 0; s < result.series().size(); s++) {
            choices.put(result.series().get(s).id(), result.choices().get(s).method());
            intervals.put(result.series().get(s).id(), result.intervals().get(s));
        }
        return new AutoForecastModel(columns, result.network(), choices, intervals);
    }

    /** The precision the ensemble's networks read their weights in when they forecast (float32 by default). */
    public void setPrecision(org.rnn4j.kernel.Precision precision) {
        for (SequenceModel n : network.networks) {
            n.setPrecision(precision);
        }
    }

    public Columns columns() {
        return columns;
    }

    /** The longest horizon the networks forecast. */
    public int horizon() {
        return network.horizon;
    }

    /** What each series the model was trained on chose. */
    public Map<String, String> choices() {
        return Map.copyOf(choices);
    }

    /**
     * Forecasts {@code horizon} steps after each series with the candidate it chose in training (the
     * combination for a series it did not see), with its intervals.
     *
     * @throws InvalidInputException for a horizon beyond {@link #horizon()}, or covariates that do not
     *                               reach the horizon
     */
    public List<Intervals.Bands> forecast(List<Series> series, int horizon) {
        if (horizon < 1 || horizon > horizon()) {
            throw new InvalidInputException("the model forecasts 1 to " + horizon() + " steps (it was trained with"
                    + " --horizon " + horizon() + "), got " + horizon);
        }
        for (Series x : series) {
            x.requireFuture(horizon);
        }
        Map<String, double[][]> finals = AutoForecaster.finalForecasts(series, horizon, network);
        List<Intervals.Bands> out = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            String id = series.get(s).id();
            double[] point = finals.get(choices.getOrDefault(id, "comb"))[s];
            Intervals iv = intervals.get(id);
            if (iv == null) {
                int l = Intervals.LEVELS.length;
                double[][] nan = new double[l][horizon];
                for (double[] row : nan) {
                    java.util.Arrays.fill(row, Double.NaN);
                }
                out.add(new Intervals.Bands(point.clone(), nan, nan));
            } else {
                out.add(iv.around(point));
            }
        }
        return out;
    }

    /**
     * The score of forecasts of the last {@code rows} values of each series, made from the values before
     * them: mean MASE (each series scaled by its history) beside seasonal naive's and naive's, and the
     * share of values inside each interval.
     */
    public record HoldOut(int rows, double mase, double seasonalNaiveMase, double naiveMase, double[] coverage) {
    }

    /** Forecasts the last {@code rows} values of each of {@code all} from the values before them and scores them. */
    public HoldOut evaluate(List<Series> all, int rows) {
        List<Series> history = new ArrayList<>();
        for (Series x : all) {
            if (rows >= x.length()) {
                throw new InvalidInputException("series '" + x.id() + "' has " + x.length() + " values; holding out "
                        + rows + " leaves no history");
            }
            history.add(x.head(x.length() - rows));
        }
        return score(all, history, forecast(history, rows), rows);
    }

    /** {@link HoldOut} of {@code bands} (forecasts after each of {@code history}) against {@code all}. */
    public static HoldOut score(List<Series> all, List<Series> history, List<Intervals.Bands> bands, int rows) {
        double ours = 0;
        double snaive = 0;
        double naive = 0;
        double[] inside = new double[Intervals.LEVELS.length];
        for (int s = 0; s < all.size(); s++) {
            Series h = history.get(s);
            int n = h.length();
            double[] actual = java.util.Arrays.copyOfRange(all.get(s).values(), n, n + rows);
            double scale = ForecastMetrics.scale(h.values(), h.season() > 1 ? h.season() : 0);
            Intervals.Bands b = bands.get(s);
            ours += ForecastMetrics.of(actual, java.util.Arrays.copyOf(b.point(), rows), scale).mase();
            snaive += ForecastMetrics.of(actual, Baselines.seasonalNaive(h.values(), h.season(), rows), scale).mase();
            naive += ForecastMetrics.of(actual, Baselines.naive(h.values(), rows), scale).mase();
            for (int l = 0; l < inside.length; l++) {
                for (int j = 0; j < rows; j++) {
                    if (actual[j] >= b.lower()[l][j] && actual[j] <= b.upper()[l][j]) {
                        inside[l]++;
                    }
                }
            }
        }
        int k = all.size();
        for (int l = 0; l < inside.length; l++) {
            inside[l] /= (double) k * rows;
        }
        return new HoldOut(rows, ours / k, snaive / k, naive / k, inside);
    }

    /** Whether a loaded model directory holds a model of this kind. */
    public static boolean isAuto(ModelDirectory.Contents contents) {
        return contents.task().has(KEY);
    }

    /** Saves into {@code dir}: the other networks first, then the directory's own manifest. */
    public void save(Path dir, ObjectNode hyperParameters, long seed) throws IOException {
        List<SequenceModel> nets = network.networks;
        for (int e = 1; e < nets.size(); e++) {
            ObjectNode member = TaskModels.taskObject(ForecastModel.TASK + "-member", "member",
                    ModelDirectory.newObject().put("index", e), null);
            TaskModels.save(dir.resolve(MEMBERS).resolve(Integer.toString(e)), nets.get(e), member, seed);
        }
        TaskModels.save(dir, nets.get(0), TaskModels.taskObject(ForecastModel.TASK, KEY, toJson(), hyperParameters),
                seed);
    }

    private ObjectNode toJson() {
        ObjectNode o = ModelDirectory.newObject();
        o.put("target", columns.target());
        putText(o, "id_column", columns.idColumn());
        putText(o, "time_column", columns.timeColumn());
        o.put("season", columns.season());
        o.put("horizon", network.horizon);
        o.put("window", network.window);
        ArrayNode cov = o.putArray("covariates");
        columns.covariates().forEach(cov::add);
        o.put("test", columns.test());
        o.put(MEMBERS, network.networks.size());
        ArrayNode series = o.putArray("series");
        for (Map.Entry<String, String> e : choices.entrySet()) {
            ObjectNode s = series.addObject();
            s.put("id", e.getKey());
            s.put("choice", e.getValue());
            Intervals iv = intervals.get(e.getKey());
            s.put("relative", iv.relative());
            ArrayNode spread = s.putArray("spread");
            for (double v : iv.spread()) {
                spread.add(v);
            }
            ArrayNode q = s.putArray("quantile");
            for (double v : iv.quantile()) {
                q.add(v);
            }
        }
        return o;
    }

    private static void putText(ObjectNode o, String key, String value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    /**
     * Loads a model saved by {@link #save}.
     *
     * @throws InvalidInputException when the directory or one of its member networks is missing or
     *                               corrupt, naming the file
     */
    public static AutoForecastModel load(Path dir, ModelDirectory.Contents contents) throws IOException {
        String source = dir.resolve(ModelDirectory.MANIFEST).toString();
        TaskModels.requireTask(contents, ForecastModel.TASK, source, "a forecasting model");
        JsonNode o = contents.task().get(KEY);
        String where = source + ": task." + KEY;
        if (o == null || !o.isObject()) {
            throw new InvalidInputException(where + " should be an object");
        }
        int members = integer(o, MEMBERS, 1, where);
        List<SequenceModel> nets = new ArrayList<>();
        nets.add(contents.model());
        for (int e = 1; e < members; e++) {
            Path m = dir.resolve(MEMBERS).resolve(Integer.toString(e));
            if (!Files.isDirectory(m)) {
                throw new InvalidInputException(where + " names " + members + " networks but " + m + " is missing");
            }
            nets.add(ModelDirectory.load(m, KernelProvider.get()).model());
        }
        List<String> cov = new ArrayList<>();
        JsonNode c = o.get("covariates");
        if (c == null || !c.isArray()) {
            throw new InvalidInputException(where + ".covariates should be an array of column names");
        }
        c.forEach(n -> cov.add(n.asText()));
        Columns columns = new Columns(text(o, "target", where, false), text(o, "id_column", where, true),
                text(o, "time_column", where, true), integer(o, "season", 1, where), cov, integer(o, "test", 0, where));
        int horizon = integer(o, "horizon", 1, where);
        int window = integer(o, "window", 1, where);
        for (SequenceModel n : nets) {
            if (n.config().outputSize() != horizon) {
                throw new InvalidInputException(where + ": a network has " + n.config().outputSize()
                        + " outputs, the horizon is " + horizon);
            }
        }
        Map<String, String> choices = new LinkedHashMap<>();
        Map<String, Intervals> intervals = new LinkedHashMap<>();
        JsonNode series = o.get("series");
        if (series == null || !series.isArray()) {
            throw new InvalidInputException(where + ".series should be an array");
        }
        for (JsonNode s : series) {
            String id = text(s, "id", where + ".series", false);
            String choice = text(s, "choice", where + ".series", false);
            if (!AutoForecaster.CANDIDATES.contains(choice) && !AutoForecaster.RANDOM_WALKS.contains(choice)) {
                throw new InvalidInputException(where + ".series: unknown choice '" + choice + "'");
            }
            choices.put(id, choice);
            intervals.put(id, new Intervals(Intervals.LEVELS.clone(), s.path("relative").asBoolean(),
                    numbers(s.get("spread"), where), numbers(s.get("quantile"), where)));
        }
        NeuralForecaster.Fitted network = new NeuralForecaster.Fitted(nets, null, window, horizon, cov.size());
        return new AutoForecastModel(columns, network, choices, intervals);
    }

    private static double[] numbers(JsonNode a, String where) {
        if (a == null || !a.isArray()) {
            throw new InvalidInputException(where + ": expected an array of numbers, got " + a);
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    private static int integer(JsonNode o, String key, int min, String where) {
        JsonNode n = o.get(key);
        if (n == null || !n.canConvertToInt() || n.asInt() < min) {
            throw new InvalidInputException(where + "." + key + " should be an integer >= " + min + ", got " + n);
        }
        return n.asInt();
    }

    private static String text(JsonNode o, String key, String where, boolean nullable) {
        JsonNode n = o.get(key);
        if (nullable && (n == null || n.isNull())) {
            return null;
        }
        if (n == null || !n.isTextual()) {
            throw new InvalidInputException(where + "." + key + " should be text, got " + n);
        }
        return n.asText();
    }
}
