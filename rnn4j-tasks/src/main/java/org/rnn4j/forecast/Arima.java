package org.rnn4j.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Seasonal ARIMA chosen automatically in the way of Hyndman and Khandakar (2008, "Automatic time series
 * forecasting: the forecast package for R"), written for rnn4j from that description: the seasonal
 * difference when the seasonal strength of a classical decomposition exceeds 0.64 (Wang, Smith and
 * Hyndman 2006), ordinary differences while the KPSS test (Kwiatkowski et al. 1992) rejects level
 * stationarity at 5%, then a stepwise search over {@code (p, q)(P, Q)} by AICc with a constant when at
 * most one difference was taken. Coefficients minimize the conditional sum of squares
 * ({@code −2 log L ≈ n log(SSE/n)}), restricted to stationary AR and invertible MA polynomials (the
 * Schur–Cohn step-down test); every model of one search is scored on the same residuals, from the
 * largest AR lag the search allows. With {@code w} the differenced series and {@code μ} its mean,
 * <pre>
 *   φ(B)Φ(B^m)(w_t − μ) = θ(B)Θ(B^m)e_t
 * </pre>
 * Orders are searched up to {@code p, q ≤ 3} and {@code P, Q ≤ 1}.
 */
public final class Arima {

    private static final int MAX_P = 3;
    private static final int MAX_Q = 3;

    private Arima() {
    }

    /** The orders of a model. */
    public record Order(int p, int d, int q, int sp, int sd, int sq, int period, boolean constant) {

        /** {@code ARIMA(p,d,q)(P,D,Q)[m]} with "with mean/drift" when there is a constant. */
        public String name() {
            String s = "ARIMA(" + p + "," + d + "," + q + ")";
            if (period > 1 && (sp + sd + sq) > 0) {
                s += "(" + sp + "," + sd + "," + sq + ")[" + period + "]";
            }
            return s + (constant ? (d + sd == 0 ? " with mean" : " with drift") : "");
        }
    }

    /**
     * A fitted model.
     *
     * @param phi   [p + P·m] the AR coefficients of the product polynomial, lag 1 first
     * @param theta [q + Q·m] the MA coefficients of the product polynomial
     */
    public record Fit(Order order, double[] phi, double[] theta, double mean, double aicc, double[] series) {

        /** The point forecast of {@code horizon} steps after the data. */
        public double[] forecast(int horizon) {
            List<double[]> levels = differences(series, order);
            double[] w = levels.get(levels.size() - 1);
            double[] e = residuals(w, phi, theta, mean, 0);
            int n = w.length;
            double[] wf = new double[n + horizon];
            double[] ef = new double[n + horizon];
            System.arraycopy(w, 0, wf, 0, n);
            System.arraycopy(e, 0, ef, 0, n);
            for (int t = n; t < n + horizon; t++) {
                double v = mean;
                for (int i = 0; i < phi.length; i++) {
                    if (t - 1 - i >= 0) {
                        v += phi[i] * (wf[t - 1 - i] - mean);
                    }
                }
                for (int j = 0; j < theta.length; j++) {
                    if (t - 1 - j >= 0) {
                        v += theta[j] * ef[t - 1 - j];
                    }
                }
                wf[t] = v;
            }
            double[] future = Arrays.copyOfRange(wf, n, n + horizon);
            // undo the differences, the last taken first
            for (int level = levels.size() - 2; level >= 0; level--) {
                double[] prev = levels.get(level);
                int lag = level == 0 && order.sd() > 0 ? order.period() : 1;
                double[] ext = Arrays.copyOf(prev, prev.length + horizon);
                for (int h = 0; h < horizon; h++) {
                    int t = prev.length + h;
                    ext[t] = future[h] + ext[t - lag];
                }
                future = Arrays.copyOfRange(ext, prev.length, prev.length + horizon);
            }
            return future;
        }
    }

    /**
     * The series and its differences: the seasonal one first (when {@code D = 1}), then {@code d} ordinary
     * ones; the last is {@code w}.
     */
    static List<double[]> differences(double[] y, Order o) {
        List<double[]> out = new ArrayList<>();
        out.add(y);
        double[] x = y;
        if (o.sd() > 0) {
            x = diff(x, o.period());
            out.add(x);
        }
        for (int i = 0; i < o.d(); i++) {
            x = diff(x, 1);
            out.add(x);
        }
        return out;
    }

    private static double[] diff(double[] x, int lag) {
        double[] d = new double[Math.max(0, x.length - lag)];
        for (int t = lag; t < x.length; t++) {
            d[t - lag] = x[t] - x[t - lag];
        }
        return d;
    }

    /** The automatic model; null when the series is too short for any (fewer than 10 values after differencing). */
    public static Fit auto(double[] y, int period) {
        int m = period >= 2 && y.length >= 3 * period ? period : 1;
        int sd = m > 1 && seasonalStrength(y, m) > 0.64 ? 1 : 0;
        double[] x = sd > 0 ? diff(y, m) : y;
        int d = 0;
        while (d < 2 && x.length > 10 && kpss(x) > KPSS_5) {
            x = diff(x, 1);
            d++;
        }
        if (x.length < 10) {
            return null;
        }
        boolean seasonal = m > 1 && x.length >= 3 * m;
        int start = MAX_P + (seasonal ? m : 0);
        if (x.length - start < 10) {
            seasonal = false;
            start = MAX_P;
        }
        boolean constantAllowed = d + sd <= 1;
        Search search = new Search(y, x, d, sd, seasonal ? m : 1, start);
        List<int[]> first = new ArrayList<>();
        first.add(new int[] {2, 2, seasonal ? 1 : 0, seasonal ? 1 : 0});
        first.add(new int[] {0, 0, 0, 0});
        first.add(new int[] {1, 0, seasonal ? 1 : 0, 0});
        first.add(new int[] {0, 1, 0, seasonal ? 1 : 0});
        Fit best = null;
        for (int[] c : first) {
            Fit f = search.fit(c, constantAllowed);
            if (f != null && (best == null || f.aicc() < best.aicc())) {
                best = f;
            }
        }
        if (best == null) {
            return null;
        }
        boolean improved = true;
        while (improved) {
            improved = false;
            Order o = best.order();
            int[][] moves = {{-1, 0, 0, 0}, {1, 0, 0, 0}, {0, -1, 0, 0}, {0, 1, 0, 0}, {0, 0, -1, 0}, {0, 0, 1, 0},
                {0, 0, 0, -1}, {0, 0, 0, 1}, {-1, -1, 0, 0}, {1, 1, 0, 0}, {0, 0, -1, -1}, {0, 0, 1, 1}};
            List<Object[]> tries = new ArrayList<>();
            for (int[] mv : moves) {
                tries.add(new Object[] {new int[] {o.p() + mv[0], o.q() + mv[1], o.sp() + mv[2], o.sq() + mv[3]},
                    o.constant()});
            }
            if (constantAllowed) {
                tries.add(new Object[] {new int[] {o.p(), o.q(), o.sp(), o.sq()}, !o.constant()});
            }
            for (Object[] t : tries) {
                int[] c = (int[]) t[0];
                if (c[0] < 0 || c[1] < 0 || c[2] < 0 || c[3] < 0 || c[0] > MAX_P || c[1] > MAX_Q || c[2] > 1
                        || c[3] > 1 || (!seasonal && (c[2] > 0 || c[3] > 0))) {
                    continue;
                }
                Fit f = search.fit(c, (Boolean) t[1]);
                if (f != null && f.aicc() < best.aicc() - 1e-9) {
                    best = f;
                    improved = true;
                    break;
                }
            }
        }
        return best;
    }

    /** One search: fixed differences, every model scored on the residuals from {@code start} on. */
    private static final class Search {
        private final double[] y;
        private final double[] w;
        private final int d;
        private final int sd;
        private final int m;
        private final int start;
        private final Set<String> seen = new HashSet<>();

        Search(double[] y, double[] w, int d, int sd, int m, int start) {
            this.y = y;
            this.w = w;
            this.d = d;
            this.sd = sd;
            this.m = m;
            this.start = start;
        }

        Fit fit(int[] c, boolean constant) {
            String key = Arrays.toString(c) + constant;
            if (!seen.add(key)) {
                return null;
            }
            Order o = new Order(c[0], d, c[1], c[2], sd, c[3], m, constant);
            int k = c[0] + c[1] + c[2] + c[3] + (constant ? 1 : 0);
            int n = w.length - start;
            if (n - k - 2 <= 0) {
                return null;
            }
            double mean = 0;
            if (constant) {
                for (double v : w) {
                    mean += v / w.length;
                }
            }
            final double mu0 = mean;
            double[] x0 = new double[k];
            if (constant) {
                x0[k - 1] = mu0;
            }
            double sd0 = 0;
            for (double v : w) {
                sd0 += (v - mu0) * (v - mu0);
            }
            sd0 = Math.sqrt(sd0 / w.length) + 1e-12;
            final double unit = sd0;
            java.util.function.ToDoubleFunction<double[]> sse = p -> {
                double[][] poly = polynomials(o, p);
                if (poly == null) {
                    return Double.POSITIVE_INFINITY;
                }
                double mu = constant ? p[k - 1] : 0;
                double[] e = residuals(w, poly[0], poly[1], mu, 0);
                double s = 0;
                for (int t = start; t < w.length; t++) {
                    s += e[t] * e[t];
                }
                return Double.isFinite(s) ? s / (unit * unit) : Double.POSITIVE_INFINITY;
            };
            double[] steps = new double[k];
            Arrays.fill(steps, 0.1);
            if (constant) {
                steps[k - 1] = 0.1 * unit;
            }
            double[] best;
            double value;
            if (k == 0) {
                best = x0;
                value = sse.applyAsDouble(x0);
            } else {
                NelderMead.Result r = NelderMead.minimize(sse, x0, steps, 1e-10, 400 * (k + 1));
                NelderMead.Result again = NelderMead.minimize(sse, r.point(), steps, 1e-10, 400 * (k + 1));
                if (again.value() < r.value()) {
                    r = again;
                }
                best = r.point();
                value = r.value();
            }
            if (!Double.isFinite(value)) {
                return null;
            }
            double sigma2 = value * unit * unit / n;
            int params = k + 1;
            double aicc = n * Math.log(Math.max(sigma2, 1e-300)) + 2 * params
                    + 2.0 * params * (params + 1) / (n - params - 1);
            double[][] poly = polynomials(o, best);
            return new Fit(o, poly[0], poly[1], constant ? best[k - 1] : 0, aicc, y.clone());
        }
    }

    /**
     * The product polynomials' coefficients from the packed {@code p} = {φ_1..φ_p, θ_1..θ_q, Φ_1..Φ_P,
     * Θ_1..Θ_Q, μ}; null when the AR part is not stationary or the MA part not invertible.
     */
    static double[][] polynomials(Order o, double[] p) {
        double[] ar = Arrays.copyOfRange(p, 0, o.p());
        double[] ma = Arrays.copyOfRange(p, o.p(), o.p() + o.q());
        double[] sar = Arrays.copyOfRange(p, o.p() + o.q(), o.p() + o.q() + o.sp());
        double[] sma = Arrays.copyOfRange(p, o.p() + o.q() + o.sp(), o.p() + o.q() + o.sp() + o.sq());
        if (!stable(ar, false) || !stable(sar, false) || !stable(ma, true) || !stable(sma, true)) {
            return null;
        }
        return new double[][] {product(ar, sar, o.period(), false), product(ma, sma, o.period(), true)};
    }

    /**
     * (1 − Σ a_i B^i)(1 − Σ A_i B^{im}) written as 1 − Σ c_j B^j (AR), or with plus signs (MA): returns c.
     */
    private static double[] product(double[] a, double[] s, int m, boolean plus) {
        int n = a.length + s.length * m;
        double[] c = new double[n];
        double sign = plus ? 1 : -1;
        // polynomials with leading 1: coefficient of B^i is sign·a_i
        double[] pa = new double[a.length + 1];
        pa[0] = 1;
        for (int i = 0; i < a.length; i++) {
            pa[i + 1] = sign * a[i];
        }
        double[] ps = new double[s.length * m + 1];
        ps[0] = 1;
        for (int i = 0; i < s.length; i++) {
            ps[(i + 1) * m] = sign * s[i];
        }
        double[] prod = new double[n + 1];
        for (int i = 0; i < pa.length; i++) {
            for (int j = 0; j < ps.length; j++) {
                prod[i + j] += pa[i] * ps[j];
            }
        }
        for (int j = 1; j <= n; j++) {
            c[j - 1] = sign * prod[j];
        }
        return c;
    }

    /**
     * Whether the roots of {@code 1 − Σ a_i z^i} (or {@code 1 + Σ a_i z^i}) lie outside the unit circle, by
     * the step-down recursion: every reflection coefficient must be below 1 in magnitude.
     */
    static boolean stable(double[] a, boolean plus) {
        int n = a.length;
        if (n == 0) {
            return true;
        }
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = plus ? -a[i] : a[i];
        }
        for (int k = n - 1; k >= 0; k--) {
            double r = c[k];
            if (!(Math.abs(r) < 1 - 1e-6)) {
                return false;
            }
            double[] next = new double[k];
            for (int i = 0; i < k; i++) {
                next[i] = (c[i] + r * c[k - 1 - i]) / (1 - r * r);
            }
            c = next;
        }
        return true;
    }

    /** The residuals of {@code w} under the model, pre-sample values at the mean and errors at zero before {@code from}. */
    static double[] residuals(double[] w, double[] phi, double[] theta, double mean, int from) {
        double[] e = new double[w.length];
        for (int t = from; t < w.length; t++) {
            double v = w[t] - mean;
            for (int i = 0; i < phi.length; i++) {
                if (t - 1 - i >= 0) {
                    v -= phi[i] * (w[t - 1 - i] - mean);
                }
            }
            for (int j = 0; j < theta.length; j++) {
                if (t - 1 - j >= 0) {
                    v -= theta[j] * e[t - 1 - j];
                }
            }
            e[t] = v;
        }
        return e;
    }

    /**
     * The seasonal strength {@code max(0, 1 − Var(R)/Var(S + R))} of a classical additive decomposition
     * (of the logarithm for a positive series).
     */
    static double seasonalStrength(double[] y, int m) {
        boolean positive = AutoForecaster.positive(y);
        double[] z = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            z[t] = positive ? Math.log(y[t]) : y[t];
        }
        double[] s = Decomposition.indices(z, m, z.length, false);
        double[] trend = Decomposition.movingAverage(z, m);
        List<Double> r = new ArrayList<>();
        List<Double> sr = new ArrayList<>();
        for (int t = 0; t < z.length; t++) {
            if (Double.isFinite(trend[t])) {
                double detrended = z[t] - trend[t];
                sr.add(detrended);
                r.add(detrended - s[t % m]);
            }
        }
        double vr = variance(r);
        double vsr = variance(sr);
        return vsr > 0 ? Math.max(0, 1 - vr / vsr) : 0;
    }

    private static double variance(List<Double> x) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.size();
        }
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return x.size() > 1 ? s / (x.size() - 1) : 0;
    }

    /** The KPSS statistic's 5% critical value for level stationarity (Kwiatkowski et al. 1992, table 1). */
    static final double KPSS_5 = 0.463;

    /**
     * The KPSS statistic for level stationarity, with the Bartlett-weighted long-run variance over
     * {@code trunc(4·(n/100)^{1/4})} lags (the "short" lag of the original paper).
     */
    static double kpss(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v / n;
        }
        double[] e = new double[n];
        for (int t = 0; t < n; t++) {
            e[t] = x[t] - mean;
        }
        double s = 0;
        double eta = 0;
        for (int t = 0; t < n; t++) {
            s += e[t];
            eta += s * s;
        }
        int lags = (int) Math.floor(4 * Math.pow(n / 100.0, 0.25));
        double lr = 0;
        for (double v : e) {
            lr += v * v;
        }
        lr /= n;
        for (int j = 1; j <= lags; j++) {
            double c = 0;
            for (int t = j; t < n; t++) {
                c += e[t] * e[t - j];
            }
            lr += 2 * (1 - j / (lags + 1.0)) * c / n;
        }
        return lr > 0 ? eta / (n * (double) n * lr) : 0;
    }
}
