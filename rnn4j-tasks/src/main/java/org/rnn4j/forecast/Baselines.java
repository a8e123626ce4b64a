package org.rnn4j.forecast;

/** The naive benchmarks every forecast is compared with (Hyndman and Athanasopoulos, <i>Forecasting: Principles and Practice</i>, ch. 5). */
final class Baselines {

    private Baselines() {
    }

    /** {@code ŷ_{n+h} = y_n}. */
    static double[] naive(double[] y, int horizon) {
        double[] out = new double[horizon];
        java.util.Arrays.fill(out, y[y.length - 1]);
        return out;
    }

    /** {@code ŷ_{n+h} = y_{n+h−m·ceil(h/m)}}; naive when {@code m <= 1} or the data are shorter than a season. */
    static double[] seasonalNaive(double[] y, int m, int horizon) {
        int n = y.length;
        if (m <= 1 || n < m) {
            return naive(y, horizon);
        }
        double[] out = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            out[h - 1] = y[n + h - 1 - m * ((h + m - 1) / m)];
        }
        return out;
    }

    /** {@code ŷ_{n+h} = y_n + h·(y_n − y_1)/(n − 1)}; naive for a single value. */
    static double[] drift(double[] y, int horizon) {
        int n = y.length;
        double slope = n > 1 ? (y[n - 1] - y[0]) / (n - 1) : 0;
        double[] out = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            out[h - 1] = y[n - 1] + h * slope;
        }
        return out;
    }
}
