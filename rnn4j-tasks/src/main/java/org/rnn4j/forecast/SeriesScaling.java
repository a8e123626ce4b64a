package org.rnn4j.forecast;

import java.util.Arrays;

/**
 * How the neural forecaster sees one series, in the way of Smyl's ES-RNN (2020, "A hybrid method of
 * exponential smoothing and recurrent neural networks for time series forecasting"): exponential
 * smoothing takes out each series' own level and season, so that one network can learn the shape of
 * the remaining movement from many series of different scales. Per series, fitted on its training
 * values only:
 * <pre>
 *   z_t = log y_t   (a positive series)   or   y_t
 *   d_t = z_t − s_{t mod m}                seasonal indices s from a classical additive decomposition of z
 *   l_t = l_{t−1} + α·(d_t − l_{t−1})      simple exponential smoothing of d, α by maximum likelihood, l_0 = d_0
 *   σ   = RMS of the one-step errors d_t − l_{t−1}
 * </pre>
 * A window ending at {@code t} is read as {@code (d_i − l_t)/σ} and the network's outputs {@code o_h}
 * become {@code z_{t+h} = l_t + σ·o_h + s_{(t+h) mod m}}; an output of 0 is the smoothed level
 * re-seasonalized.
 *
 * <p>Legend: {@code n} values, {@code m} season, {@code C} covariates.
 */
final class SeriesScaling {

    private final boolean log;
    private final int period;
    private final double[] seasonal;   // [m] additive in z, index = t mod m
    private final double alpha;
    private final double sigma;
    private final double[] covMean;    // [C]
    private final double[] covStd;     // [C]

    private SeriesScaling(boolean log, int period, double[] seasonal, double alpha, double sigma, double[] covMean,
            double[] covStd) {
        this.log = log;
        this.period = period;
        this.seasonal = seasonal;
        this.alpha = alpha;
        this.sigma = sigma;
        this.covMean = covMean;
        this.covStd = covStd;
    }

    /** Fits on all values of {@code x} (the caller passes only what the model may learn from). */
    static SeriesScaling fit(Series x) {
        double[] y = x.values();
        int n = y.length;
        boolean log = true;
        for (double v : y) {
            log &= v > 0;
        }
        double[] z = new double[n];
        for (int t = 0; t < n; t++) {
            z[t] = log ? Math.log(y[t]) : y[t];
        }
        int m = x.season();
        double[] s = new double[Math.max(1, m)];
        if (m > 1 && n >= 2 * m) {
            s = Decomposition.indices(z, m, n, false);
        } else {
            m = 1;
            s = new double[1];
        }
        double[] d = new double[n];
        for (int t = 0; t < n; t++) {
            d[t] = z[t] - s[t % m];
        }
        double alpha = 0.5;
        if (n >= 4) {
            Ets.Fit ses = Ets.fit(d, 1, new Ets.Spec(Ets.Component.ADDITIVE, Ets.Trend.NONE, Ets.Component.NONE));
            if (ses != null) {
                alpha = ses.alpha();
            }
        }
        double se = 0;
        double l = d[0];
        for (int t = 1; t < n; t++) {
            se += (d[t] - l) * (d[t] - l);
            l += alpha * (d[t] - l);
        }
        double sigma = n > 1 ? Math.sqrt(se / (n - 1)) : 0;
        double level = Math.abs(l);
        if (!(sigma > 1e-9 * Math.max(1, level))) {
            sigma = Math.max(1e-3 * level, 1e-6);   // a flat series: any positive unit will do
        }
        int c = x.covariateCount();
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int j = 0; j < c; j++) {
            double sum = 0;
            for (int t = 0; t < n; t++) {
                sum += x.covariates()[t][j];
            }
            mean[j] = sum / n;
            double ss = 0;
            for (int t = 0; t < n; t++) {
                double e = x.covariates()[t][j] - mean[j];
                ss += e * e;
            }
            std[j] = Math.sqrt(ss / n) > 1e-12 ? Math.sqrt(ss / n) : 1;
        }
        return new SeriesScaling(log, m, s, alpha, sigma, mean, std);
    }

    /** {@code d_t} for the first {@code length} values of {@code y}. */
    double[] deseasonalized(double[] y, int length) {
        double[] d = new double[length];
        for (int t = 0; t < length; t++) {
            double z = log ? Math.log(Math.max(y[t], Double.MIN_NORMAL)) : y[t];
            d[t] = z - seasonal[t % period];
        }
        return d;
    }

    /** {@code l_{length−1}}: the smoothed level after the first {@code length} values of {@code d}. */
    double level(double[] d, int length) {
        double l = d[0];
        for (int t = 1; t < length; t++) {
            l += alpha * (d[t] - l);
        }
        return l;
    }

    double sigma() {
        return sigma;
    }

    /** The value at time {@code t} that a scaled output {@code o} after level {@code l} means. */
    double value(double o, double l, int t) {
        double z = l + sigma * o + seasonal[t % period];
        return log ? Math.exp(Math.min(z, 700)) : z;
    }

    /** Covariate {@code j} standardized. */
    double covariate(double v, int j) {
        return (v - covMean[j]) / covStd[j];
    }

    @Override
    public String toString() {
        return "SeriesScaling[log=" + log + ", m=" + period + ", alpha=" + alpha + ", sigma=" + sigma + ", s="
                + Arrays.toString(seasonal) + "]";
    }
}
