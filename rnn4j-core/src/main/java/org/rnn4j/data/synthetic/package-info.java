/**
 * Synthetic long-dependency tasks with a known answer and a known "no memory" baseline, generated
 * on the fly from a seeded {@link org.rnn4j.util.Rng}: the adding problem ({@link AddingProblem}) and
 * the copy task ({@link CopyTask}), both in the form of Arjovsky, Shah and Bengio, "Unitary
 * Evolution Recurrent Neural Networks", ICML 2016, §4. {@link SyntheticTask} names them for the
 * command line and says which model shape and loss each needs.
 *
 * <p>Each task is a {@link org.rnn4j.train.BatchSource}: an endless stream of fresh batches whose
 * whole position is the generator's state, so a checkpoint resumes it exactly.
 *
 * <p>Does not hold: reading user data (that is {@link org.rnn4j.data}), or models and training.
 *
 * <p>Depends on {@code train}, {@code model}, {@code nn.recurrent} and {@code util} only.
 */
package org.rnn4j.data.synthetic;
