package org.rnn4j.loss;

import org.rnn4j.InvalidInputException;

/**
 * Mean squared error, PyTorch's {@code F.mse_loss(reduction='mean')}:
 * {@code loss = (1/N) Σ (p_i - y_i)²}, {@code dL/dp_i = 2 (p_i - y_i) / N}, summed in double.
 */
public final class MeanSquaredError {

    private float[] grad;
    private int count;

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
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) prediction[i] - target[i];
            sum += d * d;
            grad[i] = (float) (2.0 * d / n);
        }
        return sum / n;
    }

    /** dL/d prediction of the last forward, owned by this object. */
    public float[] backward() {
        return grad;
    }

    public int count() {
        return count;
    }
}
