package org.rnn4j.optim;

/**
 * What a {@link GradientClipping} call saw and did.
 *
 * @param totalNorm the 2-norm of all the gradients concatenated, before clipping; may be NaN or
 *                  infinite, in which case nothing was scaled (see {@link #finite()})
 * @param clipped   whether any gradient element was changed
 */
public record ClipResult(double totalNorm, boolean clipped) {

    /** False when the gradients held a NaN or an infinity (or overflowed): the step should probably be skipped. */
    public boolean finite() {
        return Double.isFinite(totalNorm);
    }
}
