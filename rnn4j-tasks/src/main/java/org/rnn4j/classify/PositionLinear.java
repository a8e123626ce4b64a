package org.rnn4j.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.util.Rng;

/**
 * Multinomial logistic regression on the position-wise one-hot code of token sequences of one length:
 * the classic model of aligned sites (a position weight matrix per class), and the baseline a
 * recurrent classifier of such sequences has to beat.
 *
 * <p>Legend: N sequences, L positions, V tokens, C classes. The score of class c for a sequence x is
 * {@code z_c = b_c + Σ_t W[c, t·V + x_t]}; the fit minimizes the mean cross-entropy of softmax(z),
 * each sequence weighted by its class's weight when given ({@code Σ w[y]·CE / Σ w[y]}), plus
 * {@code λ/2·|W|²} (the biases are not penalized), by L-BFGS to convergence. The objective is convex,
 * so the fit does not depend on a seed; only the cross-validation that chooses λ does.
 *
 * @param positions L
 * @param vocab     V
 * @param lambda    the L2 strength the weights were fitted with
 * @param weights   [C, L·V + 1] row-major, each class's bias last
 */
public record PositionLinear(int positions, int vocab, int classes, double lambda, double[] weights) {

    /** The L2 strengths {@link #chooseLambda} tries. */
    static final double[] LAMBDAS = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1};
    /** Folds of the cross-validation that chooses λ, at most. */
    static final int LAMBDA_FOLDS = 5;
    /** Above this many sequences λ is chosen on the first fold only. */
    static final int ALL_FOLDS_UP_TO = 5000;
    /** The model is not fitted above this many weights (it is kept in the model directory's JSON). */
    public static final long MAX_WEIGHTS = 500_000;
    /** The model is not fitted to more than this many sequence positions × classes (its cost per evaluation). */
    public static final long MAX_WORK = 5_000_000;
    private static final int MAX_ITERATIONS = 500;
    private static final int MEMORY = 10;
    private static final double GRADIENT_TOLERANCE = 1e-7;

    public PositionLinear {
        if (positions < 1 || vocab < 1 || classes < 2 || !(lambda >= 0)
                || weights.length != (long) classes * (positions * (long) vocab + 1)) {
            throw new InvalidInputException(
                    "a position-wise linear model needs positions, tokens and classes >= 1, 1, 2,"
                            + " λ >= 0 and " + classes + "×(" + positions + "×" + vocab + "+1) weights; got "
                            + weights.length);
        }
    }

    /** Whether a model of {@code positions} × {@code vocab} inputs and {@code classes} outputs is small enough to fit. */
    public static boolean fits(int positions, int vocab, int classes) {
        return (long) classes * (positions * (long) vocab + 1) <= MAX_WEIGHTS;
    }

    /**
     * Fits the model to {@code data} (token sequences, all of length {@code positions}).
     *
     * @param classWeights [C] weights of each class's cross-entropy, or null for the plain mean
     * @throws InvalidInputException for dense sequences or a sequence of another length
     */
    public static PositionLinear fit(LabelledSequences data, int vocab, int classes, double lambda,
            double[] classWeights) {
        return fit(data, vocab, classes, lambda, classWeights, null);
    }

    /** {@link #fit(LabelledSequences, int, int, double, double[])} from {@code start}'s weights (null: zeros). */
    static PositionLinear fit(LabelledSequences data, int vocab, int classes, double lambda, double[] classWeights,
            PositionLinear start) {
        int positions = requireAligned(data, -1);
        Objective f = new Objective(data, positions, vocab, classes, lambda, classWeights);
        double[] w = start == null ? new double[classes * (positions * vocab + 1)] : start.weights().clone();
        minimize(f, w);
        return new PositionLinear(positions, vocab, classes, lambda, w);
    }

    /**
     * Whether fitting the model to {@code sequences} sequences is cheap beside training the network: one
     * evaluation of the objective reads every sequence's positions once per class.
     */
    public static boolean affordable(long sequences, int positions, int classes) {
        return sequences * positions * (long) classes <= MAX_WORK;
    }

    /**
     * The λ of {@link #LAMBDAS} with the lowest cross-validated mean cross-entropy on {@code data}: a
     * stratified {@code min(5, smallest class)}-fold split drawn from {@code seed}, every fold scored up to
     * {@value #ALL_FOLDS_UP_TO} sequences and the first one only above; the middle of the grid when a
     * class has a single sequence.
     */
    public static double chooseLambda(LabelledSequences data, int vocab, int classes, double[] classWeights,
            long seed) {
        requireAligned(data, -1);
        int[] counts = new int[classes];
        for (int y : data.labels()) {
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
        int[] fold = stratifiedFolds(data.labels(), classes, k, new Rng(seed));
        double[] loss = new double[LAMBDAS.length];
        // on a large set one held-out fold decides as well as all of them, at a fifth of the cost
        int scored = data.size() > ALL_FOLDS_UP_TO ? 1 : k;
        for (int i = 0; i < scored; i++) {
            List<Integer> in = new ArrayList<>();
            List<Integer> out = new ArrayList<>();
            for (int j = 0; j < fold.length; j++) {
                (fold[j] == i ? out : in).add(j);
            }
            LabelledSequences train = subset(data, in);
            LabelledSequences held = subset(data, out);
            // from the strongest penalty to the weakest, each fit starting where the last one ended
            PositionLinear previous = null;
            for (int l = LAMBDAS.length - 1; l >= 0; l--) {
                previous = fit(train, vocab, classes, LAMBDAS[l], classWeights, previous);
                double[] sums = previous.lossSums(held, classWeights);
                loss[l] += sums[0] / sums[1];
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

    /**
     * Class probabilities of every sequence.
     *
     * @return [N][C], rows summing to 1
     * @throws InvalidInputException for a sequence of another length than the model's
     */
    public double[][] probabilities(LabelledSequences data) {
        requireAligned(data, positions);
        double[][] out = new double[data.size()][classes];
        for (int i = 0; i < data.size(); i++) {
            softmaxInPlace(scores(data.tokens()[i], weights, out[i]));
        }
        return out;
    }

    /** {@code Σ w[y]·(-log p[y])} and {@code Σ w[y]} over {@code data} (w = 1 without class weights). */
    double[] lossSums(LabelledSequences data, double[] classWeights) {
        double[][] p = probabilities(data);
        double[] sums = new double[2];
        for (int i = 0; i < p.length; i++) {
            int y = data.labels()[i];
            double w = classWeights == null ? 1 : classWeights[y];
            sums[0] -= w * Math.log(Math.max(p[i][y], Double.MIN_NORMAL));
            sums[1] += w;
        }
        return sums;
    }

    /** {@code z} = the C scores of {@code tokens} under {@code w}; returns {@code z}. */
    private double[] scores(int[] tokens, double[] w, double[] z) {
        int row = positions * vocab + 1;
        for (int c = 0; c < classes; c++) {
            int base = c * row;
            double s = w[base + row - 1];
            for (int t = 0; t < tokens.length; t++) {
                s += w[base + t * vocab + tokens[t]];
            }
            z[c] = s;
        }
        return z;
    }

    private static void softmaxInPlace(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
    }

    /** The saved form: {@code {"positions", "tokens", "classes", "lambda", "weights": [C·(L·V+1)]}}. */
    public ObjectNode toJson() {
        ObjectNode o = ModelDirectory.newObject();
        o.put("positions", positions);
        o.put("tokens", vocab);
        o.put("classes", classes);
        o.put("lambda", lambda);
        ArrayNode a = o.putArray("weights");
        for (double v : weights) {
            a.add(v);
        }
        return o;
    }

    /** {@link #toJson()} read back. @throws InvalidInputException naming {@code source} when it is malformed */
    public static PositionLinear fromJson(JsonNode o, String source) {
        JsonNode a = o == null ? null : o.get("weights");
        if (o == null || !o.isObject() || a == null || !a.isArray()) {
            throw new InvalidInputException(source + ": the position-wise linear model must be an object with a"
                    + " weights array, got " + o);
        }
        double[] w = new double[a.size()];
        for (int i = 0; i < w.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new InvalidInputException(source + ": linear weight " + i + " is not a number: " + a.get(i));
            }
            w[i] = a.get(i).asDouble();
        }
        try {
            return new PositionLinear(o.path("positions").asInt(), o.path("tokens").asInt(), o.path("classes").asInt(),
                    o.path("lambda").asDouble(-1), w);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": " + e.getMessage());
        }
    }

    /** The one length of {@code data}'s token sequences, which must be {@code want} when it is positive. */
    private static int requireAligned(LabelledSequences data, int want) {
        if (data.dense()) {
            throw new InvalidInputException("a position-wise linear model reads token sequences, not dense features");
        }
        int length = want > 0 ? want : data.length(0);
        for (int i = 0; i < data.size(); i++) {
            if (data.length(i) != length) {
                throw new InvalidInputException("this classifier reads sequences of exactly " + length
                        + " tokens; sequence '" + data.ids().get(i) + "' has " + data.length(i));
            }
        }
        return length;
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

    static LabelledSequences subset(LabelledSequences s, List<Integer> keep) {
        int n = keep.size();
        List<String> ids = new ArrayList<>(n);
        int[][] tokens = new int[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int j = keep.get(i);
            ids.add(s.ids().get(j));
            tokens[i] = s.tokens()[j];
            labels[i] = s.labels()[j];
        }
        return new LabelledSequences(ids, null, tokens, labels, s.classNames());
    }

    /** The training objective and its gradient, summed in double. */
    static final class Objective {
        private final int[][] tokens;
        private final int[] labels;
        private final double[] rowWeight; // [N], w[y_i] / Σ w[y]
        private final int positions;
        private final int vocab;
        private final int classes;
        private final double lambda;
        private final double[] z;

        Objective(LabelledSequences data, int positions, int vocab, int classes, double lambda,
                double[] classWeights) {
            this.tokens = data.tokens();
            this.labels = data.labels();
            this.positions = positions;
            this.vocab = vocab;
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
            for (int[] seq : tokens) {
                for (int t : seq) {
                    if (t < 0 || t >= vocab) {
                        throw new InvalidInputException("token id " + t + " is outside the vocabulary of " + vocab);
                    }
                }
            }
        }

        int size() {
            return classes * (positions * vocab + 1);
        }

        /** The objective at {@code w}; its gradient is written into {@code dW}. */
        double valueAndGradient(double[] w, double[] dW) {
            int row = positions * vocab + 1;
            Arrays.fill(dW, 0);
            double loss = 0;
            for (int i = 0; i < tokens.length; i++) {
                int[] x = tokens[i];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    int base = c * row;
                    double s = w[base + row - 1];
                    for (int t = 0; t < x.length; t++) {
                        s += w[base + t * vocab + x[t]];
                    }
                    z[c] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(z[c] - max);
                }
                double logSum = max + Math.log(sum);
                loss += rowWeight[i] * (logSum - z[labels[i]]);
                for (int c = 0; c < classes; c++) {
                    double dz = rowWeight[i] * (Math.exp(z[c] - logSum) - (c == labels[i] ? 1 : 0));
                    int base = c * row;
                    dW[base + row - 1] += dz;
                    for (int t = 0; t < x.length; t++) {
                        dW[base + t * vocab + x[t]] += dz;
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
