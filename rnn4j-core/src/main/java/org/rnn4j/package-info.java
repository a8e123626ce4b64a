/**
 * rnn4j: recurrent neural networks (RNN, LSTM, GRU) for the JVM, numerically matching PyTorch.
 *
 * <p>This root package holds what every other package shares: {@link org.rnn4j.InvalidInputException},
 * the one exception for input a caller can correct, and {@link org.rnn4j.Version}. It depends on no
 * other rnn4j package.
 *
 * <p>The library ({@code rnn4j-core}) is layered, each package depending only on those before it:
 * {@code util}, {@code kernel} → {@code nn}, {@code nn.recurrent}, {@code loss}, {@code optim} →
 * {@code model} → {@code train} → {@code data}, {@code io} → {@code serve}. The applications built on
 * it ({@code rnn4j-tasks}: {@code task}, {@code lm}, {@code forecast}, {@code classify},
 * {@code analysis}, {@code parity}) and the command line depend on the library, never the other way
 * round; {@code ArchitectureTest} in {@code rnn4j-cli} checks every one of these seams.
 */
package org.rnn4j;
