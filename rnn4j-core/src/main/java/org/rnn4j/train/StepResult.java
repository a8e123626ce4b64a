package org.rnn4j.train;

/**
 * What one optimizer step did.
 *
 * @param step          the optimizer step, from 1
 * @param loss          the mean loss of the batch, before the update
 * @param gradNorm      global L2 norm of the gradients before clipping
 * @param clipped       whether clipping changed the gradients
 * @param learningRate  the rate used
 * @param positions     target positions in the batch (tokens, sequences or values)
 */
public record StepResult(int step, double loss, double gradNorm, boolean clipped, double learningRate, int positions) {
}
