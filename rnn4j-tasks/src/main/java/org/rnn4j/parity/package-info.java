/**
 * Golden parity with PyTorch: {@link org.rnn4j.parity.ParityRunner} runs the reference cases of
 * {@code shared/golden} (a layer's forward and backward, a model's training step, truncated BPTT)
 * and reports, per case, the worst error against the tolerance of {@code FORMAT.md}
 * ({@link org.rnn4j.parity.Tolerance}). Used by the tests and by {@code rnn4j parity}.
 *
 * <p>Depends on the library ({@code rnn4j-core}) only, never on the other task packages.
 */
package org.rnn4j.parity;
