/**
 * rnn4j on Apache Spark: synchronous data-parallel training (every partition computes the summed loss
 * and gradient of its fixed share of the global batch from the current weights; the driver adds the
 * shares, clips, steps the optimizer and owns its state) and distributed scoring of language models,
 * classifiers and forecasters (the model broadcast once, one model or session per partition).
 *
 * <p>Uses Spark's public Java API only, and the library's {@code train}, {@code io}, {@code serve} and
 * the tasks' {@code lm}, {@code classify}, {@code forecast} and {@code task} packages. Nothing in the
 * library depends on this package.
 */
package org.rnn4j.spark;
