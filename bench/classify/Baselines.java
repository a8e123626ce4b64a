import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The simple baselines the benchmark holds rnn4j against, each fitted on the training sequences only:
 * multinomial logistic regression (L2, its strength chosen on a stratified 20% of the training
 * sequences, then refitted on all of them) on fixed features, and 1-nearest-neighbour under dynamic
 * time warping for numeric sequences.
 */
final class Baselines {

    private static final double[] LAMBDAS = {1e-4, 1e-3, 1e-2, 1e-1};

    private Baselines() {
    }

    /** Position-wise one-hot of equal-length strings over {@code alphabet}: [n][L·|alphabet|]. */
    static double[][] oneHot(List<String> seqs, String alphabet) {
        int len = seqs.get(0).length();
        double[][] x = new double[seqs.size()][len * alphabet.length()];
        for (int i = 0; i < seqs.size(); i++) {
            String s = seqs.get(i);
            if (s.length() != len) {
                throw new IllegalArgumentException("one-hot needs equal lengths, got " + s.length() + " and " + len);
            }
            for (int t = 0; t < len; t++) {
                int a = alphabet.indexOf(s.charAt(t));
                if (a >= 0) {
                    x[i][t * alphabet.length() + a] = 1;
                }
            }
        }
        return x;
    }

    /** Per feature: mean, standard deviation, first and last value; and the length: [n][4F + 1]. */
    static double[][] summary(List<float[][]> seqs) {
        int f = seqs.get(0)[0].length;
        double[][] x = new double[seqs.size()][4 * f + 1];
        for (int i = 0; i < seqs.size(); i++) {
            float[][] s = seqs.get(i);
            for (int j = 0; j < f; j++) {
                double m = 0;
                for (float[] row : s) {
                    m += row[j];
                }
                m /= s.length;
                double v = 0;
                for (float[] row : s) {
                    v += (row[j] - m) * (row[j] - m);
                }
                x[i][4 * j] = m;
                x[i][4 * j + 1] = Math.sqrt(v / s.length);
                x[i][4 * j + 2] = s[0][j];
                x[i][4 * j + 3] = s[s.length - 1][j];
            }
            x[i][4 * f] = s.length;
        }
        return x;
    }

