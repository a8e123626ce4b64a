package org.rnn4j.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's forecast of held-out rows next to two baselines, all made from the same history.
 *
 * <ul>
 * <li>naive: every step repeats the last history value;
 * <li>seasonal naive: step {@code h} repeats the value one season before it, going back whole seasons
 *     until the history ({@code y_{n+h} = y_{n+h−m·ceil(h/m)}}); without a season it is the naive one.
 * </ul>
 *
 * <p>Legend: {@code H} held-out rows, {@code K} targets.
 *
 * @param targets          the target names, index = k
 * @param actual           [H][K] the held-out values
 * @param forecast         [H][K] the model's forecast
 * @param naive            [H][K] the naive forecast
 * @param seasonalNaive    [H][K] the seasonal-naive forecast
 * @param model            the model's errors, averaged over targets
 * @param naiveMetrics     the naive forecast's errors, averaged over targets
 * @param seasonalMetrics  the seasonal-naive forecast's errors, averaged over targets
 * @param perTarget        [K] the three sets of errors of each target
 */
public record ForecastEvaluation(List<String> targets, double[][] actual, double[][] forecast, double[][] naive,
        double[][] seasonalNaive, ForecastMetrics model, ForecastMetrics naiveMetrics,
        ForecastMetrics seasonalMetrics, List<TargetMetrics> perTarget) {

    /** The errors of one target. */
    public record TargetMetrics(String target, ForecastMetrics model, ForecastMetrics naive,
            ForecastMetrics seasonalNaive) {
    }

    /**
     * Scores {@code forecast} against {@code actual}, building both baselines from {@code history}.
     *
     * @param history  [n][K] the values before the held-out rows (MASE scale and baselines)
     * @param actual   [H][K]
     * @param forecast [H][K]
     * @param season   m, 0 = none
     */
    public static ForecastEvaluation score(List<String> targets, double[][] history, double[][] actual,
            double[][] forecast, int season) {
        int horizon = actual.length;
        int k = targets.size();
        double[][] naive = naive(history, horizon, 0);
        double[][] seasonal = naive(history, horizon, season);
        List<TargetMetrics> per = new ArrayList<>();
        List<ForecastMetrics> m = new ArrayList<>();
        List<ForecastMetrics> n = new ArrayList<>();
        List<ForecastMetrics> s = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            double scale = ForecastMetrics.scale(column(history, j), season);
            double[] a = column(actual, j);
            TargetMetrics t = new TargetMetrics(targets.get(j), ForecastMetrics.of(a, column(forecast, j), scale),
                    ForecastMetrics.of(a, column(naive, j), scale), ForecastMetrics.of(a, column(seasonal, j), scale));
            per.add(t);
            m.add(t.model());
            n.add(t.naive());
            s.add(t.seasonalNaive());
        }
        return new ForecastEvaluation(List.copyOf(targets), actual, forecast, naive, seasonal, ForecastMetrics.mean(m),
                ForecastMetrics.mean(n), ForecastMetrics.mean(s), List.copyOf(per));
    }

    /**
     * The (seasonal) naive forecast of {@code horizon} steps after {@code history}: {@code season} 0 repeats
     * the last row; otherwise step {@code h} (from 1) repeats row {@code n + h − m·ceil(h/m)}. A history
     * shorter than one season falls back to the naive forecast.
     */
    public static double[][] naive(double[][] history, int horizon, int season) {
        int n = history.length;
        double[][] out = new double[horizon][];
        for (int h = 1; h <= horizon; h++) {
            int src;
            if (season > 0 && n >= season) {
                int back = season * ((h + season - 1) / season);
                src = n + h - 1 - back;
            } else {
                src = n - 1;
            }
            out[h - 1] = history[src].clone();
        }
        return out;
    }

    private static double[] column(double[][] a, int j) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i][j];
        }
        return c;
    }
}
