package org.rnn4j.loss;

import org.rnn4j.InvalidInputException;

/**
 * Mean squared error, PyTorch's {@code F.mse_loss(reduction='mean')}:
 * {@code loss = (1/N) Σ (p_i - y_i)²}, {@code dL/dp_i = 2 (p_i - y_i) / N}, summed in double.
 */
public final class MeanSquaredError {

    private float[] grad;
    private int count;
    private double denominator = Double.NaN; // what the summed loss is divided by; NaN: the element count

    /**
     * Divides the summed loss by {@code denominator} from the next {@link #forward} on, instead of the
     * elements' count: a data-parallel share's part of the global batch's mean, its gradient scaled the
     * same, so each element's gradient has the bits it has in the whole batch. NaN goes back to the count.
     */
    public void setDenominator(double denominator) {
        if (!(Double.isNaN(denominator) || denominator > 0 && Double.isFinite(denominator))) {
            throw new IllegalArgumentException("the denominator must be positive and finite, or NaN, got "
                    + denominator);
        }
        this.denominator = denominator;
    }

    /** Loss over the first {@code n} elements of prediction and target; keeps the gradient. */
    public double forward(float[] prediction, float[] target, int n) {
        if (prediction.length < n || target.length < n) {
            throw new InvalidInputException("MSE over " + n + " values needs that many predictions and targets, got "
                    + prediction.length + " and " + target.length);
        }
        if (grad == null || grad.length < n) {
            grad = new float[n];
        }
        count = n;
        double norm = Double.isNaN(denominator) ? n : denominator;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) prediction[i] - target[i];
            sum += d * d;
            grad[i] = (float) (2.0 * d / norm);
        }
        return sum / norm;
    }

    /** dL/d prediction of the last forward, owned by this object. */
    public float[] backward() {
        return grad;
    }

    public int count() {
        return count;
    }
}
