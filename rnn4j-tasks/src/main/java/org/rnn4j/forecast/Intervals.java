package org.rnn4j.forecast;

import java.util.Arrays;

/**
 * Prediction intervals from backtest residuals (split conformal prediction, Vovk, Gammerman and Shafer
 * 2005; per horizon step as in Stankeviciute, Alaa and van der Schaar 2021). The residual of a
 * forecast {@code ŷ} of {@code y} is {@code r = log(y/ŷ)} when the series is positive (errors grow with
 * the level) and {@code r = y − ŷ} otherwise. Per step {@code j} its spread {@code σ_j} is a power law
 * {@code σ_j = c·j^b}, {@code b >= 0}, fitted to the root mean squares of the steps' residuals (uncertainty
 * does not shrink with the horizon, and two numbers fitted to all steps standardize the residuals
 * without fitting them, as one spread per step from a few residuals would, narrowing the intervals);
 * the standardized residuals {@code r/σ_j} of all steps are pooled, and the interval at
 * level {@code 1 − a} is {@code ŷ·exp(±q·σ_j)} (or {@code ŷ ± q·σ_j}) with {@code q} the
 * {@code ceil((N+1)(1−a))}-th smallest of the {@code N} pooled {@code |r/σ_j|}.
 *
 * <p>Legend: {@code K} origins, {@code H} horizon, {@code L} levels.
 *
 * @param levels   [L] the coverage levels, e.g. 0.8 and 0.95
 * @param relative whether the residuals are log ratios
 * @param spread   [H] σ_j
 * @param quantile [L] q per level
 */
public record Intervals(double[] levels, boolean relative, double[] spread, double[] quantile) {

    /** The levels rnn4j reports. */
    public static final double[] LEVELS = {0.8, 0.95};

    /** An interval forecast: the point forecast with lower and upper bounds per level. */
    public record Bands(double[] point, double[][] lower, double[][] upper) {
    }

    /**
     * Calibrates on backtest forecasts and the values that followed them.
     *
     * @param forecast [K][H]
     * @param actual   [K][H]
     * @param relative log-ratio residuals (every value and forecast must then be positive; a pair that is
     *                 not is left out)
     */
    public static Intervals calibrate(double[][] forecast, double[][] actual, boolean relative, double[] levels) {
        int h = forecast[0].length;
        double[][] r = new double[forecast.length][h];
        double[] spread = new double[h];
        int[] count = new int[h];
        for (int k = 0; k < forecast.length; k++) {
            for (int j = 0; j < h; j++) {
                r[k][j] = residual(actual[k][j], forecast[k][j], relative);
                if (Double.isFinite(r[k][j])) {
                    spread[j] += r[k][j] * r[k][j];
                    count[j]++;
                }
            }
        }
        for (int j = 0; j < h; j++) {
            spread[j] = count[j] > 0 ? Math.sqrt(spread[j] / count[j]) : Double.NaN;
        }
        spread = powerLaw(spread, count);
        double[] pooled = new double[forecast.length * h];
        int n = 0;
        for (double[] row : r) {
            for (int j = 0; j < h; j++) {
                if (Double.isFinite(row[j]) && spread[j] > 0) {
                    pooled[n++] = Math.abs(row[j]) / spread[j];
                }
            }
        }
        pooled = Arrays.copyOf(pooled, n);
        Arrays.sort(pooled);
        double[] q = new double[levels.length];
        for (int i = 0; i < levels.length; i++) {
            int rank = (int) Math.ceil((n + 1) * levels[i]);
            q[i] = n == 0 ? Double.NaN : pooled[Math.min(n, Math.max(1, rank)) - 1];
        }
        return new Intervals(levels.clone(), relative, spread, q);
    }

