package org.rnn4j.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.io.ModelDirectory;

/**
 * Multinomial logistic regression ({@link Multinomial}) on summary features of dense sequences of any
 * length: each input feature's mean, standard deviation, first and last value over the sequence's steps,
 * and the number of steps, each standardized by its training mean and standard deviation. A strong simple
 * baseline of short multivariate series (Japanese vowels), and what a recurrent classifier blends in
 * there.
 *
 * <p>Legend: F input features, D = 4F + 1 summaries (feature j's mean, sd, first and last at 4j..4j+3,
 * the length last), C classes.
 *
 * @param features F
 * @param lambda   the L2 strength the weights were fitted with
 * @param mean     [D] training mean of each summary
 * @param std      [D] training standard deviation of each summary (1 where it is 0)
 * @param weights  [C, D + 1] row-major, each class's bias last
 */
public record SummaryLinear(int features, int classes, double lambda, double[] mean, double[] std, double[] weights)
        implements
            LinearClassifier {

    /** The saved form's {@value LinearClassifier#KIND}. */
    public static final String KIND_NAME = "summary";
    /** The model is not fitted to more than this many sequences × summaries × classes. */
    public static final long MAX_WORK = 5_000_000;

    public SummaryLinear {
        int d = 4 * features + 1;
        if (features < 1 || classes < 2 || !(lambda >= 0) || mean.length != d || std.length != d
                || weights.length != (long) classes * (d + 1)) {
            throw new InvalidInputException("a summary linear model needs features and classes >= 1, 2, λ >= 0, " + d
                    + " means and deviations and " + classes + "×" + (d + 1) + " weights; got " + weights.length);
        }
    }

    /** Whether fitting to {@code sequences} sequences is cheap beside training the network. */
    public static boolean affordable(long sequences, int features, int classes) {
        return sequences * (4L * features + 1) * classes <= MAX_WORK;
    }

    /** Fits the model to {@code data} (dense sequences). */
    public static SummaryLinear fit(LabelledSequences data, int classes, double lambda, double[] classWeights) {
        double[][] s = summaries(data);
        double[][] stats = standardization(s);
        double[] w = Multinomial.fit(rows(s, stats[0], stats[1]), data.labels(), classes, lambda, classWeights, null);
        return new SummaryLinear(data.featureCount(), classes, lambda, stats[0], stats[1], w);
    }

    /**
     * The λ with the lowest cross-validated cross-entropy on {@code data} ({@link Multinomial#chooseLambda});
     * the summaries are standardized by all of {@code data}'s statistics, which moves λ's choice little.
     */
    public static double chooseLambda(LabelledSequences data, int classes, double[] classWeights, long seed) {
        double[][] s = summaries(data);
        double[][] stats = standardization(s);
        return Multinomial.chooseLambda(rows(s, stats[0], stats[1]), data.labels(), classes, classWeights, seed);
    }

    /** Each summary's mean and standard deviation over {@code s} (1 where it is 0): {mean[D], std[D]}. */
    private static double[][] standardization(double[][] s) {
        int d = s[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (double[] r : s) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / s.length;
            }
        }
        for (double[] r : s) {
            for (int j = 0; j < d; j++) {
                std[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / s.length;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = std[j] > 1e-24 ? Math.sqrt(std[j]) : 1;
        }
        return new double[][] {mean, std};
    }

    @Override
    public double[][] probabilities(LabelledSequences data) {
        if (!data.dense() || data.featureCount() != features) {
            throw new InvalidInputException("this classifier's summary model reads " + features
                    + " dense features a step, got " + (data.dense() ? data.featureCount() + " features" : "tokens"));
        }
        return Multinomial.probabilities(weights, rows(summaries(data), mean, std), classes);
    }

    /** Each sequence's D summaries, in double: [N][4F + 1]. */
    static double[][] summaries(LabelledSequences data) {
        if (!data.dense()) {
            throw new InvalidInputException("a summary linear model reads dense sequences, not tokens");
        }
        int f = data.featureCount();
        double[][] out = new double[data.size()][4 * f + 1];
        for (int i = 0; i < data.size(); i++) {
            float[][] x = data.features()[i];
            int steps = x.length;
            for (int j = 0; j < f; j++) {
                double m = 0;
                for (float[] step : x) {
                    m += step[j];
                }
                m /= steps;
                double v = 0;
                for (float[] step : x) {
                    v += (step[j] - m) * (step[j] - m);
                }
                out[i][4 * j] = m;
                out[i][4 * j + 1] = Math.sqrt(v / steps);
                out[i][4 * j + 2] = x[0][j];
                out[i][4 * j + 3] = x[steps - 1][j];
            }
            out[i][4 * f] = steps;
        }
        return out;
    }

    private static Multinomial.Rows rows(double[][] summaries, double[] mean, double[] std) {
        int d = mean.length;
        int[] all = new int[d];
        for (int j = 0; j < d; j++) {
            all[j] = j;
        }
        int[][] index = new int[summaries.length][];
        double[][] value = new double[summaries.length][d];
        for (int i = 0; i < summaries.length; i++) {
            index[i] = all;
            for (int j = 0; j < d; j++) {
                value[i][j] = (summaries[i][j] - mean[j]) / std[j];
            }
        }
        return new Multinomial.Rows(index, value, d);
    }

    @Override
    public String reads() {
        return "mean, sd, first and last of " + features + " features, and the length";
    }

    /**
     * The saved form: {@code {"kind": "summary", "features", "classes", "lambda", "summary_mean",
     * "summary_std", "weights": [C·(D+1)]}}.
     */
    @Override
    public ObjectNode toJson() {
        ObjectNode o = ModelDirectory.newObject();
        o.put(KIND, KIND_NAME);
        o.put("features", features);
        o.put("classes", classes);
        o.put("lambda", lambda);
        LinearClassifier.putNumbers(o, "summary_mean", mean);
        LinearClassifier.putNumbers(o, "summary_std", std);
        LinearClassifier.putNumbers(o, "weights", weights);
        return o;
    }

    /** {@link #toJson()} read back. @throws InvalidInputException naming {@code source} when it is malformed */
    public static SummaryLinear fromJson(JsonNode o, String source) {
        double[] w = LinearClassifier.weights(o, "weights", source);
        double[] mean = LinearClassifier.weights(o, "summary_mean", source);
        double[] std = LinearClassifier.weights(o, "summary_std", source);
        try {
            return new SummaryLinear(o.path("features").asInt(), o.path("classes").asInt(),
                    o.path("lambda").asDouble(-1),
                    mean, std, w);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": " + e.getMessage());
        }
    }
}
