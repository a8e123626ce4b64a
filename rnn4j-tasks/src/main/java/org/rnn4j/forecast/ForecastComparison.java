package org.rnn4j.forecast;

/**
 * Whether one forecast's backtest losses are lower than another's by more than chance: the
 * Diebold–Mariano test (Diebold and Mariano 1995) with the small-sample correction of Harvey,
 * Leybourne and Newbold (1997), one-sided.
 *
 * <p>With {@code d_k = loss_base(k) − loss_other(k)} over {@code K} origins whose forecast windows
 * overlap for {@code lag} origins (so {@code d} is autocorrelated up to that lag),
 * <pre>
 *   γ_j   = (1/K) Σ_{k>j} (d_k − d̄)(d_{k−j} − d̄)
 *   V     = γ_0 + 2 Σ_{j=1..lag} γ_j                 (if not positive: γ_0)
 *   DM    = d̄ / sqrt(V / K)
 *   t     = DM · sqrt((K + 1 − 2h + h(h−1)/K) / K),   h = lag + 1
 * </pre>
 * and {@code other} is better when {@code t} exceeds Student's t quantile with {@code K − 1} degrees of
 * freedom.
 */
public final class ForecastComparison {

    /** One-sided level of the test. */
    public static final double LEVEL = 0.05;

    private ForecastComparison() {
    }

    /**
     * The corrected statistic {@code t}: positive when {@code other}'s losses are lower than {@code base}'s.
     *
     * @param base  per-origin losses of the reference forecast, in origin order
     * @param other per-origin losses of the forecast tested against it
     * @param lag   how many neighbouring origins share forecast targets (0 for disjoint windows)
     */
    public static double statistic(double[] base, double[] other, int lag) {
        int k = base.length;
        if (other.length != k || k < 2) {
            throw new IllegalArgumentException("need two equal series of at least 2 losses, got " + base.length
                    + " and " + other.length);
        }
        lag = Math.max(0, Math.min(lag, k - 1));
        double[] d = new double[k];
        double mean = 0;
        for (int i = 0; i < k; i++) {
            d[i] = base[i] - other[i];
            mean += d[i];
        }
        mean /= k;
        double g0 = autocovariance(d, mean, 0);
        double v = g0;
        for (int j = 1; j <= lag; j++) {
            v += 2 * autocovariance(d, mean, j);
        }
        if (v <= 0) {
            v = g0;
        }
        if (v <= 0) {
            // identical differences every origin: the sign alone decides
            return mean == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean);
        }
        double h = lag + 1;
        double correction = Math.sqrt(Math.max(0, (k + 1 - 2 * h + h * (h - 1) / k) / k));
        return mean / Math.sqrt(v / k) * correction;
    }

    /** Whether {@code other}'s losses are significantly lower than {@code base}'s at {@link #LEVEL}. */
    public static boolean better(double[] base, double[] other, int lag) {
        return statistic(base, other, lag) > criticalValue(base.length - 1);
    }

    /**
     * Student's t quantile at {@code 1 − LEVEL} for {@code df} degrees of freedom, by the Cornish–Fisher
     * expansion about the normal quantile from 5 degrees of freedom, a table of the exact values below.
     */
    static double criticalValue(int df) {
        if (df < 5) {
            return TABLE[Math.max(1, df) - 1];
        }
        double z = 1.6448536269514722;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double v = df;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v);
    }

    /** The exact quantiles for 1 to 4 degrees of freedom, where the expansion falls short. */
    private static final double[] TABLE = {6.3138, 2.9200, 2.3534, 2.1318};

    private static double autocovariance(double[] d, double mean, int j) {
        double s = 0;
        for (int i = j; i < d.length; i++) {
            s += (d[i] - mean) * (d[i - j] - mean);
        }
        return s / d.length;
    }
}
