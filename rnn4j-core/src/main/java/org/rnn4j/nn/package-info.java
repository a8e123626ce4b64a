/**
 * The trainable pieces that are not recurrent: {@link org.rnn4j.nn.Parameter} (values, gradient and
 * PyTorch name of one tensor), {@link org.rnn4j.nn.Linear}, {@link org.rnn4j.nn.Embedding},
 * {@link org.rnn4j.nn.PackedWeight} (a weight kept packed for the products until it changes) and
 * {@link org.rnn4j.nn.ParameterPasses} (the passes a training step makes over all parameters, split
 * over the kernels' threads with the same bits).
 *
 * <p>Does not hold: optimizer state (that lives in {@code optim}), losses, files. Depends on
 * {@code kernel} and {@code util} only.
 */
package org.rnn4j.nn;
