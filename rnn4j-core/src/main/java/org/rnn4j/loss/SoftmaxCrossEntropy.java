package org.rnn4j.loss;

import org.rnn4j.InvalidInputException;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.PartedTask;

/**
 * Mean softmax cross-entropy over rows of logits, PyTorch's {@code F.cross_entropy(reduction='mean')}:
 * <pre>
 * loss = (1/N) Σ_n ( log Σ_v exp(z[n,v]) - z[n, y_n] )      over the N rows whose target is not IGNORE
 * dL/dz[n,v] = (softmax(z[n])_v - [v = y_n]) / N
 * </pre>
 * With class weights {@code w} ({@link #setClassWeights}), PyTorch's {@code F.cross_entropy(weight=w)}:
 * <pre>
 * loss = Σ_n w[y_n]·( log Σ_v exp(z[n,v]) - z[n, y_n] ) / Σ_n w[y_n]
 * dL/dz[n,v] = w[y_n]·(softmax(z[n])_v - [v = y_n]) / Σ_n w[y_n]
 * </pre>
 * The log-sum-exp subtracts the row maximum first, so large logits cannot overflow; the loss is
 * summed in double.
 */
public final class SoftmaxCrossEntropy {

    /** A target that marks a row to leave out (padding), like PyTorch's {@code ignore_index=-100}. */
    public static final int IGNORE = -1;

    /** Logit elements from which the rows are split over the kernels' threads. */
    private static final int PARALLEL_MIN_ELEMENTS = 16 * 1024;

    private final Kernels kernels;
    private final PartedTask rowTask = this::rowPart;
    private float[] grad;
    private double[] rowLoss = new double[0];
    private float[] logits;
    private int[] targets;
    private int rows;
    private int classes;
    private int counted;
    private double[] classWeights;    // [classes], or null: every row counts 1
    private double weightSum;         // Σ w[y_n] over the counted rows of the last forward
    private double denominator = Double.NaN; // what the summed loss is divided by; NaN: N, or Σ w[y_n]
    private double norm;              // the denominator of the last forward

    /** Computes on the calling thread. */
    public SoftmaxCrossEntropy() {
        this(null);
    }

    /**
     * Splits the rows over {@code kernels}' threads ({@link Kernels#runParts}) for large batches;
     * each row is computed the same way wherever it runs, and the row losses are summed in row
     * order afterwards, so the results are the bits of the one-thread computation.
     */
    public SoftmaxCrossEntropy(Kernels kernels) {
        this.kernels = kernels;
    }

    /**
     * Weights each row's loss by its target's class weight from the next {@link #forward} on; null
     * counts every row once (the unweighted mean, bit for bit).
     *
     * @param weights [classes] finite weights {@code >= 0}, not all 0, read now (copied); or null
     */
    public void setClassWeights(double[] weights) {
        if (weights == null) {
            classWeights = null;
            return;
        }
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0 && Double.isFinite(w))) {
                throw new IllegalArgumentException("class weights must be finite and >= 0, got "
                        + java.util.Arrays.toString(weights));
            }
            total += w;
        }
        if (total == 0) {
            throw new IllegalArgumentException("at least one class weight must be positive, got "
                    + java.util.Arrays.toString(weights));
        }
        classWeights = weights.clone();
    }

    /**
     * Divides the summed loss by {@code denominator} from the next {@link #forward} on, instead of the
     * rows counted (or their class weights' sum): these rows are a share of a larger batch whose mean is
     * over {@code denominator}, so each row's gradient has the bits it has in the whole batch. NaN goes
     * back to the batch's own count.
     */
    public void setDenominator(double denominator) {
        if (!(Double.isNaN(denominator) || denominator > 0 && Double.isFinite(denominator))) {
            throw new IllegalArgumentException("the denominator must be positive and finite, or NaN, got "
                    + denominator);
        }
        this.denominator = denominator;
    }

    /**
     * Computes the mean loss and keeps the gradient for {@link #backward()}.
     *
     * @param logits  [rows, classes], read
     * @param targets [rows], class ids in [0, classes) or {@link #IGNORE}
     * @return the mean over counted rows, weighted by class when weights are set (0 if none is counted)
     * @throws InvalidInputException for a target outside [0, classes), or class weights of another size
     */
    public double forward(float[] logits, int rows, int classes, int[] targets) {
        this.rows = rows;
        this.classes = classes;
        if (grad == null || grad.length < rows * classes) {
            grad = new float[rows * classes];
        }
        if (rowLoss.length < rows) {
            rowLoss = new double[rows];
        }
        if (classWeights != null && classWeights.length != classes) {
            throw new InvalidInputException(classWeights.length + " class weights for " + classes + " classes");
        }
        int n = 0;
        double wSum = 0;
        for (int r = 0; r < rows; r++) {
            int y = targets[r];
            if (y == IGNORE) {
                continue;
            }
            if (y < 0 || y >= classes) {
                throw new InvalidInputException("target " + y + " at row " + r + " is outside [0, " + classes + ")");
            }
            n++;
            if (classWeights != null) {
                wSum += classWeights[y];
            }
        }
        counted = n;
        weightSum = wSum;
        norm = !Double.isNaN(denominator) ? denominator : classWeights != null ? wSum : n;
        this.logits = logits;
        this.targets = targets;
        try {
            if (kernels != null && kernels.parallelism() > 1 && (long) rows * classes >= PARALLEL_MIN_ELEMENTS) {
                kernels.runParts(rowTask);
            } else {
                rowPart(0, 1);
            }
        } finally {
            this.logits = null;
            this.targets = null;
        }
        double total = 0;
        for (int r = 0; r < rows; r++) {
            if (targets[r] != IGNORE) {
                total += classWeights == null ? rowLoss[r] : classWeights[targets[r]] * rowLoss[r];
            }
        }
        if (classWeights != null) {
            return wSum == 0 ? 0.0 : total / norm;
        }
        return n == 0 ? 0.0 : total / norm;
    }

    /** Rows [rows·part/parts, rows·(part+1)/parts): their gradient rows and their losses. */
    private void rowPart(int part, int parts) {
        int n = counted;
        double d = norm;
        int r1 = PartedTask.start(rows, part + 1, parts);
        for (int r = PartedTask.start(rows, part, parts); r < r1; r++) {
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
            rowLoss[r] = logSumExp - logits[off + y];
            if (classWeights != null) {
                // a row of a zero-weight class (or a batch of them only) gets no gradient
                double share = weightSum == 0 ? 0 : classWeights[y] / d;
                float inv = (float) (share / sum);
                for (int v = 0; v < classes; v++) {
                    grad[off + v] *= inv;
                }
                grad[off + y] -= (float) share;
                continue;
            }
            float inv = (float) (1.0 / (sum * d));
            for (int v = 0; v < classes; v++) {
                grad[off + v] *= inv;
            }
            // 1f / (float) d: for d = n the bits of 1f / n, a share's row as in the whole batch
            grad[off + y] -= 1f / (float) d;
        }
    }

    /** dL/d logits of the last forward, [rows, classes], owned by this object. */
    public float[] backward() {
        return grad;
    }

    /** The class weights in use (a copy), or null when every row counts once. */
    public double[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
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
