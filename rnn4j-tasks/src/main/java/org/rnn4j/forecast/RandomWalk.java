package org.rnn4j.forecast;

import java.util.Locale;

/**
 * Whether a series without a season is indistinguishable from a random walk, whose best forecast is
 * its last value (plus the mean change when that is significant): its level (log level for a positive
 * series) needs differencing by the KPSS test at 5%, as ARIMA's order search decides it ({@link Arima}),
 * and its changes (log changes) show no autocorrelation by the Ljung-Box test at {@link #LEVEL}. A
 * stationary series fails the first, however uncorrelated its changes look. Over such a series
 * a backtest's winner has won on the run of its origins (a trend that the changes say is noise), so
 * the default forecaster takes the random walk there instead ({@link AutoForecaster}).
 *
 * <p>The test uses {@code L = min(10, n/5)} lags of the {@code n} changes (Hyndman and Athanasopoulos,
 * <i>Forecasting: Principles and Practice</i>, section 5.4), and needs {@link #MIN_CHANGES} of them.
 *
 * @param applies   whether the series was tested: no season, no covariates, enough changes
 * @param q         the Ljung-Box statistic
 * @param lags      {@code L}
 * @param p         its p-value, the χ²(L) tail above {@code q}
 * @param driftT    the t statistic of the mean change (raw scale)
 * @param kpss      the KPSS statistic of the level
 */
public record RandomWalk(boolean applies, double q, int lags, double p, double driftT, double kpss) {

    /** The test's level. */
    public static final double LEVEL = 0.05;

    /** The fewest changes the test is made on. */
    public static final int MIN_CHANGES = 20;

    /** Beyond this |t| the mean change is significant at 5% and the random walk has drift. */
    public static final double DRIFT_T = 1.96;

    /** Tests {@code series} (not applied to a seasonal series, one with covariates, or a short one). */
    public static RandomWalk test(Series series) {
        double[] y = series.values();
        int n = y.length - 1;
        if (series.season() > 1 || series.covariateCount() > 0 || n < MIN_CHANGES) {
            return new RandomWalk(false, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        boolean log = AutoForecaster.positive(y);
        double[] d = new double[n];
        double[] raw = new double[n];
        double[] level = new double[n + 1];
        for (int t = 0; t <= n; t++) {
            level[t] = log ? Math.log(y[t]) : y[t];
        }
        for (int t = 0; t < n; t++) {
            raw[t] = y[t + 1] - y[t];
            d[t] = level[t + 1] - level[t];
        }
        int lags = Math.min(10, n / 5);
        double q = ljungBox(d, lags);
        double mean = BacktestResult.mean(raw);
        double sd = Math.sqrt(sumSquares(raw, mean) / (n - 1));
        double t = sd > 0 ? mean / (sd / Math.sqrt(n)) : 0;
        return new RandomWalk(true, q, lags, chiSquareTail(q, lags), t, Arima.kpss(level));
    }

    /** Whether the series was tested, its level needs differencing and its changes pass as uncorrelated. */
    public boolean randomWalk() {
        return applies && kpss > Arima.KPSS_5 && p > LEVEL;
    }

    /** Whether the random walk has a drift: its mean change significantly non-zero. */
    public boolean drift() {
        return Math.abs(driftT) > DRIFT_T;
    }

    /** The candidate a random walk forecasts with: "drift" or "naive". */
    public String method() {
        return drift() ? "drift" : "naive";
    }

    /** Why, for the summary. */
    public String describe() {
        return String.format(Locale.ROOT, "level %s (KPSS %.2f), changes %s (Ljung-Box p %.2f over %d lags), mean"
                + " change t %.2f", kpss > Arima.KPSS_5 ? "needs differencing" : "stationary", kpss,
                p > LEVEL ? "uncorrelated" : "correlated", p, lags, driftT);
    }

    /** {@code n(n+2) Σ_{k≤L} r_k² / (n−k)}, {@code r_k} the lag-k autocorrelation; 0 for a constant series. */
    static double ljungBox(double[] x, int lags) {
        int n = x.length;
        double mean = BacktestResult.mean(x);
        double c0 = sumSquares(x, mean);
        if (c0 == 0) {
            return 0;
        }
        double q = 0;
        for (int k = 1; k <= lags; k++) {
            double ck = 0;
            for (int t = k; t < n; t++) {
                ck += (x[t] - mean) * (x[t - k] - mean);
            }
            double r = ck / c0;
            q += r * r / (n - k);
        }
        return n * (n + 2.0) * q;
    }

    /** {@code P(X > x)} for {@code X ~ χ²(k)}: the regularized upper incomplete gamma {@code Q(k/2, x/2)}. */
    static double chiSquareTail(double x, int k) {
        if (x <= 0) {
            return 1;
        }
        double a = k / 2.0;
        double z = x / 2;
        double front = Math.exp(-z + a * Math.log(z) - logGamma(a));
        if (z < a + 1) {
            // the series of the lower function P, then Q = 1 − P
            double term = 1 / a;
            double sum = term;
            for (int i = 1; i < 1000 && Math.abs(term) > 1e-16 * Math.abs(sum); i++) {
                term *= z / (a + i);
                sum += term;
            }
            return Math.max(0, 1 - front * sum);
        }
        // Q's continued fraction, by the modified Lentz method
        double tiny = 1e-300;
        double b = z + 1 - a;
        double c = 1 / tiny;
        double dd = 1 / b;
        double h = dd;
        for (int i = 1; i < 1000; i++) {
            double an = -i * (i - a);
            b += 2;
            dd = an * dd + b;
            dd = Math.abs(dd) < tiny ? tiny : dd;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            dd = 1 / dd;
            double delta = dd * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return front * h;
    }

    /** ln Γ(a) for a > 0 (Lanczos, g = 7, nine terms). */
    static double logGamma(double a) {
        if (a < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a);
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        double x = a - 1;
        double s = c[0];
        for (int i = 1; i < c.length; i++) {
            s += c[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
    }

    private static double sumSquares(double[] x, double mean) {
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s;
    }
}
