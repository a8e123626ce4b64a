package org.rnn4j.classify;

import java.util.List;

/**
 * How well predicted classes match the true ones.
 * <pre>
 *   accuracy     = Σ_c confusion[c][c] / n
 *   precision_c  = tp_c / (tp_c + fp_c)          NaN when class c is never predicted
 *   recall_c     = tp_c / (tp_c + fn_c)          NaN when class c never occurs
 *   F1_c         = 2·tp_c / (2·tp_c + fp_c + fn_c)
 *   macro_f1     = mean of F1_c over the classes that occur as a true or a predicted class
 *   majority     = the accuracy of always answering the most frequent training class
 *   accuracy CI  = Wilson's score interval at 95% (z = 1.96): with p = accuracy,
 *                  (p + z²/2n ± z·√(p(1-p)/n + z²/4n²)) / (1 + z²/n)
 * </pre>
 * Wilson's interval rather than the normal approximation {@code p ± z·√(p(1-p)/n)}: it stays inside
 * [0, 1] and keeps its coverage near p = 1, where good classifiers on small test sets are.
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

    /** The normal quantile of a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

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
            int fp = predictedCount(confusion, k) - tp;
            int fn = support(confusion, k) - tp;
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

    /** Scored sequences whose true class is {@code k}. */
    public int support(int k) {
        return support(confusion, k);
    }

    /** The share of the sequences predicted as class {@code k} that are of class {@code k}; NaN if none is. */
    public double precision(int k) {
        int predicted = predictedCount(confusion, k);
        return predicted == 0 ? Double.NaN : (double) confusion[k][k] / predicted;
    }

    /** The share of the sequences of class {@code k} predicted as {@code k}; NaN if none is of class {@code k}. */
    public double recall(int k) {
        int s = support(confusion, k);
        return s == 0 ? Double.NaN : (double) confusion[k][k] / s;
    }

    /** F1 of class {@code k}; NaN when the class is neither true nor predicted anywhere. */
    public double f1(int k) {
        int tp = confusion[k][k];
        int denominator = support(confusion, k) + predictedCount(confusion, k);
        return denominator == 0 ? Double.NaN : 2.0 * tp / denominator;
    }

    /** Wilson's 95% interval of the accuracy: {@code [low, high]}. */
    public double[] accuracyInterval() {
        return wilson(Math.round(accuracy * count), count, Z95);
    }

    /**
     * Wilson's score interval for {@code successes} out of {@code n} trials at normal quantile {@code z}.
     *
     * @return {@code [low, high]}, within [0, 1]
     */
    public static double[] wilson(long successes, long n, double z) {
        if (n <= 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n and n >= 1, got " + successes + " of " + n);
        }
        double p = (double) successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    private static int support(int[][] confusion, int k) {
        int s = 0;
        for (int j = 0; j < confusion.length; j++) {
            s += confusion[k][j];
        }
        return s;
    }

    private static int predictedCount(int[][] confusion, int k) {
        int s = 0;
        for (int[] row : confusion) {
            s += row[k];
        }
        return s;
    }
}
