package org.rnn4j.forecast;

/**
 * Classical decomposition helpers: seasonal indices from a centred moving average (additive:
 * differences from it; multiplicative: ratios to it), a least-squares line, and the lag
 * autocorrelations used to test for a season.
 */
final class Decomposition {

    private Decomposition() {
    }

    /**
     * Seasonal indices of {@code y[0..length)} with period {@code m}: index {@code j} belongs to the times
     * {@code t ≡ j (mod m)}. The trend is the centred moving average of order {@code m} (a 2×m average for
     * even {@code m}); the indices are the mean ratio or difference to it per phase, normalized to mean 1
     * (multiplicative) or 0 (additive). Needs {@code length >= 2m}.
     */
    static double[] indices(double[] y, int m, int length, boolean multiplicative) {
        int n = Math.min(length, y.length);
        double[] sum = new double[m];
        int[] count = new int[m];
        int half = m / 2;
        for (int t = half; t + half < n; t++) {
            double ma;
            if (m % 2 == 0) {
                if (t - half < 0 || t + half >= n) {
                    continue;
                }
                double s = 0.5 * (y[t - half] + y[t + half]);
                for (int i = t - half + 1; i < t + half; i++) {
                    s += y[i];
                }
                ma = s / m;
            } else {
                double s = 0;
                for (int i = t - half; i <= t + half; i++) {
                    s += y[i];
                }
                ma = s / m;
            }
            double v = multiplicative ? y[t] / ma : y[t] - ma;
            if (Double.isFinite(v)) {
                sum[t % m] += v;
                count[t % m]++;
            }
        }
        double[] idx = new double[m];
        double mean = 0;
        for (int j = 0; j < m; j++) {
            idx[j] = count[j] > 0 ? sum[j] / count[j] : (multiplicative ? 1 : 0);
            mean += idx[j] / m;
        }
        for (int j = 0; j < m; j++) {
            idx[j] = multiplicative ? idx[j] / mean : idx[j] - mean;
        }
        return idx;
    }

    /** The centred moving average of order {@code m} (2×m for even {@code m}); NaN where it is not defined. */
    static double[] movingAverage(double[] y, int m) {
        int n = y.length;
        int half = m / 2;
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.NaN);
        for (int t = half; t + half < n; t++) {
            double s = 0;
            if (m % 2 == 0) {
                s = 0.5 * (y[t - half] + y[t + half]);
                for (int i = t - half + 1; i < t + half; i++) {
                    s += y[i];
                }
            } else {
                for (int i = t - half; i <= t + half; i++) {
                    s += y[i];
                }
            }
            out[t] = s / m;
        }
        return out;
    }

    /** The least-squares line through {@code d} at times 1..k: {intercept at time 0, slope}. */
    static double[] line(double[] d) {
        int k = d.length;
        if (k == 1) {
            return new double[] {d[0], 0};
        }
        double tm = (k + 1) / 2.0;
        double ym = 0;
        for (double v : d) {
            ym += v / k;
        }
        double sxy = 0;
        double sxx = 0;
        for (int t = 1; t <= k; t++) {
            sxy += (t - tm) * (d[t - 1] - ym);
            sxx += (t - tm) * (t - tm);
        }
        double slope = sxy / sxx;
        return new double[] {ym - slope * tm, slope};
    }

    /** The sample autocorrelations {@code r_1..r_maxLag} of {@code y}. */
    static double[] acf(double[] y, int maxLag) {
        int n = y.length;
        double mean = 0;
        for (double v : y) {
            mean += v / n;
        }
        double c0 = 0;
        for (double v : y) {
            c0 += (v - mean) * (v - mean);
        }
        double[] r = new double[maxLag + 1];
        for (int k = 1; k <= maxLag && k < n; k++) {
            double c = 0;
            for (int t = k; t < n; t++) {
                c += (y[t] - mean) * (y[t - k] - mean);
            }
            r[k] = c0 > 0 ? c / c0 : 0;
        }
        return r;
    }

    /**
     * Whether {@code y} is seasonal with period {@code m} by the 90% one-sided test on the lag-m
     * autocorrelation used by the Theta method's reference implementation (Assimakopoulos and
     * Nikolopoulos 2000; Hyndman and Billah 2003): {@code |r_m| > 1.645·sqrt((1 + 2 Σ_{k<m} r_k²)/n)}.
     * Needs at least three seasons of data.
     */
    static boolean seasonal(double[] y, int m) {
        if (m < 2 || y.length < 3 * m) {
            return false;
        }
        double[] r = acf(y, m);
        double s = 1;
        for (int k = 1; k < m; k++) {
            s += 2 * r[k] * r[k];
        }
        return Math.abs(r[m]) > 1.645 * Math.sqrt(s / y.length);
    }
}
