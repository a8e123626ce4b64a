package org.rnn4j.forecast;

/**
 * The Theta method (Assimakopoulos and Nikolopoulos 2000) in the form Hyndman and Billah (2003) showed
 * it to be: simple exponential smoothing with a drift of half the slope of the series' linear trend.
 * A series that passes the 90% seasonality test at lag {@code m} ({@link Decomposition#seasonal}) is
 * first divided by classical multiplicative seasonal indices (subtracted, for a series with a
 * non-positive value) and multiplied back after forecasting. With SES parameter {@code α} (fitted by
 * maximum likelihood as ETS(A,N,N)), the trend slope {@code b} of the (adjusted) series and its
 * {@code n} values, step {@code h} is
 * <pre>
 *   ŷ_{n+h} = ℓ_n + (b/2)·(h − 1 + (1 − (1 − α)^n) / α)
 * </pre>
 */
public final class Theta {

    private Theta() {
    }

    /** The forecast of {@code horizon} steps after {@code y}; {@code period} ≤ 1 = no season. */
    public static double[] forecast(double[] y, int period, int horizon) {
        int n = y.length;
        boolean positive = true;
        for (double v : y) {
            positive &= v > 0;
        }
        boolean seasonal = Decomposition.seasonal(y, period);
        double[] idx = seasonal ? Decomposition.indices(y, period, n, positive) : null;
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = !seasonal ? y[t] : positive ? y[t] / idx[t % period] : y[t] - idx[t % period];
        }
        Ets.Fit ses = Ets.fit(x, 1, new Ets.Spec(Ets.Component.ADDITIVE, Ets.Trend.NONE, Ets.Component.NONE));
        double level = ses == null ? x[n - 1] : ses.level();
        double alpha = ses == null ? 1 : Math.max(1e-10, ses.alpha());
        double slope = Decomposition.line(x)[1];
        double[] out = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            double f = level + slope / 2 * (h - 1 + (1 - Math.pow(1 - alpha, n)) / alpha);
            if (seasonal) {
                int j = (n + h - 1) % period;
                f = positive ? f * idx[j] : f + idx[j];
            }
            out[h - 1] = f;
        }
        return out;
    }
}
