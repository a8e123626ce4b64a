package org.rnn4j.forecast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * rnn4j's default forecaster: a combination of exponential smoothing, ARIMA, the Theta method and a
 * recurrent network, checked against the naive forecasts by a rolling-origin backtest of the training data, with
 * prediction intervals calibrated on that backtest.
 *
 * <ol>
 * <li>Members: automatic ETS ({@link Ets#auto}), automatic ARIMA ({@link Arima#auto}), Theta
 *     ({@link Theta}) and the ES-normalized recurrent network ({@link NeuralForecaster}, one global model
 *     for all series given). Candidates: each member, their equal-weight mean ("comb", after the M3
 *     and M4 competitions' simple combinations, Makridakis et al. 2020), the mean of the three
 *     statistical ones ("stats"), and seasonal naive.
 * <li>A backtest ({@link Backtest}, {@code K} origins over the end of each series) scores every
 *     candidate by MASE. Each series takes "comb" unless another candidate's backtest MASE is lower by
 *     more than {@link #MARGIN} (a choice among few, noisy backtest errors should need a clear win) over
 *     origins that span at least one horizon ({@link #spansAHorizon}), and
 *     seasonal naive whenever that beats the choice: the default is never worse than seasonal naive in
 *     its own backtest. A series without a season that needs differencing and whose changes pass as white
 *     noise ({@link RandomWalk}) takes the random walk instead, with drift when its mean change is significant (and seasonal naive
 *     when that beats the drift in the backtest).
 * <li>The members are fitted again on all the data (the network trained afresh on every value) and
 *     the chosen candidate forecasts; intervals at 80% and 95% come from the chosen candidate's backtest
 *     residuals ({@link Intervals}).
 * </ol>
 *
 * <p>Legend: {@code S} series, {@code H} horizon, {@code L} interval levels.
 */
public final class AutoForecaster {

    /** How much lower (relative) another candidate's backtest MASE must be to replace the combination. */
    public static final double MARGIN = 0.10;

    /** The candidates, in the order of the summary. */
    public static final List<String> CANDIDATES = List.of("comb", "ets", "arima", "theta", "rnn", "stats", "snaive");

    /** What a random walk ({@link RandomWalk}) forecasts with; chosen only by its test, never by the backtest alone. */
    public static final List<String> RANDOM_WALKS = List.of("naive", "drift");

    /** The members, averaged by "comb". */
    public static final List<String> MEMBERS = List.of("ets", "arima", "theta", "rnn");

    private AutoForecaster() {
    }

    /**
     * @param neural    the network's settings; its time budget is split evenly between the backtest's network
     *                  and the final one
     * @param plan      the backtest's origins (its horizon is replaced by the forecast's)
     * @param levels    interval levels, e.g. {@link Intervals#LEVELS}
     */
    public record Settings(NeuralForecaster.Settings neural, Backtest.Plan plan, double[] levels) {

        /** The defaults: {@link NeuralForecaster.Settings#defaults()}, automatic origins, 80% and 95%. */
        public static Settings defaults() {
            return new Settings(NeuralForecaster.Settings.defaults(), Backtest.Plan.auto(1), Intervals.LEVELS);
        }

        public Settings withNeural(NeuralForecaster.Settings value) {
            return new Settings(value, plan, levels);
        }

        public Settings withPlan(Backtest.Plan value) {
            return new Settings(neural, value, levels);
        }
    }

    /** What was chosen for one series and why. */
    public record Choice(String method, String reason) {
    }

    /**
     * The forecasts and how they were made.
     *
     * @param series   the series forecast
     * @param backtest every candidate's and baseline's backtest on the given data
     * @param choices  [S] the candidate each series uses
     * @param members  candidate name → [S][H] its forecast after the data
     * @param point    [S][H] the chosen forecasts
     * @param bands    [S] their intervals
     * @param coverage [S][L] each series' backtest coverage, leave one origin out
     * @param intervals [S] the calibrated intervals
     * @param neuralSeconds  training time of the networks
     * @param network  the final networks, learned from all the values given
     */
    public record Result(List<Series> series, BacktestResult backtest, List<Choice> choices,
            Map<String, double[][]> members, double[][] point, List<Intervals.Bands> bands, double[][] coverage,
            List<Intervals> intervals, double neuralSeconds, NeuralForecaster.Fitted network) {

        /** A text summary: the backtest table, then per series what was chosen and why. */
        public String summary() {
            StringBuilder b = new StringBuilder();
            b.append("backtest (").append(describeOrigins(backtest));
            if (backtest.horizon() < point[0].length) {
                b.append(" of the ").append(point[0].length).append(" forecast: the series is short for more");
            }
            b.append("):\n");
            b.append(backtest.table(6));
            for (int s = 0; s < series.size(); s++) {
                Choice c = choices.get(s);
                b.append(String.format(Locale.ROOT, "%s: %s — %s; backtest coverage %s%n", series.get(s).id(),
                        c.method(), c.reason(), coverageText(coverage[s], intervals.get(s).levels())));
            }
            return b.toString();
        }
    }

    static String describeOrigins(BacktestResult r) {
        int[] o = r.origins()[0];
        String step = o.length > 1 ? ", " + (o[1] - o[0]) + " apart" : "";
        return o.length + " origins" + step + ", horizon " + r.horizon()
                + (r.seriesIds().size() > 1 ? ", " + r.seriesIds().size() + " series" : "");
    }

    static String coverageText(double[] coverage, double[] levels) {
        StringBuilder b = new StringBuilder();
        for (int l = 0; l < coverage.length; l++) {
            if (l > 0) {
                b.append(", ");
            }
            b.append(String.format(Locale.ROOT, "%.0f%% at %.0f%%", 100 * coverage[l], 100 * levels[l]));
        }
        return b.toString();
    }

    /**
     * Backtests, chooses and forecasts {@code horizon} steps after each series.
     *
     * @throws org.rnn4j.InvalidInputException when a series is too short for the backtest, or its
     *                                         covariates do not reach {@code horizon} rows past its values
     */
    public static Result forecast(List<Series> series, int horizon, Settings settings) {
        return forecast(series, horizon, settings, null, null);
    }

    /**
     * {@link #forecast(List, int, Settings)} with the work spread: every per-series member (ets, arima, theta)
     * through {@code local}, which may run it elsewhere series by series (its results must be the member's
     * own), and the network's gradients through {@code gradients}.
     *
     * @param local     wraps a per-series member; null runs each here
     * @param gradients the network's gradient engine; null computes it here
     */
    public static Result forecast(List<Series> series, int horizon, Settings settings,
            java.util.function.UnaryOperator<ForecastMethod> local, NeuralForecaster.GradientEngine gradients) {
        java.util.function.UnaryOperator<ForecastMethod> spread = local == null ? m -> m : local;
        for (Series x : series) {
            x.requireFuture(horizon);
        }
        Backtest.Plan plan = Backtest.forShortSeries(series,
                new Backtest.Plan(horizon, settings.plan().origins(), settings.plan().step()));
        NeuralForecaster.Settings ns = settings.neural();
        NeuralForecaster rnn = new NeuralForecaster(ns.withTimeBudget(ns.timeBudgetSeconds() / 2))
                .withEngine(gradients);
        ForecastMethod ets = spread.apply(ForecastMethod.ets());
        ForecastMethod arima = spread.apply(ForecastMethod.arima());
        ForecastMethod theta = spread.apply(ForecastMethod.theta());
        List<ForecastMethod> methods = List.of(ets, arima, theta, rnn, ForecastMethod.naive(),
                ForecastMethod.seasonalNaive(), ForecastMethod.drift());
        BacktestResult bt = Backtest.run(series, methods, plan);   // checks every length before any work
        double seconds = rnn.lastTrainingSeconds();
        bt = bt.with(combinations(bt::forecasts));
        List<Choice> choices = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            choices.add(choose(bt, s, RandomWalk.test(series.get(s))));
        }
        Map<String, double[][]> finals = new LinkedHashMap<>();
        finals.put("ets", ets.forecast(series, horizon));
        finals.put("arima", arima.forecast(series, horizon));
        finals.put("theta", theta.forecast(series, horizon));
        finals.put("rnn", rnn.forecast(series, horizon));
        seconds += rnn.lastTrainingSeconds();
        NeuralForecaster.Fitted network = rnn.lastFitted();
        finals.put("naive", ForecastMethod.naive().forecast(series, horizon));
        finals.put("snaive", ForecastMethod.seasonalNaive().forecast(series, horizon));
        finals.put("drift", ForecastMethod.drift().forecast(series, horizon));
        Map<String, double[][]> finalCombos = new LinkedHashMap<>();
        for (Map.Entry<String, double[][][]> e : combinations(name -> new double[][][] {finals.get(name)})
                .entrySet()) {
            finalCombos.put(e.getKey(), e.getValue()[0]);
        }
        finals.putAll(finalCombos);
        double[][] point = new double[series.size()][];
        List<Intervals.Bands> bands = new ArrayList<>();
        List<Intervals> intervals = new ArrayList<>();
        double[][] coverage = new double[series.size()][];
        for (int s = 0; s < series.size(); s++) {
            String m = choices.get(s).method();
            point[s] = finals.get(m)[s];
            boolean relative = positive(series.get(s).values());
            double[][] f = bt.forecasts(m)[s];
            double[][] a = bt.actual()[s];
            Intervals iv = Intervals.calibrate(f, a, relative, settings.levels()).extended(horizon);
            bands.add(iv.around(point[s]));
            intervals.add(iv);
            coverage[s] = Intervals.crossCoverage(f, a, relative, settings.levels());
        }
        return new Result(List.copyOf(series), bt, List.copyOf(choices), finals, point, bands, coverage,
                List.copyOf(intervals), seconds, network);
    }

    /**
     * The forecasts of every candidate after each series: the statistical members fitted on the
     * series, the network's from {@code network} (its scalings fitted on the series), the combinations and
     * baselines; name → [S][H].
     */
    static Map<String, double[][]> finalForecasts(List<Series> series, int horizon, NeuralForecaster.Fitted network) {
        Map<String, double[][]> finals = new LinkedHashMap<>();
        finals.put("ets", ForecastMethod.ets().forecast(series, horizon));
        finals.put("arima", ForecastMethod.arima().forecast(series, horizon));
        finals.put("theta", ForecastMethod.theta().forecast(series, horizon));
        int[][] origins = new int[series.size()][];
        for (int s = 0; s < series.size(); s++) {
            origins[s] = new int[] {series.get(s).length()};
        }
        double[][][] f = network.rescaled(series).forecastFrom(series, origins);
        double[][] rnn = new double[series.size()][];
        for (int s = 0; s < series.size(); s++) {
            rnn[s] = java.util.Arrays.copyOf(f[s][0], horizon);
        }
        finals.put("rnn", rnn);
        finals.put("naive", ForecastMethod.naive().forecast(series, horizon));
        finals.put("snaive", ForecastMethod.seasonalNaive().forecast(series, horizon));
        finals.put("drift", ForecastMethod.drift().forecast(series, horizon));
        for (Map.Entry<String, double[][][]> e : combinations(name -> new double[][][] {finals.get(name)})
                .entrySet()) {
            finals.put(e.getKey(), e.getValue()[0]);
        }
        return finals;
    }

    static boolean positive(double[] y) {
        for (double v : y) {
            if (!(v > 0)) {
                return false;
            }
        }
        return true;
    }

    /** The combinations of the members' forecasts, each [S][K][H] (K = 1 for final forecasts). */
    static Map<String, double[][][]> combinations(java.util.function.Function<String, double[][][]> member) {
        Map<String, double[][][]> out = new LinkedHashMap<>();
        out.put("comb", mean(List.of(member.apply("ets"), member.apply("arima"), member.apply("theta"),
                member.apply("rnn"))));
        out.put("stats", mean(List.of(member.apply("ets"), member.apply("arima"), member.apply("theta"))));
        return out;
    }

    private static double[][][] mean(List<double[][][]> parts) {
        double[][][] first = parts.get(0);
        double[][][] out = new double[first.length][][];
        for (int s = 0; s < first.length; s++) {
            out[s] = new double[first[s].length][];
            for (int k = 0; k < first[s].length; k++) {
                out[s][k] = new double[first[s][k].length];
                for (int j = 0; j < out[s][k].length; j++) {
                    double sum = 0;
                    for (double[][][] p : parts) {
                        sum += p[s][k][j];
                    }
                    out[s][k][j] = sum / parts.size();
                }
            }
        }
        return out;
    }

    /**
     * Whether series {@code s}'s backtest origins lie at least one horizon apart from first to last, so that its
     * errors come from more than one stretch of the series' end: from origins closer together, every forecast
     * overlaps the others and a member's lead says little beyond that one stretch.
     */
    static boolean spansAHorizon(BacktestResult bt, int s) {
        int[] o = bt.origins()[s];
        return o[o.length - 1] - o[0] >= bt.horizon();
    }

    /** The rule of the class doc, for series {@code s}, whose random-walk test is {@code walk}. */
    static Choice choose(BacktestResult bt, int s, RandomWalk walk) {
        double snaive = bt.mase("snaive", s);
        if (walk.randomWalk()) {
            String m = walk.method();
            if (m.equals("drift") && snaive < bt.mase(m, s)) {
                return new Choice("snaive", String.format(Locale.ROOT,
                        "seasonal naive: a random walk (%s), and its backtest MASE %.3f is below drift's %.3f",
                        walk.describe(), snaive, bt.mase(m, s)));
            }
            return new Choice(m, String.format(Locale.ROOT, "random walk%s: %s; backtest MASE %.3f (comb %.3f)",
                    walk.drift() ? " with drift" : "", walk.describe(), bt.mase(m, s), bt.mase("comb", s)));
        }
        double comb = bt.mase("comb", s);
        String best = "comb";
        double bestMase = comb;
        boolean spans = spansAHorizon(bt, s);
        for (String c : CANDIDATES) {
            double v = bt.mase(c, s);
            if (spans && !c.equals("comb") && !c.equals("snaive") && v < (1 - MARGIN) * comb && v < bestMase) {
                best = c;
                bestMase = v;
            }
        }
        if (snaive < bestMase) {
            return new Choice("snaive", String.format(Locale.ROOT,
                    "seasonal naive: its backtest MASE %.3f is below %s's %.3f", snaive, best, bestMase));
        }
        if (best.equals("comb")) {
            return new Choice("comb", String.format(Locale.ROOT,
                    "mean of ets, arima, theta and rnn: backtest MASE %.3f (ets %.3f, arima %.3f, theta %.3f, rnn %.3f,"
                            + " snaive %.3f)%s",
                    comb, bt.mase("ets", s), bt.mase("arima", s), bt.mase("theta", s), bt.mase("rnn", s), snaive,
                    spans ? "" : "; its origins span less than one horizon, too little to prefer one member"));
        }
        return new Choice(best, String.format(Locale.ROOT,
                "%s alone: backtest MASE %.3f, more than %.0f%% below the combination's %.3f (snaive %.3f)", best,
                bestMase, 100 * MARGIN, comb, snaive));
    }
}
