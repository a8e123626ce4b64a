package org.rnn4j.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.LabelledSequences;

/**
 * A linear model of labelled sequences that a classifier blends into its network ({@link ClassifierBlend}):
 * multinomial logistic regression on the position-wise one-hot code of token sequences of one length
 * ({@link PositionLinear}), or on summary features of dense sequences ({@link SummaryLinear}).
 */
public sealed interface LinearClassifier permits PositionLinear, SummaryLinear {

    /** The saved form's key naming the kind of model. */
    String KIND = "kind";

    int classes();

    /** The L2 strength the weights were fitted with. */
    double lambda();

    /**
     * Class probabilities of every sequence.
     *
     * @return [N][C], rows summing to 1
     * @throws InvalidInputException for sequences the model cannot read
     */
    double[][] probabilities(LabelledSequences sequences);

    /** The saved form, its {@value #KIND} first. */
    ObjectNode toJson();

    /** What the model reads, for a summary line ("57 positions × 4 tokens"). */
    String reads();

    /** How a linear model is chosen and fitted for one kind of sequences. */
    interface Family {
        /** The cross-validated L2 strength on {@code data}, drawn from {@code seed}. */
        double chooseLambda(LabelledSequences data, double[] classWeights, long seed);

        /** The model fitted to {@code data} at {@code lambda}. */
        LinearClassifier fit(LabelledSequences data, double lambda, double[] classWeights);
    }

    /**
     * The linear model for the sequences of {@code parts} (null parts are skipped) under {@code encoding},
     * or null when none applies: token sequences of one length ({@link PositionLinear}) or dense sequences
     * ({@link SummaryLinear}), each small enough to keep and cheap enough to fit beside the network.
     */
    static Family family(SequenceEncoding encoding, LabelledSequences... parts) {
        int classes = encoding.classNames().size();
        long sequences = 0;
        for (LabelledSequences p : parts) {
            sequences += p == null ? 0 : p.size();
        }
        if (encoding.tokenInput()) {
            int length = ClassifierHead.fixedLength(parts);
            int vocab = encoding.inputSize();
            if (length <= 0 || !PositionLinear.fits(length, vocab, classes)
                    || !PositionLinear.affordable(sequences, length, vocab, classes)) {
                return null;
            }
            return new Family() {
                @Override
                public double chooseLambda(LabelledSequences data, double[] classWeights, long seed) {
                    return PositionLinear.chooseLambda(data, vocab, classes, classWeights, seed);
                }

                @Override
                public LinearClassifier fit(LabelledSequences data, double lambda, double[] classWeights) {
                    return PositionLinear.fit(data, vocab, classes, lambda, classWeights);
                }
            };
        }
        int features = encoding.inputSize();
        if (!SummaryLinear.affordable(sequences, features, classes)) {
            return null;
        }
        return new Family() {
            @Override
            public double chooseLambda(LabelledSequences data, double[] classWeights, long seed) {
                return SummaryLinear.chooseLambda(data, classes, classWeights, seed);
            }

            @Override
            public LinearClassifier fit(LabelledSequences data, double lambda, double[] classWeights) {
                return SummaryLinear.fit(data, classes, lambda, classWeights);
            }
        };
    }

    /** {@link #toJson()} read back. @throws InvalidInputException naming {@code source} when it is malformed */
    static LinearClassifier fromJson(JsonNode o, String source) {
        String kind = o == null ? null : o.path(KIND).asText(PositionLinear.KIND_NAME);
        if (SummaryLinear.KIND_NAME.equals(kind)) {
            return SummaryLinear.fromJson(o, source);
        }
        if (PositionLinear.KIND_NAME.equals(kind)) {
            return PositionLinear.fromJson(o, source);
        }
        throw new InvalidInputException(source + ": the linear model's kind must be " + PositionLinear.KIND_NAME
                + " or " + SummaryLinear.KIND_NAME + ", got " + (o == null ? "nothing" : o.path(KIND)));
    }

    /** Writes {@code values} into a saved form's array {@code key}: {@link #weights}' counterpart. */
    static void putNumbers(ObjectNode o, String key, double[] values) {
        ArrayNode a = o.putArray(key);
        for (double v : values) {
            a.add(v);
        }
    }

    /** The weights array of a saved form, every element a number. */
    static double[] weights(JsonNode o, String key, String source) {
        JsonNode a = o == null ? null : o.get(key);
        if (o == null || !o.isObject() || a == null || !a.isArray()) {
            throw new InvalidInputException(source + ": the linear model must be an object with a " + key
                    + " array, got " + o);
        }
        double[] w = new double[a.size()];
        for (int i = 0; i < w.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new InvalidInputException(source + ": linear " + key + " " + i + " is not a number: " + a.get(i));
            }
            w[i] = a.get(i).asDouble();
        }
        return w;
    }
}
