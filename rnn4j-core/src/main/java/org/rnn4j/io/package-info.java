/**
 * Reading and writing tensors in the safetensors format of Hugging Face, and writing files
 * atomically.
 *
 * <p>Holds: {@link org.rnn4j.io.SafeTensors} (reading and writing; the checks are in the package-private
 * {@code SafeTensorsReader}, the encoding in {@code SafeTensorsWriter}), the values it produces
 * ({@link org.rnn4j.io.SafeTensorsFile}, {@link org.rnn4j.io.TensorData}, {@link org.rnn4j.io.DType}),
 * and {@link org.rnn4j.io.AtomicFiles}, the temp-file-then-rename helper that every file the library
 * writes goes through.
 *
 * <p>Does not hold: the meaning of tensor names (which tensor is which weight of which layer); that
 * belongs to the code that builds a model from a file. Files read here come from outside the library,
 * so every malformed input is reported as one {@link org.rnn4j.InvalidInputException} naming what was
 * expected and what was found, never as an index or allocation error.
 *
 * <p>Depends on {@code train}, {@code model}, {@code nn}, {@code nn.recurrent} and {@code kernel} only.
 */
package org.rnn4j.io;
