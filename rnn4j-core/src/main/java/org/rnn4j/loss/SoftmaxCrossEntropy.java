package org.rnn4j.loss;

import org.rnn4j.InvalidInputException;

/**
 * Mean softmax cross-entropy over rows of logits, PyTorch's {@code F.cross_entropy(reduction='mean')}:
 * <pre>
 * loss = (1/N) Σ_n ( log Σ_v exp(z[n,v]) - z[n, y_n] )      over the N rows whose target is not IGNORE
 * dL/dz[n,v] = (softmax(z[n])_v - [v = y_n]) / N
 * </pre>
 * The log-sum-exp subtracts the row maximum first, so large logits cannot overflow; the loss is
 * summed in double.
 */
public final class SoftmaxCrossEntropy {

    /** A target that marks a row to leave out (padding), like PyTorch's {@code ignore_index=-100}. */
    public static final int IGNORE = -1;

    private float[] grad;
    private int rows;
    private int classes;
    private int counted;

    /**
     * Computes the mean loss and keeps the gradient for {@link #backward()}.
     *
     * @param logits  [rows, classes], read
     * @param targets [rows], class ids in [0, classes) or {@link #IGNORE}
     * @return the mean over counted rows (0 if none is counted)
     */
    public double forward(float[] logits, int rows, int classes, int[] targets) {
        this.rows = rows;
        this.classes = classes;
        if (grad == null || grad.length < rows * classes) {
            grad = new float[rows * classes];
        }
        int n = 0;
        for (int r = 0; r < rows; r++) {
            int y = targets[r];
            if (y == IGNORE) {
                continue;
            }
            if (y < 0 || y >= classes) {
                throw new InvalidInputException("target " + y + " at row " + r + " is outside [0, " + classes + ")");
            }
            n++;
        }
        counted = n;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int off = r * classes;
            int y = targets[r];
            if (y == IGNORE || n == 0) {
                java.util.Arrays.fill(grad, off, off + classes, 0f);
                continue;
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int v = 0; v < classes; v++) {
                max = Math.max(max, logits[off + v]);
            }
            double sum = 0;
            for (int v = 0; v < classes; v++) {
                double e = Math.exp(logits[off + v] - max);
                grad[off + v] = (float) e;
                sum += e;
            }
            double logSumExp = max + Math.log(sum);
            total += logSumExp - logits[off + y];
            float inv = (float) (1.0 / (sum * n));
            for (int v = 0; v < classes; v++) {
                grad[off + v] *= inv;
            }
            grad[off + y] -= 1f / n;
        }
        return n == 0 ? 0.0 : total / n;
    }

    /** dL/d logits of the last forward, [rows, classes], owned by this object. */
    public float[] backward() {
        return grad;
    }

    /** The number of rows the last forward counted (targets other than IGNORE). */
    public int countedRows() {
        return counted;
    }

    public int rows() {
        return rows;
    }

    public int classes() {
        return classes;
    }
}
