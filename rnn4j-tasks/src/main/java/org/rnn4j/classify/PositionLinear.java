package org.rnn4j.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.io.ModelDirectory;

/**
 * Multinomial logistic regression ({@link Multinomial}) on the position-wise one-hot code of token
 * sequences of one length, and, where the weights stay few enough, on the one-hot code of each adjacent
 * pair of tokens: the classic models of aligned sites (a position weight matrix per class, and the weight
 * array model of neighbouring positions' dependence, as in splice-site recognition), and the baseline a
 * recurrent classifier of such sequences has to beat.
 *
 * <p>Legend: L positions, V tokens, C classes, D = L·V (+ (L−1)·V² with pairs). The score of class c for
 * a sequence x is {@code z_c = b_c + Σ_t W[c, t·V + x_t] (+ Σ_{t<L−1} W[c, L·V + t·V² + x_t·V + x_{t+1}])}.
 *
 * @param positions L
 * @param vocab     V
 * @param lambda    the L2 strength the weights were fitted with
 * @param weights   [C, D + 1] row-major, each class's bias last
 * @param pairs     whether the adjacent pairs are features
 */
public record PositionLinear(int positions, int vocab, int classes, double lambda, double[] weights, boolean pairs)
        implements
            LinearClassifier {

    /** The saved form's {@value LinearClassifier#KIND}. */
    public static final String KIND_NAME = "position";
    /** The model is not fitted above this many weights (it is kept in the model directory's JSON). */
    public static final long MAX_WEIGHTS = 500_000;
    /** The model is not fitted to more than this many sequence features × classes (its cost per evaluation). */
    public static final long MAX_WORK = 5_000_000;

    public PositionLinear {
        if (positions < 1 || vocab < 1 || classes < 2 || !(lambda >= 0)
                || weights.length != (long) classes * (dims(positions, vocab, pairs) + 1)) {
            throw new InvalidInputException(
                    "a position-wise linear model needs positions, tokens and classes >= 1, 1, 2,"
                            + " λ >= 0 and " + classes + "×(" + dims(positions, vocab, pairs) + "+1) weights; got "
                            + weights.length);
        }
    }

    /** A model of the positions alone. */
    public PositionLinear(int positions, int vocab, int classes, double lambda, double[] weights) {
        this(positions, vocab, classes, lambda, weights, false);
    }

    /** D: the features of one sequence's code. */
    static long dims(int positions, int vocab, boolean pairs) {
        return positions * (long) vocab + (pairs ? (positions - 1L) * vocab * vocab : 0);
    }

    /** Whether the adjacent pairs are features of a model of this size: when their weights stay within {@link #MAX_WEIGHTS}. */
    public static boolean pairs(int positions, int vocab, int classes) {
        return positions > 1 && classes * (dims(positions, vocab, true) + 1) <= MAX_WEIGHTS;
    }

    /** Whether a model of {@code positions} × {@code vocab} inputs and {@code classes} outputs is small enough to fit. */
    public static boolean fits(int positions, int vocab, int classes) {
        return (long) classes * (positions * (long) vocab + 1) <= MAX_WEIGHTS;
    }

    /**
     * Whether fitting the model to {@code sequences} sequences is cheap beside training the network: one
     * evaluation of the objective reads every sequence's features once per class.
     */
    public static boolean affordable(long sequences, int positions, int vocab, int classes) {
        long features = pairs(positions, vocab, classes) ? 2L * positions - 1 : positions;
        return sequences * features * classes <= MAX_WORK;
    }

    /**
     * Fits the model to {@code data} (token sequences, all of one length).
     *
     * @param classWeights [C] weights of each class's cross-entropy, or null for the plain mean
     * @throws InvalidInputException for dense sequences or sequences of several lengths
     */
    public static PositionLinear fit(LabelledSequences data, int vocab, int classes, double lambda,
            double[] classWeights) {
        int positions = requireAligned(data, -1);
        boolean pairs = pairs(positions, vocab, classes);
        double[] w = Multinomial.fit(rows(data, positions, vocab, pairs), data.labels(), classes, lambda, classWeights,
                null);
        return new PositionLinear(positions, vocab, classes, lambda, w, pairs);
    }

    /** The λ of {@link Multinomial#LAMBDAS} with the lowest cross-validated cross-entropy on {@code data} ({@link Multinomial#chooseLambda}). */
    public static double chooseLambda(LabelledSequences data, int vocab, int classes, double[] classWeights,
            long seed) {
        int positions = requireAligned(data, -1);
        return Multinomial.chooseLambda(rows(data, positions, vocab, pairs(positions, vocab, classes)), data.labels(),
                classes, classWeights, seed);
    }

    @Override
    public double[][] probabilities(LabelledSequences data) {
        requireAligned(data, positions);
        return Multinomial.probabilities(weights, rows(data, positions, vocab, pairs), classes);
    }

    /**
     * The one-hot rows of {@code data}: sequence i's features are {@code t·V + x_t}, and with {@code pairs}
     * also {@code L·V + t·V² + x_t·V + x_{t+1}}.
     */
    static Multinomial.Rows rows(LabelledSequences data, int positions, int vocab, boolean pairs) {
        int width = pairs ? 2 * positions - 1 : positions;
        int[][] index = new int[data.size()][width];
        for (int i = 0; i < data.size(); i++) {
            int[] x = data.tokens()[i];
            for (int t = 0; t < positions; t++) {
                if (x[t] < 0 || x[t] >= vocab) {
                    throw new InvalidInputException("token id " + x[t] + " is outside the vocabulary of " + vocab);
                }
                index[i][t] = t * vocab + x[t];
            }
            if (pairs) {
                for (int t = 0; t < positions - 1; t++) {
                    index[i][positions + t] = positions * vocab + t * vocab * vocab + x[t] * vocab + x[t + 1];
                }
            }
        }
        return new Multinomial.Rows(index, null, (int) dims(positions, vocab, pairs));
    }

    @Override
    public String reads() {
        return positions + " positions × " + vocab + " tokens" + (pairs ? ", and adjacent pairs" : "");
    }

    /** The saved form: {@code {"kind": "position", "positions", "tokens", "classes", "pairs", "lambda", "weights": [C·(D+1)]}}. */
    @Override
    public ObjectNode toJson() {
        ObjectNode o = ModelDirectory.newObject();
        o.put(KIND, KIND_NAME);
        o.put("positions", positions);
        o.put("tokens", vocab);
        o.put("classes", classes);
        o.put("pairs", pairs);
        o.put("lambda", lambda);
        LinearClassifier.putNumbers(o, "weights", weights);
        return o;
    }

    /** {@link #toJson()} read back. @throws InvalidInputException naming {@code source} when it is malformed */
    public static PositionLinear fromJson(JsonNode o, String source) {
        double[] w = LinearClassifier.weights(o, "weights", source);
        try {
            // saved before adjacent pairs: positions alone
            return new PositionLinear(o.path("positions").asInt(), o.path("tokens").asInt(), o.path("classes").asInt(),
                    o.path("lambda").asDouble(-1), w, o.path("pairs").asBoolean(false));
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
}
