package org.rnn4j.data;

import java.util.List;
import org.rnn4j.InvalidInputException;

/**
 * Sequences of different lengths, each with a class label: either dense ({@code features[i]} is
 * {@code [T_i][F]}) or tokens ({@code tokens[i]} is {@code [T_i]}).
 *
 * @param ids         a name per sequence (from the id column), for messages and outputs
 * @param features    dense sequences, or null
 * @param tokens      token sequences, or null
 * @param labels      class index per sequence
 * @param classNames  the class names, index = label
 */
public record LabelledSequences(List<String> ids, float[][][] features, int[][] tokens, int[] labels,
        List<String> classNames) {

    public LabelledSequences {
        int n = labels.length;
        if ((features == null) == (tokens == null)) {
            throw new IllegalArgumentException("exactly one of features and tokens must be given");
        }
        if (ids.size() != n || (features != null && features.length != n) || (tokens != null && tokens.length != n)) {
            throw new IllegalArgumentException("ids, sequences and labels must have the same count");
        }
        if (n == 0) {
            throw new InvalidInputException("no sequences to train or evaluate on");
        }
    }

    public int size() {
        return labels.length;
    }

    public int length(int i) {
        return features != null ? features[i].length : tokens[i].length;
    }

    public boolean dense() {
        return features != null;
    }

    /** Feature width F of dense sequences, 0 for tokens. */
    public int featureCount() {
        return features != null ? features[0][0].length : 0;
    }
}
