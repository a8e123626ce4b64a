/**
 * What the forecasting and classification tasks share: the hyper-parameters of a training run
 * ({@link org.rnn4j.task.HyperParameters}), how a caller observes and checkpoints it
 * ({@link org.rnn4j.task.RunOptions}), what it reports ({@link org.rnn4j.task.TrainingSummary}), and
 * the one place that turns these into a model, a trainer and a training loop
 * ({@link org.rnn4j.task.TaskTraining}), and how every trained task model (language model too) is saved,
 * loaded and checked to be of its task ({@link org.rnn4j.task.TaskModels}).
 *
 * <p>What is not here: reading data and fitting normalizations (that is {@code org.rnn4j.forecast} and
 * {@code org.rnn4j.classify}), the training step itself ({@code org.rnn4j.train}), the model file format
 * ({@code org.rnn4j.io}).
 *
 * <p>Depends on the library ({@code rnn4j-core}) only.
 */
package org.rnn4j.task;
