/**
 * Recurrent layers, the equivalent of PyTorch's {@code nn.RNN}, {@code nn.LSTM} and {@code nn.GRU}:
 * {@link org.rnn4j.nn.recurrent.RecurrentConfig} (the shape), {@link org.rnn4j.nn.recurrent.RecurrentLayer}
 * (stacked, bidirectional, projections, variable lengths, dropout between layers), one direction of
 * one layer unrolled over time with its backpropagation through time, and each cell's step with
 * its equations.
 *
 * <p>Does not hold: the head or the loss ({@code model}, {@code loss}), training policy. Depends on
 * {@code nn}, {@code kernel} and {@code util} only.
 */
package org.rnn4j.nn.recurrent;
