/**
 * Optimizers, gradient clipping and learning-rate schedules, with PyTorch 1.13's arithmetic.
 *
 * <p>What is here: {@link org.rnn4j.optim.Optimizer} and its implementations
 * {@link org.rnn4j.optim.Sgd}, {@link org.rnn4j.optim.Adam}, {@link org.rnn4j.optim.AdamW},
 * {@link org.rnn4j.optim.RmsProp} and {@link org.rnn4j.optim.Adagrad}, each configured by an
 * immutable record ({@code SgdConfig}, ...) with PyTorch's defaults; {@link org.rnn4j.optim.GradientClipping};
 * {@link org.rnn4j.optim.LearningRateSchedule} and its records.
 *
 * <p>What is not here: computing gradients (that is {@code nn} and {@code loss}), the training loop
 * and when to call {@code setLearningRate} (that is {@code train}), writing state to disk (that is
 * {@code io}; the optimizers only export and import their state as named {@code float[]} tensors and
 * string scalars).
 *
 * <p>Numerics. Each optimizer reproduces the single-tensor ("for-loop") implementation of
 * {@code torch.optim} in PyTorch 1.13 on float32 parameters: scalar factors such as bias corrections
 * are computed in double, as Python does, and cast to float once; element arithmetic is float, one
 * rounding per tensor operation in PyTorch's order. Results therefore agree with PyTorch to within
 * float32 rounding (PyTorch's vectorized CPU kernels may fuse a multiply-add where Java rounds twice).
 *
 * <p>State. Optimizer state (moments, momentum buffers, accumulators, the step counter) lives in the
 * optimizer, never on the {@link org.rnn4j.nn.Parameter}. It is exported under PyTorch's own state
 * names, {@code "<parameter name>.<state name>"}, for example {@code "rnn.weight_hh_l0.exp_avg"}.
 *
 * <p>Depends on {@code nn}, {@code kernel} and {@code util} only.
 */
package org.rnn4j.optim;
