/**
 * Losses with their gradients: {@link org.rnn4j.loss.SoftmaxCrossEntropy} (log-sum-exp, sums in
 * double, ignored positions) and {@link org.rnn4j.loss.MeanSquaredError}.
 *
 * <p>Depends on {@code kernel} only.
 */
package org.rnn4j.loss;
