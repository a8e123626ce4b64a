package org.rnn4j.optim;

import java.util.List;
import java.util.Objects;

import org.rnn4j.InvalidInputException;
import org.rnn4j.nn.Parameter;
import org.rnn4j.util.FloatArrays;

/**
 * Gradient clipping before an optimizer step, as PyTorch 1.13's {@code clip_grad_norm_} (norm type 2)
 * and {@code clip_grad_value_}, plus a per-parameter variant. All methods rewrite
 * {@code Parameter.grad()} in place and leave the values alone.
 *
 * <p>The norm that decides is summed in double over the float gradients:
 * <pre>
 *   total_norm = sqrt( Σ_parameters Σ_elements g² )
 * </pre>
 * It is the norm before clipping, the one a training log reports.
 */
public final class GradientClipping {

    /** Added to the norm before dividing, as PyTorch does, so that a zero gradient never divides by zero. */
    private static final double NORM_EPSILON = 1e-6;

    private GradientClipping() {
    }

    /** {@code sqrt(Σ g²)} over every element of every gradient, accumulated in double. Reads only. */
    public static double globalNorm(List<Parameter> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        double sum = 0;
        for (Parameter p : parameters) {
            sum += sumOfSquares(p.grad());
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales all gradients together so that their global norm is at most {@code maxNorm}:
     * <pre>
     *   coef = maxNorm / (total_norm + 1e-6)
     *   if coef &lt; 1:  g = g · coef     for every element of every gradient
     * </pre>
     * When the total norm is NaN or infinite nothing is scaled (PyTorch would spread the NaN into every
     * gradient) and the result reports it, see {@link ClipResult#finite()}.
     *
     * @param maxNorm {@code > 0}; {@code +∞} disables clipping but still measures the norm
     * @return the norm before clipping and whether the gradients were scaled
     */
    public static ClipResult clipGlobalNorm(List<Parameter> parameters, double maxNorm) {
        checkPositive("max norm", maxNorm);
        double total = globalNorm(parameters);
        if (!Double.isFinite(total)) {
            return new ClipResult(total, false);
        }
        double coef = maxNorm / (total + NORM_EPSILON);
        if (!(coef < 1)) {
            return new ClipResult(total, false);
        }
        float scale = (float) coef;
        for (Parameter p : parameters) {
            scaleInPlace(p.grad(), scale);
        }
        return new ClipResult(total, true);
    }

    /**
     * Clamps every gradient element to {@code [-clipValue, +clipValue]}, PyTorch's
     * {@code clip_grad_value_}. A NaN element stays NaN.
     *
     * @param clipValue {@code > 0}
     * @return the global norm before clamping and whether any element was clamped
     */
    public static ClipResult clipValue(List<Parameter> parameters, double clipValue) {
        checkPositive("clip value", clipValue);
        double total = globalNorm(parameters);
        // The float bound PyTorch's clamp compares with.
        float hi = (float) clipValue;
        float lo = -hi;
        boolean clamped = false;
        for (Parameter p : parameters) {
            float[] g = p.grad();
            for (int j = 0; j < g.length; j++) {
                if (g[j] > hi) {
                    g[j] = hi;
                    clamped = true;
                } else if (g[j] < lo) {
                    g[j] = lo;
                    clamped = true;
                }
            }
        }
        return new ClipResult(total, clamped);
    }

    /**
     * Clips each parameter's gradient to its own norm, independently ("per-layer" clipping):
     * <pre>
     *   for each parameter:  n = sqrt(Σ g²);  coef = maxNorm / (n + 1e-6);  if coef &lt; 1: g = g · coef
     * </pre>
     * A parameter whose own norm is NaN or infinite is left unchanged.
     *
     * @param maxNorm {@code > 0}
     * @return the global norm of all gradients before clipping, and whether any parameter was scaled
     */
    public static ClipResult clipNormPerParameter(List<Parameter> parameters, double maxNorm) {
        checkPositive("max norm", maxNorm);
        Objects.requireNonNull(parameters, "parameters");
        double totalSquares = 0;
        boolean clipped = false;
        for (Parameter p : parameters) {
            double squares = sumOfSquares(p.grad());
            totalSquares += squares;
            double norm = Math.sqrt(squares);
            if (!Double.isFinite(norm)) {
                continue;
            }
            double coef = maxNorm / (norm + NORM_EPSILON);
            if (coef < 1) {
                scaleInPlace(p.grad(), (float) coef);
                clipped = true;
            }
        }
        return new ClipResult(Math.sqrt(totalSquares), clipped);
    }

    private static double sumOfSquares(float[] g) {
        return FloatArrays.sumOfSquares(g, g.length);
    }

    private static void scaleInPlace(float[] g, float scale) {
        for (int j = 0; j < g.length; j++) {
            g[j] = g[j] * scale;
        }
    }

    private static void checkPositive(String what, double value) {
        if (!(value > 0)) {
            throw new InvalidInputException("gradient clipping " + what + " must be > 0, got " + value);
        }
    }
}
