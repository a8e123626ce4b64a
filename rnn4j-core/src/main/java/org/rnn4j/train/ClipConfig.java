package org.rnn4j.train;

import java.util.List;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.ParameterPasses;
import org.rnn4j.optim.ClipResult;
import org.rnn4j.optim.GradientClipping;

/**
 * Gradient clipping for a training step.
 *
 * @param mode       none, global L2 norm (PyTorch's {@code clip_grad_norm_}), per-parameter norm, or value
 * @param threshold  max norm or max |value|; ignored for NONE
 */
public record ClipConfig(Mode mode, double threshold) {

    public enum Mode { NONE, NORM, PER_PARAMETER_NORM, VALUE }

    public ClipConfig {
        if (mode == null) {
            mode = Mode.NONE;
        }
        if (mode != Mode.NONE && !(threshold > 0 && Double.isFinite(threshold))) {
            throw new IllegalArgumentException("clip threshold must be a positive number, got " + threshold);
        }
    }

    public static ClipConfig none() {
        return new ClipConfig(Mode.NONE, 0);
    }

    public static ClipConfig norm(double maxNorm) {
        return new ClipConfig(Mode.NORM, maxNorm);
    }

    public static ClipConfig value(double maxValue) {
        return new ClipConfig(Mode.VALUE, maxValue);
    }

    /** Clips in place; always reports the global norm before clipping. */
    public ClipResult apply(List<Parameter> params) {
        return apply(new ParameterPasses(null, params));
    }

    /** {@link #apply(List)} with the passes of {@code passes} (split over its kernels' threads). */
    public ClipResult apply(ParameterPasses passes) {
        switch (mode) {
            case NORM:
                return GradientClipping.clipGlobalNorm(passes, threshold);
            case VALUE:
                return GradientClipping.clipValue(passes, threshold);
            case PER_PARAMETER_NORM:
                return GradientClipping.clipNormPerParameter(passes, threshold);
            default:
                return new ClipResult(GradientClipping.globalNorm(passes), false);
        }
    }
}
