package org.rnn4j.classify;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.rnn4j.task.TrainingSummary;

/**
 * The scores of a stratified k-fold cross-validation ({@link ClassifyRunner#crossValidate}), one per
 * fold, and their summary:
 * <pre>
 *   mean = (1/k) Σ_i a_i
 *   sd   = √( Σ_i (a_i - mean)² / (k - 1) )        the sample standard deviation over the folds
 * </pre>
 * The pooled confusion matrix adds the folds' matrices: every training sequence is scored exactly
 * once, by the model that did not train on it.
 *
 * @param folds the test scores of each fold's model on its fold, in fold order
 * @param runs  each fold's training run
 */
public record CrossValidation(List<ClassificationMetrics> folds, List<TrainingSummary> runs) {

    public CrossValidation {
        folds = List.copyOf(folds);
        runs = List.copyOf(runs);
        if (folds.size() < 2 || folds.size() != runs.size()) {
            throw new IllegalArgumentException("a cross-validation has at least 2 folds, each scored and run; got "
                    + folds.size() + " scores and " + runs.size() + " runs");
        }
    }

    public int k() {
        return folds.size();
    }

    public double meanAccuracy() {
        return mean(ClassificationMetrics::accuracy);
    }

    public double sdAccuracy() {
        return sd(ClassificationMetrics::accuracy);
    }

    public double meanMacroF1() {
        return mean(ClassificationMetrics::macroF1);
    }

    public double sdMacroF1() {
        return sd(ClassificationMetrics::macroF1);
    }

    /** The folds' confusion matrices added up, rows = true class. */
    public int[][] pooledConfusion() {
        int c = folds.get(0).classNames().size();
        int[][] sum = new int[c][c];
        for (ClassificationMetrics m : folds) {
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    sum[i][j] += m.confusion()[i][j];
                }
            }
        }
        return sum;
    }

    /** The sequences scored over all folds (each training sequence once). */
    public int count() {
        return folds.stream().mapToInt(ClassificationMetrics::count).sum();
    }

    /** The mean of {@code score} over the folds. */
    public double mean(ToDoubleFunction<ClassificationMetrics> score) {
        double s = 0;
        for (ClassificationMetrics m : folds) {
            s += score.applyAsDouble(m);
        }
        return s / folds.size();
    }

    /** The sample standard deviation (k - 1 in the denominator) of {@code score} over the folds. */
    public double sd(ToDoubleFunction<ClassificationMetrics> score) {
        double mean = mean(score);
        double s = 0;
        for (ClassificationMetrics m : folds) {
            double d = score.applyAsDouble(m) - mean;
            s += d * d;
        }
        return Math.sqrt(s / (folds.size() - 1));
    }
}
