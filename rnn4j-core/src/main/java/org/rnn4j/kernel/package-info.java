/**
 * The dense float32 operations everything numerical is built from.
 *
 * <p>Holds: {@link org.rnn4j.kernel.Kernels}, the contract (matrix products, packed right-hand
 * sides, the fused pointwise forward and backward of each cell); {@link org.rnn4j.kernel.ScalarKernels},
 * plain loops on one thread that are the specification; {@link org.rnn4j.kernel.KernelProvider}, which
 * picks the Vector API implementation of {@code rnn4j-simd} by class name when the JVM can load it
 * and says so in one log line; {@link org.rnn4j.kernel.PartedTask}, work cut into pieces above the
 * kernels; {@link org.rnn4j.kernel.Activation}.
 *
 * <p>Does not hold: shape checks with messages (kernels only {@code assert}; public boundaries
 * check), threads of its own, anything about layers. Depends only on the root package; it never
 * imports {@code rnn4j-simd}, which is found at run time.
 */
package org.rnn4j.kernel;