    /**
     * The least-squares fit of {@code log σ_j = a + b·log j} with {@code b >= 0}: two numbers from all
     * the steps' residuals instead of one per step, so that the spreads do not fit the calibration
     * residuals they standardize.
     */
    static double[] powerLaw(double[] v, int[] w) {
        double sw = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int j = 0; j < v.length; j++) {
            if (Double.isFinite(v[j]) && v[j] > 0) {
                double x = Math.log(j + 1);
                double y = Math.log(v[j]);
                sw += w[j];
                sx += w[j] * x;
                sy += w[j] * y;
                sxx += w[j] * x * x;
                sxy += w[j] * x * y;
            }
        }
        double[] out = new double[v.length];
        if (sw == 0) {
            return out;
        }
        double d = sw * sxx - sx * sx;
        double b = d > 0 ? Math.max(0, (sw * sxy - sx * sy) / d) : 0;
        double a = (sy - b * sx) / sw;
        for (int j = 0; j < v.length; j++) {
            out[j] = Math.exp(a + b * Math.log(j + 1));
        }
        return out;
    }

    static double residual(double y, double f, boolean relative) {
        if (relative) {
            return y > 0 && f > 0 ? Math.log(y / f) : Double.NaN;
        }
        return y - f;
    }

    /** Isotonic (pool-adjacent-violators) fit, weighted by counts; an empty step takes its neighbour's value. */
    static double[] nonDecreasing(double[] v, int[] w) {
        int h = v.length;
        double[] level = new double[h];
        double[] weight = new double[h];
        int[] size = new int[h];
        int blocks = 0;
        for (int j = 0; j < h; j++) {
            double value = Double.isFinite(v[j]) ? v[j] : blocks > 0 ? level[blocks - 1] : 0;
            double wj = Double.isFinite(v[j]) ? Math.max(1, w[j]) : 1e-9;
            level[blocks] = value;
            weight[blocks] = wj;
            size[blocks] = 1;
            blocks++;
            while (blocks > 1 && level[blocks - 2] > level[blocks - 1]) {
                double wsum = weight[blocks - 2] + weight[blocks - 1];
                level[blocks - 2] = (level[blocks - 2] * weight[blocks - 2] + level[blocks - 1] * weight[blocks - 1])
                        / wsum;
                weight[blocks - 2] = wsum;
                size[blocks - 2] += size[blocks - 1];
                blocks--;
            }
        }
        double[] out = new double[h];
        int j = 0;
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < size[b]; i++) {
                out[j++] = level[b];
            }
        }
        return out;
    }

    /**
     * These intervals for {@code h} steps: beyond the steps they were calibrated on, the spread's power law
     * is carried on (with one calibrated step, its exponent is a random walk's, 1/2).
     */
    public Intervals extended(int h) {
        if (h <= spread.length) {
            return this;
        }
        double b = spread.length > 1 && spread[0] > 0 ? Math.log(spread[1] / spread[0]) / Math.log(2) : 0.5;
        double[] out = Arrays.copyOf(spread, h);
        for (int j = spread.length; j < h; j++) {
            out[j] = spread[0] * Math.pow(j + 1, b);
        }
        return new Intervals(levels, relative, out, quantile);
    }

    /** The bands around a point forecast of up to {@code H} steps. */
    public Bands around(double[] point) {
        double[][] lo = new double[levels.length][point.length];
        double[][] hi = new double[levels.length][point.length];
        for (int i = 0; i < levels.length; i++) {
            for (int j = 0; j < point.length; j++) {
                double w = quantile[i] * spread[Math.min(j, spread.length - 1)];
                if (relative && point[j] > 0) {
                    lo[i][j] = point[j] * Math.exp(-w);
                    hi[i][j] = point[j] * Math.exp(w);
                } else {
                    double scale = relative ? Math.abs(point[j]) : 1;   // a non-positive point of a positive series
                    lo[i][j] = point[j] - w * scale;
                    hi[i][j] = point[j] + w * scale;
                }
            }
        }
        return new Bands(point.clone(), lo, hi);
    }

    /**
     * The share of values inside each level's interval when each origin is predicted from intervals
     * calibrated on the other origins (leave one origin out): [L].
     */
    public static double[] crossCoverage(double[][] forecast, double[][] actual, boolean relative, double[] levels) {
        int k = forecast.length;
        double[] inside = new double[levels.length];
        int total = 0;
        if (k < 2) {
            Arrays.fill(inside, Double.NaN);
            return inside;
        }
        for (int out = 0; out < k; out++) {
            double[][] f = new double[k - 1][];
            double[][] a = new double[k - 1][];
            for (int i = 0, c = 0; i < k; i++) {
                if (i != out) {
                    f[c] = forecast[i];
                    a[c++] = actual[i];
                }
            }
            Bands b = calibrate(f, a, relative, levels).around(forecast[out]);
            for (int j = 0; j < forecast[out].length; j++) {
                total++;
                for (int l = 0; l < levels.length; l++) {
                    double y = actual[out][j];
                    if (y >= b.lower()[l][j] && y <= b.upper()[l][j]) {
                        inside[l]++;
                    }
                }
            }
        }
        for (int l = 0; l < levels.length; l++) {
            inside[l] /= total;
        }
        return inside;
    }
}
