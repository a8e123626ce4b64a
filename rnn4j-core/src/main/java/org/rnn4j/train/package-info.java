/**
 * Training: {@link org.rnn4j.train.Trainer} (one step: forward, loss, backpropagation through time,
 * clipping, the update, the carried state), {@link org.rnn4j.train.TrainingLoop} (limits,
 * validation, checkpoints, listeners), {@link org.rnn4j.train.Batch} and the
 * {@link org.rnn4j.train.BatchSource}s that feed it (their positions kept as a
 * {@link org.rnn4j.train.DataCursor}), initializers and the specs that name an
 * optimizer or a clipping rule.
 *
 * <p>Does not hold: file formats ({@code io}), reading users' data ({@code data}), task policy
 * (defaults, which model to keep: {@code rnn4j-tasks}). Depends on {@code model}, {@code loss},
 * {@code optim}, {@code nn}, {@code nn.recurrent}, {@code kernel} and {@code util} only.
 */
package org.rnn4j.train;
