/**
 * JMH microbenchmarks of the kernels (products at the recurrence's shapes, the cell pointwise
 * kernels), run from the shaded {@code benchmarks.jar}. Results go to {@code bench/RESULTS*.md};
 * nothing depends on this package.
 */
package org.rnn4j.bench;
