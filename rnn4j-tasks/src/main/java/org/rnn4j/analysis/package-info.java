/**
 * Looking inside training: how gradients flow back through time in a recurrent model.
 *
 * <p>Holds {@link org.rnn4j.analysis.GradientFlow}, which measures for one batch, per layer,
 * direction and step, the loss gradient {@code ‖∂L/∂h_t‖} and the Jacobian-product norm
 * {@code ‖∂h_T/∂h_t‖_F}; {@link org.rnn4j.analysis.StepNorms}, the table of such norms with each
 * layer's memory horizon; {@link org.rnn4j.analysis.RecurrentWeights}, which rescales recurrent
 * matrices to put a model into the exploding regime on purpose; and
 * {@link org.rnn4j.analysis.ClippingTrace}, which records what global-norm clipping did over some
 * training steps.
 *
 * <p>Does not hold: plotting or printing (the command line does that), or any change to how a model
 * trains. Everything here observes through {@link org.rnn4j.nn.recurrent.StepGradientProbe} and
 * ordinary forward and backward passes.
 *
 * <p>Depends on the library ({@code rnn4j-core}) only.
 */
package org.rnn4j.analysis;
