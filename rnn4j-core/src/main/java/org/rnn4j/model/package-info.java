/**
 * Whole networks: {@link org.rnn4j.model.SequenceModel} is an embedding or dense input, a recurrent
 * stack and a linear head read at every step or at the last one, described by
 * {@link org.rnn4j.model.ModelConfig}; {@link org.rnn4j.model.RecurrentState} is the state a model
 * carries from one call to the next.
 *
 * <p>Does not hold: training, files. Depends on {@code nn.recurrent}, {@code nn}, {@code kernel} and
 * {@code util} only.
 */
package org.rnn4j.model;
