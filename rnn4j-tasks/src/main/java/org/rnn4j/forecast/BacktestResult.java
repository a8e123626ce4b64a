package org.rnn4j.forecast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The forecasts of a {@link Backtest} and their errors. Errors are pooled over series and origins per
 * horizon step {@code j}: with {@code e = y − ŷ} at step {@code j} from origin {@code k} of series
 * {@code s}, and {@code q_{s,k}} the MASE scale of that origin's history (the in-sample mean absolute
 * seasonal difference, {@link ForecastMetrics#scale}),
 * <pre>
 *   MASE_j  = mean_{s,k} |e| / q_{s,k}
 *   sMAPE_j = mean_{s,k} 200·|e| / (|y| + |ŷ|)
 *   RMSE_j  = mean_s sqrt(mean_k e²)          (in each series' units; one series: its RMSE)
 * </pre>
 * and a method's overall MASE is the mean of its {@code MASE_j}.
 *
 * <p>Legend: {@code S} series, {@code K} origins (per series), {@code H} horizon.
 */
public final class BacktestResult {

    private final List<String> seriesIds;
    private final int[][] origins;             // [S][K]
    private final int horizon;
    private final double[][][] actual;         // [S][K][H]
    private final double[][] scale;            // [S][K]
    private final Map<String, double[][][]> forecasts;   // method → [S][K][H]

    /** Per-step errors of one method. */
    public record StepErrors(double[] mase, double[] smape, double[] rmse) {
    }

    private BacktestResult(List<String> seriesIds, int[][] origins, int horizon, double[][][] actual, double[][] scale,
            Map<String, double[][][]> forecasts) {
        this.seriesIds = seriesIds;
        this.origins = origins;
        this.horizon = horizon;
        this.actual = actual;
        this.scale = scale;
        this.forecasts = forecasts;
    }

    static BacktestResult of(List<Series> series, int[][] origins, int horizon, Map<String, double[][][]> forecasts) {
        int n = series.size();
        double[][][] actual = new double[n][][];
        double[][] scale = new double[n][];
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            Series x = series.get(s);
            ids.add(x.id());
            actual[s] = new double[origins[s].length][horizon];
            scale[s] = new double[origins[s].length];
            for (int k = 0; k < origins[s].length; k++) {
                int o = origins[s][k];
                System.arraycopy(x.values(), o, actual[s][k], 0, horizon);
                double q = ForecastMetrics.scale(java.util.Arrays.copyOf(x.values(), o),
                        x.season() > 1 ? x.season() : 0);
                // a flat history has no scale: fall back to the mean level so that MASE stays defined
                scale[s][k] = q > 0 ? q : Math.max(1e-12, Math.abs(x.values()[o - 1]));
            }
        }
        return new BacktestResult(List.copyOf(ids), origins, horizon, actual, scale, new LinkedHashMap<>(forecasts));
    }

    /** A result with the same origins and actual values and further methods' forecasts. */
    BacktestResult with(Map<String, double[][][]> more) {
        Map<String, double[][][]> all = new LinkedHashMap<>(forecasts);
        all.putAll(more);
        return new BacktestResult(seriesIds, origins, horizon, actual, scale, all);
    }

    public List<String> methods() {
        return List.copyOf(forecasts.keySet());
    }

    public List<String> seriesIds() {
        return seriesIds;
    }

    public int horizon() {
        return horizon;
    }

    /** [S][K] the history length at each origin. */
    public int[][] origins() {
        return origins;
    }

    /** [S][K][H] the values that followed each origin. */
    public double[][][] actual() {
        return actual;
    }

    /** [S][K][H] a method's forecasts. */
    public double[][][] forecasts(String method) {
        double[][][] f = forecasts.get(method);
        if (f == null) {
            throw new IllegalArgumentException("no method '" + method + "' in this backtest; it has " + methods());
        }
        return f;
    }

    /** [S][K] the MASE scale of each origin's history. */
    public double[][] scale() {
        return scale;
    }

    /** The per-step errors of a method, pooled over all series. */
    public StepErrors perStep(String method) {
        return perStep(method, null);
    }

    /** The per-step errors of a method on series {@code only} (null = all). */
    public StepErrors perStep(String method, Integer only) {
        double[][][] f = forecasts(method);
        double[] mase = new double[horizon];
        double[] smape = new double[horizon];
        double[] rmse = new double[horizon];
        int count = 0;
        int seriesCount = 0;
        for (int s = 0; s < actual.length; s++) {
            if (only != null && only != s) {
                continue;
            }
            seriesCount++;
            double[] se = new double[horizon];
            for (int k = 0; k < actual[s].length; k++) {
                count++;
                for (int j = 0; j < horizon; j++) {
                    double y = actual[s][k][j];
                    double e = y - f[s][k][j];
                    mase[j] += Math.abs(e) / scale[s][k];
                    double d = Math.abs(y) + Math.abs(f[s][k][j]);
                    smape[j] += d == 0 ? 0 : 200 * Math.abs(e) / d;
                    se[j] += e * e;
                }
            }
            for (int j = 0; j < horizon; j++) {
                rmse[j] += Math.sqrt(se[j] / actual[s].length);
            }
        }
        for (int j = 0; j < horizon; j++) {
            mase[j] /= count;
            smape[j] /= count;
            rmse[j] /= seriesCount;
        }
        return new StepErrors(mase, smape, rmse);
    }

    /** A method's MASE over every series, origin and step. */
    public double mase(String method) {
        return mean(perStep(method).mase());
    }

    /** A method's MASE on one series, over its origins and steps. */
    public double mase(String method, int series) {
        return mean(perStep(method, series).mase());
    }

    /** A method's sMAPE over every series, origin and step. */
    public double smape(String method) {
        return mean(perStep(method).smape());
    }

    static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    /**
     * A text table: one row per method, overall MASE, sMAPE and RMSE, then MASE at each step (at
     * most {@code maxSteps} columns, evenly picked).
     */
    public String table(int maxSteps) {
        StringBuilder b = new StringBuilder();
        int cols = Math.min(maxSteps, horizon);
        int[] steps = new int[cols];
        for (int i = 0; i < cols; i++) {
            steps[i] = cols == 1 ? horizon - 1 : (int) Math.round(i * (horizon - 1.0) / (cols - 1));
        }
        b.append(String.format(Locale.ROOT, "%-12s %8s %8s %10s", "method", "MASE", "sMAPE", "RMSE"));
        for (int j : steps) {
            b.append(String.format(Locale.ROOT, " %7s", "h=" + (j + 1)));
        }
        b.append('\n');
        for (String m : methods()) {
            StepErrors e = perStep(m);
            b.append(String.format(Locale.ROOT, "%-12s %8.4f %8.3f %10.5g", m, mean(e.mase()), mean(e.smape()),
                    mean(e.rmse())));
            for (int j : steps) {
                b.append(String.format(Locale.ROOT, " %7.3f", e.mase()[j]));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
