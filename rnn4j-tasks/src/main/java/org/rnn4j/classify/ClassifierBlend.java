package org.rnn4j.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.io.ModelDirectory;

/**
 * A classifier's network blended with a {@link LinearClassifier} of the same sequences:
 * {@code p = networkWeight·p_network + (1 − networkWeight)·p_linear}. On aligned token sequences (DNA
 * windows) a position-wise logistic regression, and on short multivariate series one on summary
 * features, is a strong baseline with few weights, and a recurrent network trained on a few thousand
 * sequences stops early, before it has learned all of what the linear model holds; the blend keeps the
 * better of the two, or their mix, as held-out predictions say.
 *
 * <p>How it is fitted ({@link #fit}): λ by cross-validation on the training sequences; the weight on a
 * grid of tenths with the lowest cross-entropy is kept (the network's side on a tie), measured on
 * out-of-fold probabilities of every training and validation sequence when the caller gives them
 * ({@link OutOfFold}, from K networks and linear models fitted without the fold), else on the validation
 * sequences (the early-stopped network beside the linear model fitted on the training sequences); the
 * linear model is then refitted at λ on the training and validation sequences.
 *
 * @param linear          the linear model
 * @param networkWeight   the network's share of the probabilities, in [0, 1]
 * @param networkLoss     the cross-entropy (nats) of the network alone on the sequences the weight was chosen on
 * @param linearLoss      that of the linear model, fitted without them
 * @param blendLoss       that of the blend at {@code networkWeight}
 * @param folds           the folds of the out-of-fold probabilities the weight was chosen on, 0 for the validation part
 * @param sequences       how many sequences the weight was chosen on
 */
