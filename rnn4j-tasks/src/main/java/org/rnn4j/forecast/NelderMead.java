package org.rnn4j.forecast;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Derivative-free minimization by the Nelder–Mead simplex (Nelder and Mead 1965), with the
 * dimension-adaptive coefficients of Gao and Han (2012, "Implementing the Nelder-Mead simplex algorithm
 * with adaptive parameters"), which keep the simplex from collapsing in a dozen or more dimensions (an
 * ETS model with a monthly season has up to 17 parameters). An infeasible point is given the value
 * {@code +∞} by the objective and is never accepted.
 */
final class NelderMead {

    /** The best point found and its value. */
    record Result(double[] point, double value, int evaluations) {
    }

    private NelderMead() {
    }

    /**
     * Minimizes {@code f} from {@code start} (which must be feasible), with initial simplex steps
     * {@code steps[i]} along each axis, until the values of the simplex agree to {@code tolerance}
     * (relative) or {@code maxEvaluations} is spent.
     */
    static Result minimize(ToDoubleFunction<double[]> f, double[] start, double[] steps, double tolerance,
            int maxEvaluations) {
        int n = start.length;
        double alpha = 1;
        double beta = 1 + 2.0 / n;
        double gamma = 0.75 - 1.0 / (2 * n);
        double delta = 1 - 1.0 / n;
        double[][] x = new double[n + 1][];
        double[] fx = new double[n + 1];
        x[0] = start.clone();
        fx[0] = f.applyAsDouble(x[0]);
        int evaluations = 1;
        for (int i = 0; i < n; i++) {
            x[i + 1] = start.clone();
            x[i + 1][i] += steps[i];
            fx[i + 1] = f.applyAsDouble(x[i + 1]);
            if (fx[i + 1] == Double.POSITIVE_INFINITY) {
                // the step left the feasible region: go the other way
                x[i + 1][i] = start[i] - steps[i];
                fx[i + 1] = f.applyAsDouble(x[i + 1]);
                evaluations++;
            }
            evaluations++;
        }
        Integer[] order = new Integer[n + 1];
        double[] centroid = new double[n];
        double[] xr = new double[n];
        double[] xe = new double[n];
        double[] xc = new double[n];
        while (evaluations < maxEvaluations) {
            for (int i = 0; i <= n; i++) {
                order[i] = i;
            }
            final double[] values = fx;
            Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
            double[][] xs = new double[n + 1][];
            double[] fs = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                xs[i] = x[order[i]];
                fs[i] = fx[order[i]];
            }
            x = xs;
            fx = fs;
            double best = fx[0];
            double worst = fx[n];
            if (Double.isFinite(worst) && Math.abs(worst - best) <= tolerance * (Math.abs(best) + 1e-10)) {
                break;
            }
            Arrays.fill(centroid, 0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    centroid[j] += x[i][j] / n;
                }
            }
            for (int j = 0; j < n; j++) {
                xr[j] = centroid[j] + alpha * (centroid[j] - x[n][j]);
            }
            double fr = f.applyAsDouble(xr);
            evaluations++;
            if (fr < fx[0]) {
                for (int j = 0; j < n; j++) {
                    xe[j] = centroid[j] + beta * (xr[j] - centroid[j]);
                }
                double fe = f.applyAsDouble(xe);
                evaluations++;
                if (fe < fr) {
                    x[n] = xe.clone();
                    fx[n] = fe;
                } else {
                    x[n] = xr.clone();
                    fx[n] = fr;
                }
                continue;
            }
            if (fr < fx[n - 1]) {
                x[n] = xr.clone();
                fx[n] = fr;
                continue;
            }
            boolean outside = fr < fx[n];
            for (int j = 0; j < n; j++) {
                xc[j] = outside
                        ? centroid[j] + gamma * (xr[j] - centroid[j])
                        : centroid[j] - gamma * (centroid[j] - x[n][j]);
            }
            double fc = f.applyAsDouble(xc);
            evaluations++;
            if (fc < Math.min(fr, fx[n])) {
                x[n] = xc.clone();
                fx[n] = fc;
                continue;
            }
            for (int i = 1; i <= n; i++) {
                for (int j = 0; j < n; j++) {
                    x[i][j] = x[0][j] + delta * (x[i][j] - x[0][j]);
                }
                fx[i] = f.applyAsDouble(x[i]);
                evaluations++;
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) {
            if (fx[i] < fx[best]) {
                best = i;
            }
        }
        return new Result(x[best].clone(), fx[best], evaluations);
    }
}
