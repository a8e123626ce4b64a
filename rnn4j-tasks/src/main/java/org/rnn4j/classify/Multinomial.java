package org.rnn4j.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnn4j.util.Rng;

/**
 * Multinomial logistic regression with an L2 penalty, the fitting behind the linear models a classifier
 * blends in ({@link PositionLinear}, {@link SummaryLinear}): rows of D features, each kept sparse (the
 * indices of its non-zero features and their values), C classes.
 *
 * <p>Weights are [C, D + 1] row-major, each class's bias last. The score of class c for row x is
 * {@code z_c = b_c + Σ_j W[c, j]·x_j}; the fit minimizes the mean cross-entropy of softmax(z), each row
 * weighted by its class's weight when given ({@code Σ w[y]·CE / Σ w[y]}), plus {@code λ/2·|W|²} (the
 * biases are not penalized), by L-BFGS to convergence. The objective is convex, so the fit does not
 * depend on a seed; only the cross-validation that chooses λ does.
 */
final class Multinomial {

    /** The L2 strengths {@link #chooseLambda} tries. */
    static final double[] LAMBDAS = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1};
    /** Folds of the cross-validation that chooses λ, at most. */
    static final int LAMBDA_FOLDS = 5;
    /** Above this many rows λ is chosen on the first fold only. */
    static final int ALL_FOLDS_UP_TO = 5000;
    private static final int MAX_ITERATIONS = 500;
    private static final int MEMORY = 10;
    private static final double GRADIENT_TOLERANCE = 1e-7;

    private Multinomial() {
    }

    /**
     * N rows of D features: row i's non-zero features are {@code index[i]}, with values {@code value[i]}
     * (null: all 1, a one-hot code).
     */
    record Rows(int[][] index, double[][] value, int dims) {

        int size() {
            return index.length;
        }

        Rows subset(List<Integer> keep) {
            int[][] ix = new int[keep.size()][];
            double[][] vx = value == null ? null : new double[keep.size()][];
            for (int i = 0; i < ix.length; i++) {
                ix[i] = index[keep.get(i)];
                if (vx != null) {
                    vx[i] = value[keep.get(i)];
                }
            }
            return new Rows(ix, vx, dims);
        }
    }

    /** The weights fitted to {@code x} and {@code labels}, from {@code start} (null: zeros). */
    static double[] fit(Rows x, int[] labels, int classes, double lambda, double[] classWeights, double[] start) {
        Objective f = new Objective(x, labels, classes, lambda, classWeights);
        double[] w = start == null ? new double[f.size()] : start.clone();
        minimize(f, w);
        return w;
    }

    /** Class probabilities of every row under {@code w}: [N][C], rows summing to 1. */
    static double[][] probabilities(double[] w, Rows x, int classes) {
        double[][] out = new double[x.size()][classes];
        for (int i = 0; i < x.size(); i++) {
            scores(w, x, i, classes, out[i]);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : out[i]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                out[i][c] = Math.exp(out[i][c] - max);
                sum += out[i][c];
            }
            for (int c = 0; c < classes; c++) {
                out[i][c] /= sum;
            }
        }
        return out;
    }

    /** {@code z} = the C scores of row {@code i} under {@code w}. */
    private static void scores(double[] w, Rows x, int i, int classes, double[] z) {
        int row = x.dims() + 1;
        int[] ix = x.index()[i];
        double[] vx = x.value() == null ? null : x.value()[i];
        for (int c = 0; c < classes; c++) {
            int base = c * row;
            double s = w[base + row - 1];
            for (int k = 0; k < ix.length; k++) {
                s += vx == null ? w[base + ix[k]] : w[base + ix[k]] * vx[k];
            }
            z[c] = s;
        }
    }

    /** The mean cross-entropy of {@code p} against {@code labels}, class-weighted when {@code classWeights} is given. */
    static double crossEntropy(double[][] p, int[] labels, double[] classWeights) {
        double sum = 0;
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            double w = classWeights == null ? 1 : classWeights[labels[i]];
            sum -= w * Math.log(Math.max(p[i][labels[i]], Double.MIN_NORMAL));
            total += w;
        }
        return sum / total;
    }

    /**
     * The λ of {@link #LAMBDAS} with the lowest cross-validated mean cross-entropy: a stratified
     * {@code min(5, smallest class)}-fold split drawn from {@code seed}, every fold scored up to
     * {@value #ALL_FOLDS_UP_TO} rows and the first one only above; the middle of the grid when a class has
     * a single row.
     */
    static double chooseLambda(Rows x, int[] labels, int classes, double[] classWeights, long seed) {
        int[] counts = new int[classes];
        for (int y : labels) {
            counts[y]++;
        }
        int smallest = Integer.MAX_VALUE;
        for (int c : counts) {
            if (c > 0) {
                smallest = Math.min(smallest, c);
            }
        }
        int k = Math.min(LAMBDA_FOLDS, smallest);
        if (k < 2) {
            return LAMBDAS[LAMBDAS.length / 2];
        }
        int[] fold = stratifiedFolds(labels, classes, k, new Rng(seed));
        double[] loss = new double[LAMBDAS.length];
        // on a large set one held-out fold decides as well as all of them, at a fifth of the cost
        int scored = labels.length > ALL_FOLDS_UP_TO ? 1 : k;
        for (int i = 0; i < scored; i++) {
            List<Integer> in = new ArrayList<>();
            List<Integer> out = new ArrayList<>();
            for (int j = 0; j < fold.length; j++) {
                (fold[j] == i ? out : in).add(j);
            }
            Rows train = x.subset(in);
            Rows held = x.subset(out);
            int[] trainLabels = in.stream().mapToInt(j -> labels[j]).toArray();
            int[] heldLabels = out.stream().mapToInt(j -> labels[j]).toArray();
            // from the strongest penalty to the weakest, each fit starting where the last one ended
            double[] previous = null;
            for (int l = LAMBDAS.length - 1; l >= 0; l--) {
                previous = fit(train, trainLabels, classes, LAMBDAS[l], classWeights, previous);
                loss[l] += crossEntropy(probabilities(previous, held, classes), heldLabels, classWeights);
            }
        }
        int best = LAMBDAS.length - 1;
        for (int l = LAMBDAS.length - 2; l >= 0; l--) {
            if (loss[l] < loss[best]) {
                best = l;
            }
        }
        return LAMBDAS[best];
    }

    /** Each class's members, in an order drawn from {@code rng}, dealt to {@code k} folds in turn. */
    static int[] stratifiedFolds(int[] labels, int classes, int k, Rng rng) {
        int[] fold = new int[labels.length];
        int next = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            for (int i = members.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
            }
            for (int m : members) {
                fold[m] = next;
                next = (next + 1) % k;
            }
        }
        return fold;
    }

    /** The training objective and its gradient, summed in double. */
    static final class Objective {
        private final Rows x;
        private final int[] labels;
        private final double[] rowWeight; // [N], w[y_i] / Σ w[y]
        private final int classes;
        private final double lambda;
        private final double[] z;

        Objective(Rows x, int[] labels, int classes, double lambda, double[] classWeights) {
            this.x = x;
            this.labels = labels;
            this.classes = classes;
            this.lambda = lambda;
            this.z = new double[classes];
            rowWeight = new double[labels.length];
            double total = 0;
            for (int i = 0; i < labels.length; i++) {
                rowWeight[i] = classWeights == null ? 1 : classWeights[labels[i]];
                total += rowWeight[i];
            }
            for (int i = 0; i < labels.length; i++) {
                rowWeight[i] /= total;
            }
        }

        int size() {
            return classes * (x.dims() + 1);
        }

        /** The objective at {@code w}; its gradient is written into {@code dW}. */
        double valueAndGradient(double[] w, double[] dW) {
            int row = x.dims() + 1;
            Arrays.fill(dW, 0);
            double loss = 0;
            for (int i = 0; i < labels.length; i++) {
                scores(w, x, i, classes, z);
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(z[c] - max);
                }
                double logSum = max + Math.log(sum);
                loss += rowWeight[i] * (logSum - z[labels[i]]);
                int[] ix = x.index()[i];
                double[] vx = x.value() == null ? null : x.value()[i];
                for (int c = 0; c < classes; c++) {
                    double dz = rowWeight[i] * (Math.exp(z[c] - logSum) - (c == labels[i] ? 1 : 0));
                    int base = c * row;
                    dW[base + row - 1] += dz;
                    for (int k = 0; k < ix.length; k++) {
                        dW[base + ix[k]] += vx == null ? dz : dz * vx[k];
                    }
                }
            }
            for (int c = 0; c < classes; c++) {
                for (int j = c * row; j < (c + 1) * row - 1; j++) {
                    loss += 0.5 * lambda * w[j] * w[j];
                    dW[j] += lambda * w[j];
                }
            }
            return loss;
        }
    }

    /**
     * L-BFGS (Nocedal and Wright, Algorithm 7.4, memory {@value #MEMORY}) with a backtracking Armijo
     * line search, from {@code w} in place, until the largest gradient component is below
     * {@value #GRADIENT_TOLERANCE} or {@value #MAX_ITERATIONS} iterations.
     */
    static void minimize(Objective f, double[] w) {
        int d = w.length;
        double[] g = new double[d];
        double[] gNew = new double[d];
        double[] wNew = new double[d];
        double[] dir = new double[d];
        double[][] s = new double[MEMORY][d];
        double[][] y = new double[MEMORY][d];
        double[] rho = new double[MEMORY];
        double[] alpha = new double[MEMORY];
        double fx = f.valueAndGradient(w, g);
        int stored = 0;
        int newest = -1;
        for (int it = 0; it < MAX_ITERATIONS && maxAbs(g) > GRADIENT_TOLERANCE; it++) {
            // two-loop recursion: dir = -H·g
            for (int j = 0; j < d; j++) {
                dir[j] = -g[j];
            }
            for (int k = 0; k < stored; k++) {
                int m = Math.floorMod(newest - k, MEMORY);
                alpha[m] = rho[m] * dot(s[m], dir);
                axpy(-alpha[m], y[m], dir);
            }
            double gamma = stored == 0
                    ? 1 / Math.max(1, Math.sqrt(dot(g, g)))
                    : dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
            for (int j = 0; j < d; j++) {
                dir[j] *= gamma;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int m = Math.floorMod(newest - k, MEMORY);
                double beta = rho[m] * dot(y[m], dir);
                axpy(alpha[m] - beta, s[m], dir);
            }
            double slope = dot(g, dir);
            if (!(slope < 0)) {
                // not a descent direction (rounding): restart from steepest descent
                stored = 0;
                double norm = Math.max(1, Math.sqrt(dot(g, g)));
                for (int j = 0; j < d; j++) {
                    dir[j] = -g[j] / norm;
                }
                slope = dot(g, dir);
            }
            double step = 1;
            double fNew = Double.NaN;
            for (int tries = 0; tries < 40; tries++) {
                for (int j = 0; j < d; j++) {
                    wNew[j] = w[j] + step * dir[j];
                }
                fNew = f.valueAndGradient(wNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope) {
                    break;
                }
                step *= 0.5;
            }
            if (!(fNew <= fx)) {
                return;   // no decrease along the direction: w is as good as rounding allows
            }
            newest = (newest + 1) % MEMORY;
            for (int j = 0; j < d; j++) {
                s[newest][j] = wNew[j] - w[j];
                y[newest][j] = gNew[j] - g[j];
            }
            double sy = dot(s[newest], y[newest]);
            System.arraycopy(wNew, 0, w, 0, d);
            System.arraycopy(gNew, 0, g, 0, d);
            double previous = fx;
            fx = fNew;
            if (sy > 1e-12) {
                rho[newest] = 1 / sy;
                stored = Math.min(stored + 1, MEMORY);
            } else {
                stored = 0;   // a pair without curvature would spoil the inverse Hessian: start the memory again
            }
            if (previous - fx <= 1e-15 * Math.max(1, Math.abs(fx))) {
                return;
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