public record ClassifierBlend(LinearClassifier linear, double networkWeight, double networkLoss, double linearLoss,
        double blendLoss, int folds, int sequences) {

    /**
     * Out-of-fold class probabilities of both models for the sequences the weight is chosen on.
     *
     * @param network [N][C] of each fold's network on the fold's held-out sequences
     * @param linear  [N][C] of each fold's linear model on them
     * @param labels  [N]
     * @param folds   how many folds gave them
     * @param lambda  the L2 strength the folds' linear models were fitted with, for the refit too
     */
    public record OutOfFold(double[][] network, double[][] linear, int[] labels, int folds, double lambda) {
    }

    /** Whether a classifier blends in a linear model: {@code auto} where it can, or never. */
    public enum Mode {
        /** Where a linear model reads the sequences ({@link LinearClassifier#family}) and there is a validation part. */
        AUTO,
        /** The network alone. */
        OFF;

        /** {@code auto} or {@code off}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@link #id()} read back, case-insensitive. */
        public static Mode parse(String s) {
            for (Mode m : values()) {
                if (m.id().equalsIgnoreCase(s == null ? "" : s.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("the linear blend must be auto or off, got '" + s + "'");
        }
    }

    /** Steps of the weight grid: tenths. */
    private static final int GRID = 10;

    /** A blend whose weight was chosen on {@code sequences} validation sequences ({@code folds} 0). */
    public ClassifierBlend(LinearClassifier linear, double networkWeight, double networkLoss, double linearLoss,
            double blendLoss) {
        this(linear, networkWeight, networkLoss, linearLoss, blendLoss, 0, 0);
    }

    public ClassifierBlend {
        if (!(networkWeight >= 0 && networkWeight <= 1)) {
            throw new InvalidInputException("the network's weight in a blend must be in [0, 1], got " + networkWeight);
        }
    }

    /**
     * Whether {@link #fit} applies to a run on these parts (null parts are skipped): validation sequences,
     * and a linear model for the encoding's sequences ({@link LinearClassifier#family}).
     */
    public static boolean applies(Mode mode, SequenceEncoding encoding, LabelledSequences train,
            LabelledSequences validation, LabelledSequences test) {
        return mode == Mode.AUTO && validation != null
                && LinearClassifier.family(encoding, train, validation, test) != null;
    }

    /**
     * Fits the blend of {@code network} (trained on {@code train}, early-stopped on {@code validation})
     * as the class Javadoc says.
     *
     * @param classWeights [C] weights of each class's cross-entropy, as in training, or null
     * @param seed         the draw of the folds that choose λ
     */
    public static ClassifierBlend fit(ClassifierModel network, LabelledSequences train, LabelledSequences validation,
            double[] classWeights, long seed) {
        return fit(network, train, validation, classWeights, seed, null);
    }

    /**
     * {@link #fit(ClassifierModel, LabelledSequences, LabelledSequences, double[], long)} with the weight
     * chosen on the out-of-fold probabilities {@code oof} of every training and validation sequence
     * instead of on the validation part (null: on the validation part). The network's validation loss
     * is the minimum early stopping found, so the validation part favours it; out-of-fold sequences are
     * new to both models, and there are ten times as many.
     */
    public static ClassifierBlend fit(ClassifierModel network, LabelledSequences train, LabelledSequences validation,
            double[] classWeights, long seed, OutOfFold oof) {
        LinearClassifier.Family family = LinearClassifier.family(network.encoding(), train, validation);
        if (family == null) {
            throw new InvalidInputException("no linear model reads these sequences: a blend needs token sequences of"
                    + " one length or dense sequences, small enough to fit");
        }
        double lambda = oof != null ? oof.lambda() : family.chooseLambda(train, classWeights, seed);
        double[] loss;
        if (oof != null) {
            loss = losses(oof.network(), oof.linear(), oof.labels(), classWeights);
        } else {
            double[][] pLinear = family.fit(train, lambda, classWeights).probabilities(validation);
            loss = losses(network.withoutBlend().predict(validation), pLinear, validation.labels(), classWeights);
        }
        int best = bestWeight(loss);
        LinearClassifier refit = family.fit(concat(train, validation), lambda, classWeights);
        return new ClassifierBlend(refit, (double) best / GRID, loss[GRID], loss[0], loss[best],
                oof == null ? 0 : oof.folds(), oof == null ? validation.size() : oof.labels().length);
    }

    /** The cross-entropy of the blend at each network weight {@code k / 10}, k = 0..10. */
    static double[] losses(double[][] network, double[][] linear, int[] labels, double[] classWeights) {
        double[] loss = new double[GRID + 1];
        double[][] mixed = new double[labels.length][];
        for (int k = 0; k <= GRID; k++) {
            double w = (double) k / GRID;
            for (int i = 0; i < labels.length; i++) {
                mixed[i] = network[i].clone();
            }
            loss[k] = Multinomial.crossEntropy(mix(w, mixed, linear), labels, classWeights);
        }
        return loss;
    }

    /** The grid point of the lowest loss, the one nearest the network's side on a tie (within rounding). */
    static int bestWeight(double[] loss) {
        int best = GRID;
        for (int k = GRID - 1; k >= 0; k--) {
            if (loss[k] < loss[best] - 1e-12 * Math.abs(loss[best])) {
                best = k;
            }
        }
        return best;
    }

    /** {@code w·network + (1 − w)·linear} at this blend's weight, row by row, into {@code network}'s rows; returns them. */
    double[][] mixInPlace(double[][] network, double[][] linear) {
        return mix(networkWeight, network, linear);
    }

    private static double[][] mix(double w, double[][] network, double[][] linear) {
        for (int i = 0; i < network.length; i++) {
            for (int c = 0; c < network[i].length; c++) {
                network[i][c] = w * network[i][c] + (1 - w) * linear[i][c];
            }
        }
        return network;
    }

    /** {@code a}'s sequences followed by {@code b}'s. */
    static LabelledSequences concat(LabelledSequences a, LabelledSequences b) {
        int n = a.size() + b.size();
        List<String> ids = new ArrayList<>(a.ids());
        ids.addAll(b.ids());
        int[][] tokens = a.dense() ? null : new int[n][];
        float[][][] features = a.dense() ? new float[n][][] : null;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            LabelledSequences from = i < a.size() ? a : b;
            int j = i < a.size() ? i : i - a.size();
            if (tokens != null) {
                tokens[i] = from.tokens()[j];
            } else {
                features[i] = from.features()[j];
            }
            labels[i] = from.labels()[j];
        }
        return new LabelledSequences(ids, features, tokens, labels, a.classNames());
    }

    /** One line for a run's summary: what was kept and the losses behind it. */
    public String describe() {
        String name = linear instanceof PositionLinear ? "position-wise linear" : "summary linear";
        String kept = networkWeight == 1
                ? "the network alone"
                : networkWeight == 0
                        ? "the " + name + " model alone"
                        : String.format(Locale.ROOT, "%.1f × network + %.1f × %s", networkWeight, 1 - networkWeight,
                                name);
        String basis = folds > 0
                ? String.format(Locale.ROOT, "%d-fold out-of-fold cross-entropy over %d sequences", folds, sequences)
                : String.format(Locale.ROOT, "validation cross-entropy over %d sequences", sequences);
        return String.format(Locale.ROOT, "%s (%s: network %.4f, linear %.4f, kept %.4f; linear L2 %.0e by %d-fold CV)",
                kept, basis, networkLoss, linearLoss, blendLoss, linear.lambda(), Multinomial.LAMBDA_FOLDS);
    }

    /** The saved form: the weight, what it was chosen on, the losses behind it and {@code "linear": LinearClassifier#toJson()}. */
    public ObjectNode toJson() {
        ObjectNode o = ModelDirectory.newObject();
        o.put("network_weight", networkWeight);
        o.put("weight_folds", folds);
        o.put("weight_sequences", sequences);
        o.put("loss_network", networkLoss);
        o.put("loss_linear", linearLoss);
        o.put("loss_blend", blendLoss);
        o.set("linear", linear.toJson());
        return o;
    }

    /** {@link #toJson()} read back. @throws InvalidInputException naming {@code source} when it is malformed */
    public static ClassifierBlend fromJson(JsonNode o, String source) {
        if (o == null || !o.isObject() || !o.path("network_weight").isNumber()) {
            throw new InvalidInputException(source + ": a classifier blend needs a numeric network_weight, got " + o);
        }
        LinearClassifier linear = LinearClassifier.fromJson(o.get("linear"), source);
        try {
            return new ClassifierBlend(linear, o.get("network_weight").asDouble(),
                    o.path("loss_network").asDouble(Double.NaN), o.path("loss_linear").asDouble(Double.NaN),
                    o.path("loss_blend").asDouble(Double.NaN), o.path("weight_folds").asInt(0),
                    o.path("weight_sequences").asInt(0));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": " + e.getMessage());
        }
    }
}
