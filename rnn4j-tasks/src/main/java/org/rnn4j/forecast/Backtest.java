package org.rnn4j.forecast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.InvalidInputException;

/**
 * Rolling-origin evaluation (Tashman 2000, "Out-of-sample tests of forecasting accuracy"): each series is
 * forecast {@code H} steps ahead from {@code K} origins over the end of its data, the last origin
 * {@code H} values before the end and the others {@code step} values apart before it, and each forecast
 * is scored against the values that followed. Only the series given are used, so a backtest of the
 * training part never sees a held-out value.
 *
 * <pre>
 * Backtest.Plan plan = Backtest.Plan.auto(18);                           // 20 origins where the data allow
 * BacktestResult r = Backtest.run(series, List.of(ForecastMethod.ets(), ForecastMethod.seasonalNaive()), plan);
 * r.mase("ets");                                                      // mean over origins and steps
 * r.perStep("ets").mase()[0];                                         // one step ahead
 * </pre>
 *
 * <p>Legend: {@code S} series, {@code K} origins, {@code H} horizon.
 */
public final class Backtest {

    /** Origins when a plan does not say: enough residuals to calibrate 95% intervals. */
    public static final int DEFAULT_ORIGINS = 20;

    private Backtest() {
    }

    /**
     * How to place the origins.
     *
     * @param horizon H, steps forecast from each origin
     * @param origins K, or 0 = as many as the data allow up to {@link #DEFAULT_ORIGINS} (at least 2)
     * @param step    values between origins, or 0 = chosen: up to {@code ceil(H/3)} so that the origins
     *                spread over more of the data, less where the series is short
     */
    public record Plan(int horizon, int origins, int step) {

        public Plan {
            if (horizon < 1) {
                throw new IllegalArgumentException("the backtest horizon must be at least 1 step, got " + horizon);
            }
            if (origins < 0 || step < 0) {
                throw new IllegalArgumentException("origins and step must be >= 0 (0 = automatic), got " + origins
                        + " and " + step);
            }
        }

        /** Automatic origins and step for horizon {@code H}. */
        public static Plan auto(int horizon) {
            return new Plan(horizon, 0, 0);
        }
    }

    /**
     * The fewest values a method is given at an origin: two seasons and two more with a season, else 10 —
     * what exponential smoothing needs to estimate a season.
     */
    public static int minimumHistory(int season) {
        return season > 1 ? 2 * season + 2 : 10;
    }

    /**
     * The origins of each series: {@code origins[s][k]} values of series {@code s} are the history of its
     * {@code k}-th forecast, increasing with {@code k}, the last {@code n − H}.
     *
     * @throws InvalidInputException naming the first series too short for the plan: how many values it
     *                               has and how many the plan needs
     */
    public static int[][] origins(List<Series> series, Plan plan) {
        int[][] out = new int[series.size()][];
        int h = plan.horizon();
        for (int s = 0; s < series.size(); s++) {
            Series x = series.get(s);
            int n = x.length();
            int min = minimumHistory(x.season());
            int room = n - h - min;   // origins can be placed at min..n−h
            int k;
            int step;
            if (plan.origins() > 0) {
                k = plan.origins();
                step = plan.step() > 0 ? plan.step() : k == 1 ? 1 : Math.max(1, Math.min((h + 2) / 3, room / (k - 1)));
                if (room < (k - 1) * step) {
                    throw new InvalidInputException(tooShort(x, n, h, k, step, min));
                }
            } else {
                int wanted = DEFAULT_ORIGINS;
                k = Math.min(wanted, room + 1);
                if (k < 2) {
                    throw new InvalidInputException(tooShort(x, n, h, 2, 1, min));
                }
                step = plan.step() > 0 ? plan.step() : Math.max(1, Math.min((h + 2) / 3, room / (k - 1)));
                if (room < (k - 1) * step) {
                    k = room / step + 1;
                    if (k < 2) {
                        throw new InvalidInputException(tooShort(x, n, h, 2, step, min));
                    }
                }
            }
            out[s] = new int[k];
            for (int i = 0; i < k; i++) {
                out[s][i] = n - h - (k - 1 - i) * step;
            }
        }
        return out;
    }

    /**
     * The plan to use on series that may be short for its horizon: with automatic origins, a horizon that
     * leaves some series fewer than {@link #SHORT_ORIGINS} origins is cut to the longest that leaves them all
     * that many, but never below half the plan's (a backtest must still see most of the horizon it
     * chooses for); origins placed by the caller, or series long enough, keep the plan as it is.
     */
    public static Plan forShortSeries(List<Series> series, Plan plan) {
        if (plan.origins() > 0) {
            return plan;
        }
        int h = plan.horizon();
        int cut = h;
        int longest = h;   // the longest horizon leaving every series two origins
        for (Series x : series) {
            int room = x.length() - minimumHistory(x.season());
            cut = Math.min(cut, room - (SHORT_ORIGINS - 1));
            longest = Math.min(longest, room - 1);
        }
        int floor = (h + 1) / 2;
        if (cut >= h || longest < floor) {
            return plan;   // long enough, or too short even so: the plan's own error names the horizon asked for
        }
        return new Plan(Math.max(cut, floor), 0, plan.step());
    }

    /** Origins a backtest keeps when its horizon is cut for a short series ({@link #forShortSeries}). */
    static final int SHORT_ORIGINS = 5;

    private static String tooShort(Series x, int n, int h, int k, int step, int min) {
        return "series '" + x.id() + "' has " + n + " values, too few for a backtest of " + k + " origins " + step
                + " apart with horizon " + h + ": that needs at least " + (min + h + (k - 1) * step) + " ("
                + min + " before the first origin" + (x.season() > 1 ? ", two seasons and two" : "")
                + "); use a shorter horizon, fewer origins or more data";
    }

    /** Backtests every method on the same origins. */
    public static BacktestResult run(List<Series> series, List<ForecastMethod> methods, Plan plan) {
        int[][] origins = origins(series, plan);
        Map<String, double[][][]> forecasts = new LinkedHashMap<>();
        for (ForecastMethod m : methods) {
            forecasts.put(m.name(), m.forecastFrom(series, origins, plan.horizon()));
        }
        return BacktestResult.of(series, origins, plan.horizon(), forecasts);
    }
}
