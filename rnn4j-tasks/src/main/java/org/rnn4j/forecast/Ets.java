package org.rnn4j.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Exponential smoothing in state-space form, fitted by maximum likelihood and chosen by AICc (Hyndman,
 * Koehler, Snyder and Grose 2002, "A state space framework for automatic forecasting using exponential
 * smoothing methods"; Hyndman, Koehler, Ord and Snyder 2008, <i>Forecasting with Exponential
 * Smoothing</i>). Written for rnn4j from those descriptions.
 *
 * <p>With level {@code l}, trend {@code b}, seasonal states {@code s}, season length {@code m} and damping
 * {@code φ} (1 for an undamped trend, and {@code b = 0} without one), the one-step forecast at time
 * {@code t} is
 * <pre>
 *   p_t = l_{t−1} + φ·b_{t−1}
 *   μ_t = p_t  |  p_t + s_{t−m}  |  p_t · s_{t−m}            (season none | additive | multiplicative)
 *   e_t = y_t − μ_t
 *   l_t = p_t + α·e_t / r_t,   b_t = φ·b_{t−1} + β·e_t / r_t,   r_t = s_{t−m} with a multiplicative season, else 1
 *   s_t = s_{t−m} + γ·e_t   (additive)  |  s_{t−m} + γ·e_t / p_t   (multiplicative)
 * </pre>
 * These updates are the same for additive and multiplicative errors (the multiplicative-error forms,
 * written in {@code e_t = μ_t·ε_t}, reduce to them); the error type changes the likelihood only:
 * {@code −2 log L = n·log Σ e_t²} (additive) or {@code n·log Σ (e_t/μ_t)² + 2 Σ log|μ_t|}
 * (multiplicative), up to the same constant. The smoothing parameters, the damping and the initial
 * states ({@code l_0}, {@code b_0}, and {@code m − 1} seasonal states, the last one making them sum
 * to 0 or average 1) are estimated together by Nelder–Mead (for a trend, from a slow and from a fast-moving
 * one, keeping the better) within the usual region
 * {@code 0 < β ≤ α < 1}, {@code 0 < γ ≤ 1 − α}, {@code 0.8 ≤ φ ≤ 0.98}. The automatic choice
 * ({@link #auto}) fits every admissible combination and keeps the lowest AICc; as in the
 * references, an additive error is not combined with a multiplicative season (its variance is
 * unbounded), multiplicative parts need positive data, and a season needs {@code 2 ≤ m ≤ 24} and two
 * whole seasons of data.
 */
public final class Ets {

    private static final double SMALL = 1e-4;

    private Ets() {
    }

    /** The error, trend and season of a model, e.g. ETS(M,Ad,M). */
    public record Spec(Component error, Trend trend, Component season) {

        /** The short name, {@code ETS(A,N,N)} style. */
        public String name() {
            return "ETS(" + error.letter + "," + trend.letter + "," + season.letter + ")";
        }
    }

    /** An error or season component. */
    public enum Component {
        NONE("N"), ADDITIVE("A"), MULTIPLICATIVE("M");

        final String letter;

        Component(String letter) {
            this.letter = letter;
        }
    }

    /** A trend component. */
    public enum Trend {
        NONE("N"), ADDITIVE("A"), DAMPED("Ad");

        final String letter;

        Trend(String letter) {
            this.letter = letter;
        }
    }

    /**
     * A fitted model: its parameters, its states after the last observation, and its fit.
     *
     * @param seasonal [m] the latest seasonal state of each phase, index = time mod m (empty without a
     *                 season)
     * @param n        the observations it was fitted on
     * @param aicc     the corrected Akaike criterion, from {@code −2 log L} up to a constant shared by
     *                 all models of the same data
     * @param sigma    the standard deviation of the one-step errors (relative ones for a multiplicative error)
     */
    public record Fit(Spec spec, int period, double alpha, double beta, double gamma, double phi, double level,
            double trend, double[] seasonal, int n, double aicc, double sigma) {

        /** The point forecast of {@code horizon} steps after the data. */
        public double[] forecast(int horizon) {
            double[] out = new double[horizon];
            double damp = 0;
            double power = 1;
            for (int h = 1; h <= horizon; h++) {
                power *= phi;
                damp += spec.trend() == Trend.DAMPED ? power : 1;
                double p = level + (spec.trend() == Trend.NONE ? 0 : damp * trend);
                out[h - 1] = switch (spec.season()) {
                    case NONE -> p;
                    case ADDITIVE -> p + seasonal[(n + h - 1) % period];
                    case MULTIPLICATIVE -> p * seasonal[(n + h - 1) % period];
                };
            }
            return out;
        }
    }

    /**
     * The model of lowest AICc among those the data admit (see the class doc); seasonal models only
     * when {@code period} is 2..24. Never null: a series too short for any other model gets ETS(A,N,N),
     * and one too short for that a flat model at its last value.
     */
    public static Fit auto(double[] y, int period) {
        return auto(y, period, candidates(y, period));
    }

    /** The best of {@code specs} by AICc (see {@link #auto(double[], int)}). */
    static Fit auto(double[] y, int period, List<Spec> specs) {
        Fit best = null;
        for (Spec s : specs) {
            Fit f = fit(y, period, s);
            if (f != null && (best == null || f.aicc() < best.aicc())) {
                best = f;
            }
        }
        if (best == null) {
            Spec flat = new Spec(Component.ADDITIVE, Trend.NONE, Component.NONE);
            best = new Fit(flat, 1, SMALL, 0, 0, 1, y[y.length - 1], 0, new double[0], y.length, Double.NaN,
                    Double.NaN);
        }
        return best;
    }

    /** Every model the data admit. */
    static List<Spec> candidates(double[] y, int period) {
        boolean positive = true;
        for (double v : y) {
            positive &= v > 0;
        }
        boolean seasonal = period >= 2 && period <= 24 && y.length >= 2 * period;
        List<Spec> out = new ArrayList<>();
        for (Component error : positive
                ? List.of(Component.ADDITIVE, Component.MULTIPLICATIVE)
                : List.of(Component.ADDITIVE)) {
            for (Trend trend : Trend.values()) {
                for (Component season : Component.values()) {
                    if (season != Component.NONE && !seasonal) {
                        continue;
                    }
                    if (season == Component.MULTIPLICATIVE && (!positive || error == Component.ADDITIVE)) {
                        continue;
                    }
                    out.add(new Spec(error, trend, season));
                }
            }
        }
        return out;
    }

    /**
     * Fits one model by maximum likelihood; null when the data are too few for its parameters or it
     * cannot be fitted (a multiplicative part on non-positive data).
     */
    public static Fit fit(double[] data, int period, Spec spec) {
        int n = data.length;
        int m = spec.season() == Component.NONE ? 1 : period;
        boolean trend = spec.trend() != Trend.NONE;
        boolean damped = spec.trend() == Trend.DAMPED;
        boolean seasonal = spec.season() != Component.NONE;
        int params = 1 + (trend ? 2 : 0) + (damped ? 1 : 0) + (seasonal ? m : 0) + 1;  // α, β, b0, φ, γ + s, l0
        if (n - (params + 1) - 1 <= 0 || (seasonal && n < 2 * m)) {
            return null;
        }
        // the likelihood does not depend on the unit; states in units of mean |y| keep the simplex steps O(1)
        double unit = 0;
        for (double v : data) {
            unit += Math.abs(v);
        }
        unit = unit > 0 ? unit / n : 1;
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = data[t] / unit;
        }
        Model model = new Model(spec, m, y);
        NelderMead.Result r = null;
        for (double[] start : model.starts()) {
            if (!Double.isFinite(model.value(start))) {
                continue;
            }
            int budget = Math.max(2000, 300 * start.length);
            NelderMead.Result one = NelderMead.minimize(model::value, start, model.steps(start), 1e-10, budget);
            // a restart from the best point escapes a collapsed simplex
            NelderMead.Result again = NelderMead.minimize(model::value, one.point(), model.steps(one.point()), 1e-10,
                    budget);
            if (again.value() < one.value()) {
                one = again;
            }
            if (r == null || one.value() < r.value()) {
                r = one;
            }
        }
        if (r == null || !Double.isFinite(r.value())) {
            return null;
        }
        return model.fitOf(r.point(), r.value(), unit);
    }

    /** The likelihood of one model on data in units of mean |y|, over the packed parameter vector. */
    static final class Model {
        private final Spec spec;
        private final int m;
        private final double[] y;
        private final boolean trend;
        private final boolean damped;
        private final boolean seasonal;
        private final boolean multSeason;
        private final boolean multError;
        private final double[] seas;

        Model(Spec spec, int m, double[] y) {
            this.spec = spec;
            this.m = m;
            this.y = y;
            this.trend = spec.trend() != Trend.NONE;
            this.damped = spec.trend() == Trend.DAMPED;
            this.seasonal = spec.season() != Component.NONE;
            this.multSeason = spec.season() == Component.MULTIPLICATIVE;
            this.multError = spec.error() == Component.MULTIPLICATIVE;
            this.seas = new double[m];
        }

        // packed: α, [β], [γ], [φ], l0, [b0], [s_0 .. s_{m−2}]
        private int iBeta() {
            return 1;
        }

        private int iGamma() {
            return 1 + (trend ? 1 : 0);
        }

        private int iPhi() {
            return iGamma() + (seasonal ? 1 : 0);
        }

        private int iLevel() {
            return iPhi() + (damped ? 1 : 0);
        }

        private int iSeason() {
            return iLevel() + 1 + (trend ? 1 : 0);
        }

        /**
         * Where the search starts: {@link #start()}, and for a trend also a fast-moving trend (β near α), whose
         * optimum a search from a slow trend does not reach (its likelihood between the two is lower).
         */
        List<double[]> starts() {
            double[] slow = start();
            if (!trend) {
                return List.of(slow);
            }
            double[] fast = slow.clone();
            fast[0] = 0.9;
            fast[iBeta()] = 0.8;
            if (seasonal) {
                fast[iGamma()] = Math.min(fast[iGamma()], 0.05);
            }
            return List.of(slow, fast);
        }

        /** Initial values: classical seasonal indices of the first seasons, a line through the first values. */
        double[] start() {
            int n = y.length;
            double[] s = new double[m];
            if (seasonal) {
                s = Decomposition.indices(y, m, Math.min(n / m, 4) * m, multSeason);
            }
            int k = Math.min(n, Math.max(10, 2 * m));
            double[] d = new double[k];
            for (int t = 0; t < k; t++) {
                d[t] = multSeason ? y[t] / s[t % m] : seasonal ? y[t] - s[t % m] : y[t];
            }
            double[] line = Decomposition.line(d);
            double[] p = new double[iSeason() + (seasonal ? m - 1 : 0)];
            p[0] = 0.2;
            if (trend) {
                p[iBeta()] = 0.02;
            }
            if (seasonal) {
                p[iGamma()] = 0.05;
            }
            if (damped) {
                p[iPhi()] = 0.95;
            }
            if (trend) {
                p[iLevel()] = line[0];
                p[iLevel() + 1] = line[1];
            } else {
                double mean = 0;
                for (double v : d) {
                    mean += v / k;
                }
                p[iLevel()] = mean;
            }
            for (int j = 0; j < m - 1 && seasonal; j++) {
                p[iSeason() + j] = s[j];
            }
            return p;
        }

        double[] steps(double[] p) {
            double[] s = new double[p.length];
            s[0] = 0.1;
            if (trend) {
                s[iBeta()] = 0.01;
            }
            if (seasonal) {
                s[iGamma()] = 0.02;
            }
            if (damped) {
                s[iPhi()] = 0.02;
            }
            s[iLevel()] = 0.05 * Math.max(0.1, Math.abs(p[iLevel()]));
            if (trend) {
                s[iLevel() + 1] = 0.01 + 0.1 * Math.abs(p[iLevel() + 1]);
            }
            for (int j = 0; j < m - 1 && seasonal; j++) {
                s[iSeason() + j] = 0.02 + 0.1 * Math.abs(p[iSeason() + j] - (multSeason ? 1 : 0));
            }
            return s;
        }

        /** {@code −2 log L} up to a constant, or +∞ outside the usual region or where a state goes wrong. */
        double value(double[] p) {
            return run(p, null);
        }

        /** Runs the filter; with {@code out} = {level, trend, Σe², ...} also keeps the final states in {@link #seas}. */
        private double run(double[] p, double[] out) {
            double alpha = p[0];
            double beta = trend ? p[iBeta()] : 0;
            double gamma = seasonal ? p[iGamma()] : 0;
            double phi = damped ? p[iPhi()] : 1;
            if (!(alpha >= SMALL && alpha <= 1 - SMALL) || (trend && !(beta >= SMALL && beta <= alpha))
                    || (seasonal && !(gamma >= SMALL && gamma <= 1 - alpha))
                    || (damped && !(phi >= 0.8 && phi <= 0.98))) {
                return Double.POSITIVE_INFINITY;
            }
            double l = p[iLevel()];
            double b = trend ? p[iLevel() + 1] : 0;
            if (seasonal) {
                double sum = 0;
                for (int j = 0; j < m - 1; j++) {
                    seas[j] = p[iSeason() + j];
                    sum += seas[j];
                }
                seas[m - 1] = multSeason ? m - sum : -sum;
                if (multSeason) {
                    for (double v : seas) {
                        if (!(v > 0)) {
                            return Double.POSITIVE_INFINITY;
                        }
                    }
                }
            }
            boolean positive = multError || multSeason;
            double sse = 0;
            double logs = 0;
            for (int t = 0; t < y.length; t++) {
                double pt = l + phi * b;
                double st = seasonal ? seas[t % m] : 0;
                double mu = multSeason ? pt * st : pt + st;
                if (positive && !(mu > 0 && pt > 0)) {
                    return Double.POSITIVE_INFINITY;
                }
                double e = y[t] - mu;
                if (multError) {
                    sse += (e / mu) * (e / mu);
                    logs += Math.log(mu);
                } else {
                    sse += e * e;
                }
                double r = multSeason ? st : 1;
                l = pt + alpha * e / r;
                b = phi * b + beta * e / r;
                if (seasonal) {
                    seas[t % m] = multSeason ? st + gamma * e / pt : st + gamma * e;
                    if (multSeason && !(seas[t % m] > 0)) {
                        return Double.POSITIVE_INFINITY;
                    }
                }
            }
            int n = y.length;
            if (!(sse > 0)) {
                sse = 1e-300;
            }
            if (out != null) {
                out[0] = l;
                out[1] = b;
                out[2] = sse / n;
            }
            double v = n * Math.log(sse) + 2 * logs;
            return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
        }

        Fit fitOf(double[] p, double lik, double unit) {
            double[] out = new double[3];
            run(p, out);
            int n = y.length;
            int k = p.length + 1;   // and σ
            double aicc = lik + 2 * k + 2.0 * k * (k + 1) / (n - k - 1);
            double[] s = new double[seasonal ? m : 0];
            for (int j = 0; j < s.length; j++) {
                s[j] = multSeason ? seas[j] : seas[j] * unit;
            }
            return new Fit(spec, m, p[0], trend ? p[iBeta()] : 0, seasonal ? p[iGamma()] : 0, damped ? p[iPhi()] : 1,
                    out[0] * unit, out[1] * unit, s, n, aicc, Math.sqrt(out[2]) * (multError ? 1 : unit));
        }
    }
}
