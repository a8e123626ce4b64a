/**
 * The Vector API ({@code jdk.incubator.vector}) implementation of {@link org.rnn4j.kernel.Kernels}:
 * {@link org.rnn4j.simd.VectorKernels}.
 *
 * <p>This is the only package in rnn4j that imports {@code jdk.incubator.vector}. The module is
 * optional: {@link org.rnn4j.kernel.KernelProvider} loads the class by name when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, and otherwise uses the scalar specification.
 *
 * <p>Holds: the register-tiled matrix products ({@code Gemm}, with the register tiles in
 * {@code Tiles}, the dot-product form in {@code Dots} and the copies of A into tiles in
 * {@code TileCopies}), exact-operation sigmoid and tanh ({@code VectorMath}) and the worker threads
 * that split large products ({@code WorkerPool}).
 * Does not hold: shapes checks with helpful messages (callers at public boundaries do those),
 * anything about layers or training.
 *
 * <p>Depends on {@code kernel}, {@code util} and the root package only.
 */
package org.rnn4j.simd;
