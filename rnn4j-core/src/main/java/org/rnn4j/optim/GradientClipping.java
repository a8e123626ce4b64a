package org.rnn4j.optim;

import java.util.List;
import java.util.Objects;

import org.rnn4j.InvalidInputException;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.ParameterPasses;

/**
 * Gradient clipping before an optimizer step, as PyTorch 1.13's {@code clip_grad_norm_} (norm type 2)
 * and {@code clip_grad_value_}, plus a per-parameter variant. All methods rewrite
 * {@code Parameter.grad()} in place and leave the values alone.
 *
 * <p>The norm that decides is summed in double over the float gradients:
 * <pre>
 *   total_norm = sqrt( Σ_parameters Σ_elements g² )
 * </pre>
 * It is the norm before clipping, the one a training log reports. Each parameter's sum is taken
 * in chunks of {@link ParameterPasses#CHUNK} elements added in order, so that it can be split over
 * threads with the same bits (see {@link ParameterPasses}).
 */
public final class GradientClipping {

    /** Added to the norm before dividing, as PyTorch does, so that a zero gradient never divides by zero. */
    private static final double NORM_EPSILON = 1e-6;

    private GradientClipping() {
    }

    /** {@code sqrt(Σ g²)} over every element of every gradient, accumulated in double. Reads only. */
    public static double globalNorm(List<Parameter> parameters) {
        return globalNorm(serial(parameters));
    }

    /** {@link #globalNorm(List)} with the passes of {@code passes} (split over its kernels' threads). */
    public static double globalNorm(ParameterPasses passes) {
        return Math.sqrt(passes.gradientSquares());
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
        return clipGlobalNorm(serial(parameters), maxNorm);
    }

    /** {@link #clipGlobalNorm(List, double)} with the passes of {@code passes}. */
    public static ClipResult clipGlobalNorm(ParameterPasses passes, double maxNorm) {
        checkPositive("max norm", maxNorm);
        double total = globalNorm(passes);
        if (!Double.isFinite(total)) {
            return new ClipResult(total, false);
        }
        double coef = maxNorm / (total + NORM_EPSILON);
        if (!(coef < 1)) {
            return new ClipResult(total, false);
        }
        passes.scaleGradients((float) coef);
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
        return clipValue(serial(parameters), clipValue);
    }

    /** {@link #clipValue(List, double)} with the passes of {@code passes}. */
    public static ClipResult clipValue(ParameterPasses passes, double clipValue) {
        checkPositive("clip value", clipValue);
        double total = globalNorm(passes);
        // The float bound PyTorch's clamp compares with.
        float hi = (float) clipValue;
        boolean clamped = passes.clampGradients(-hi, hi);
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
        return clipNormPerParameter(serial(parameters), maxNorm);
    }

    /** {@link #clipNormPerParameter(List, double)} with the passes of {@code passes}. */
    public static ClipResult clipNormPerParameter(ParameterPasses passes, double maxNorm) {
        checkPositive("max norm", maxNorm);
        List<Parameter> parameters = passes.parameters();
        double[] squares = new double[parameters.size()];
        double totalSquares = passes.gradientSquares(squares);
        boolean clipped = false;
        for (int i = 0; i < parameters.size(); i++) {
            double norm = Math.sqrt(squares[i]);
            if (!Double.isFinite(norm)) {
                continue;
            }
            double coef = maxNorm / (norm + NORM_EPSILON);
            if (coef < 1) {
                passes.scaleGradient(i, (float) coef);
                clipped = true;
            }
        }
        return new ClipResult(Math.sqrt(totalSquares), clipped);
    }

    private static ParameterPasses serial(List<Parameter> parameters) {
        return new ParameterPasses(null, Objects.requireNonNull(parameters, "parameters"));
    }

    private static void checkPositive(String what, double value) {
        if (!(value > 0)) {
            throw new InvalidInputException("gradient clipping " + what + " must be > 0, got " + value);
        }
    }
}