    /** Logistic regression on {@code train} features, predicting {@code test}'s classes. */
    static int[] logisticRegression(double[][] train, int[] y, int classes, double[][] test, long seed) {
        double[][][] z = standardize(train, test);
        double[][] tr = z[0];
        double[][] te = z[1];
        // the L2 strength with the best log-loss on a stratified 20% of the training rows
        List<Integer> fit = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        Random rnd = new Random(seed);
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] == c) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, rnd);
            int take = (int) Math.round(0.2 * members.size());
            for (int k = 0; k < members.size(); k++) {
                (k < take ? val : fit).add(members.get(k));
            }
        }
        double best = Double.POSITIVE_INFINITY;
        double bestLambda = LAMBDAS[0];
        for (double lambda : LAMBDAS) {
            double[][] w = fitSoftmax(rows(tr, fit), labels(y, fit), classes, lambda);
            double loss = logLoss(w, rows(tr, val), labels(y, val));
            if (loss < best) {
                best = loss;
                bestLambda = lambda;
            }
        }
        double[][] w = fitSoftmax(tr, y, classes, bestLambda);
        int[] out = new int[te.length];
        for (int i = 0; i < te.length; i++) {
            double[] p = probabilities(w, te[i]);
            int arg = 0;
            for (int c = 1; c < classes; c++) {
                if (p[c] > p[arg]) {
                    arg = c;
                }
            }
            out[i] = arg;
        }
        return out;
    }

    /** 1-nearest neighbour of each test sequence among the training ones under DTW (squared Euclidean steps). */
    static int[] nearestNeighbourDtw(List<float[][]> train, int[] y, List<float[][]> test) {
        int[] out = new int[test.size()];
        for (int i = 0; i < test.size(); i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < train.size(); j++) {
                double d = dtw(test.get(i), train.get(j), best);
                if (d < best) {
                    best = d;
                    out[i] = y[j];
                }
            }
        }
        return out;
    }

    private static double dtw(float[][] a, float[][] b, double cutoff) {
        int n = a.length;
        int m = b.length;
        double[] prev = new double[m + 1];
        double[] cur = new double[m + 1];
        Arrays.fill(prev, Double.POSITIVE_INFINITY);
        prev[0] = 0;
        for (int i = 1; i <= n; i++) {
            Arrays.fill(cur, Double.POSITIVE_INFINITY);
            double rowMin = Double.POSITIVE_INFINITY;
            for (int j = 1; j <= m; j++) {
                double d = 0;
                for (int k = 0; k < a[i - 1].length; k++) {
                    double e = a[i - 1][k] - b[j - 1][k];
                    d += e * e;
                }
                cur[j] = d + Math.min(prev[j - 1], Math.min(prev[j], cur[j - 1]));
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= cutoff) {
                return Double.POSITIVE_INFINITY;   // every path is already worse than the best neighbour
            }
            double[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[m];
    }

    /** Full-batch gradient descent (Adam) on the mean cross-entropy plus {@code lambda/2·|W|²}. */
    private static double[][] fitSoftmax(double[][] x, int[] y, int classes, double lambda) {
        int d = x[0].length + 1;
        double[][] w = new double[classes][d];
        double[][] m = new double[classes][d];
        double[][] v = new double[classes][d];
        double lr = 0.05;
        for (int it = 1; it <= 400; it++) {
            double[][] g = new double[classes][d];
            for (int i = 0; i < x.length; i++) {
                double[] p = probabilities(w, x[i]);
                for (int c = 0; c < classes; c++) {
                    double e = (p[c] - (y[i] == c ? 1 : 0)) / x.length;
                    for (int j = 0; j < d - 1; j++) {
                        g[c][j] += e * x[i][j];
                    }
                    g[c][d - 1] += e;
                }
            }
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < d; j++) {
                    double gj = g[c][j] + (j < d - 1 ? lambda * w[c][j] : 0);
                    m[c][j] = 0.9 * m[c][j] + 0.1 * gj;
                    v[c][j] = 0.999 * v[c][j] + 0.001 * gj * gj;
                    double mh = m[c][j] / (1 - Math.pow(0.9, it));
                    double vh = v[c][j] / (1 - Math.pow(0.999, it));
                    w[c][j] -= lr * mh / (Math.sqrt(vh) + 1e-8);
                }
            }
        }
        return w;
    }

    private static double[] probabilities(double[][] w, double[] x) {
        int classes = w.length;
        double[] z = new double[classes];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double s = w[c][x.length];
            for (int j = 0; j < x.length; j++) {
                s += w[c][j] * x[j];
            }
            z[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < classes; c++) {
            z[c] /= sum;
        }
        return z;
    }

    private static double logLoss(double[][] w, double[][] x, int[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s -= Math.log(Math.max(1e-300, probabilities(w, x[i])[y[i]]));
        }
        return s / x.length;
    }

    private static double[][][] standardize(double[][] train, double[][] test) {
        int d = train[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] r : train) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / train.length;
            }
        }
        for (double[] r : train) {
            for (int j = 0; j < d; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / train.length;
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = sd[j] > 1e-12 ? Math.sqrt(sd[j]) : 1;
        }
        return new double[][][] {scale(train, mean, sd), scale(test, mean, sd)};
    }

    private static double[][] scale(double[][] x, double[] mean, double[] sd) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = (x[i][j] - mean[j]) / sd[j];
            }
        }
        return out;
    }

    private static double[][] rows(double[][] x, List<Integer> idx) {
        double[][] out = new double[idx.size()][];
        for (int i = 0; i < idx.size(); i++) {
            out[i] = x[idx.get(i)];
        }
        return out;
    }

    private static int[] labels(int[] y, List<Integer> idx) {
        int[] out = new int[idx.size()];
        for (int i = 0; i < idx.size(); i++) {
            out[i] = y[idx.get(i)];
        }
        return out;
    }
}
