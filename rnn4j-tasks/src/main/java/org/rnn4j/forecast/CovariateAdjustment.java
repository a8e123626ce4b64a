package org.rnn4j.forecast;

import java.util.function.BiFunction;

/**
 * Known-future covariates for a method that reads only the series (ETS, Theta): a linear regression with
 * differenced errors. The effects {@code β} are estimated by least squares on the changes at lag
 * {@code m} (1 without a season), {@code Δz_t = Δx_t·β + error}, which a trend or season in the errors
 * does not bias the way it biases a regression on levels; the method then forecasts
 * {@code z − x·β} and {@code x·β} is added back with the covariates' future values. {@code z} is
 * {@code log y} for a positive series (an effect is then a percentage), else {@code y}.
 */
final class CovariateAdjustment {

    private CovariateAdjustment() {
    }

    /** {@code method} with the covariates of its series, when it has any, taken into account as above. */
    static BiFunction<Series, Integer, double[]> around(BiFunction<Series, Integer, double[]> method) {
        return (s, h) -> s.covariateCount() == 0 ? method.apply(s, h) : adjusted(s, h, method);
    }

    static double[] adjusted(Series s, int h, BiFunction<Series, Integer, double[]> method) {
        s.requireFuture(h);
        int n = s.length();
        int c = s.covariateCount();
        boolean log = AutoForecaster.positive(s.values());
        double[] z = new double[n];
        for (int t = 0; t < n; t++) {
            z[t] = log ? Math.log(s.values()[t]) : s.values()[t];
        }
        double[] beta = effects(z, s.covariates(), s.season() > 1 && n > 2 * s.season() ? s.season() : 1, c);
        double[] adjusted = new double[n];
        for (int t = 0; t < n; t++) {
            adjusted[t] = z[t] - dot(s.covariates()[t], beta);
        }
        double[] base = new double[n];
        for (int t = 0; t < n; t++) {
            base[t] = log ? Math.exp(adjusted[t]) : adjusted[t];
        }
        double[] f = method.apply(Series.of(s.id(), base, s.season()), h);
        double[] out = new double[h];
        for (int j = 0; j < h; j++) {
            double effect = dot(s.covariates()[n + j], beta);
            out[j] = log ? f[j] * Math.exp(effect) : f[j] + effect;
        }
        return out;
    }

    /** Least squares of {@code Δz} on {@code Δx} at lag {@code lag}, with a small ridge for a constant column. */
    static double[] effects(double[] z, double[][] x, int lag, int c) {
        double[][] a = new double[c][c];
        double[] b = new double[c];
        for (int t = lag; t < z.length; t++) {
            double dz = z[t] - z[t - lag];
            for (int i = 0; i < c; i++) {
                double di = x[t][i] - x[t - lag][i];
                b[i] += di * dz;
                for (int j = 0; j < c; j++) {
                    a[i][j] += di * (x[t][j] - x[t - lag][j]);
                }
            }
        }
        for (int i = 0; i < c; i++) {
            a[i][i] += 1e-9 * (1 + a[i][i]);
        }
        return solve(a, b);
    }

    private static double dot(double[] x, double[] beta) {
        double s = 0;
        for (int i = 0; i < beta.length; i++) {
            s += x[i] * beta[i];
        }
        return s;
    }

    /** Gaussian elimination with partial pivoting; {@code a} and {@code b} are overwritten. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            double tb = b[col];
            b[col] = b[pivot];
            b[pivot] = tb;
            if (a[col][col] == 0) {
                continue;
            }
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                for (int k = col; k < n; k++) {
                    a[r][k] -= f * a[col][k];
                }
                b[r] -= f * b[col];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= a[i][k] * x[k];
            }
            x[i] = a[i][i] == 0 ? 0 : s / a[i][i];
        }
        return x;
    }
}
