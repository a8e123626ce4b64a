package org.rnn4j.classify;

import java.util.List;

/**
 * A classifier's answers for the sequences of a table, in the table's order.
 *
 * @param ids           the sequence ids (the id column, or {@code line N})
 * @param classNames    index = class id
 * @param probabilities [N][C] class probabilities
 * @param predicted     [N] the most probable class id
 * @param unknownTokens characters outside the model's vocabulary (token input only)
 */
public record Predictions(List<String> ids, List<String> classNames, double[][] probabilities, int[] predicted,
        int unknownTokens) {

    /** The predicted class name of sequence {@code i}. */
    public String predictedName(int i) {
        return classNames.get(predicted[i]);
    }
}
