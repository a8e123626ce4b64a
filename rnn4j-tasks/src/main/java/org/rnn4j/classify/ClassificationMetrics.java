package org.rnn4j.classify;

import java.util.List;

/**
 * How well predicted classes match the true ones.
 * <pre>
 *   accuracy  = Σ_c confusion[c][c] / n
 *   F1_c      = 2·tp_c / (2·tp_c + fp_c + fn_c)
 *   macro_f1  = mean of F1_c over the classes that occur as a true or a predicted class
 *   majority  = the accuracy of always answering the most frequent training class
 * </pre>
 *
 * @param classNames       index = class id
 * @param count            sequences scored
 * @param accuracy         in [0, 1]
 * @param macroF1          in [0, 1]
 * @param confusion        [C][C], rows = true class, columns = predicted class
 * @param majorityAccuracy the majority-class baseline's accuracy on the same sequences
 */
public record ClassificationMetrics(List<String> classNames, int count, double accuracy, double macroF1,
        int[][] confusion, double majorityAccuracy) {

    /**
     * Scores predictions.
     *
     * @param truth         true class ids
     * @param predicted     predicted class ids
     * @param majorityClass the baseline's constant answer
     */
    public static ClassificationMetrics of(List<String> classNames, int[] truth, int[] predicted, int majorityClass) {
        int c = classNames.size();
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("need as many predictions as true labels (at least one), got "
                    + predicted.length + " and " + truth.length);
        }
        int[][] confusion = new int[c][c];
        int correct = 0;
        int majority = 0;
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
            if (truth[i] == predicted[i]) {
                correct++;
            }
            if (truth[i] == majorityClass) {
                majority++;
            }
        }
        double f1Sum = 0;
        int present = 0;
        for (int k = 0; k < c; k++) {
            int tp = confusion[k][k];
            int fp = 0;
            int fn = 0;
            for (int j = 0; j < c; j++) {
                if (j != k) {
                    fp += confusion[j][k];
                    fn += confusion[k][j];
                }
            }
            if (tp + fp + fn == 0) {
                continue;
            }
            present++;
            f1Sum += 2.0 * tp / (2.0 * tp + fp + fn);
        }
        int n = truth.length;
        return new ClassificationMetrics(List.copyOf(classNames), n, (double) correct / n,
                present == 0 ? 0 : f1Sum / present, confusion, (double) majority / n);
    }
}
