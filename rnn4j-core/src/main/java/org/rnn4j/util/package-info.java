/**
 * Small helpers with no knowledge of networks: {@link org.rnn4j.util.Rng}, the seeded generator every
 * random choice goes through (splittable, with a state that can be saved and restored exactly), and
 * {@link org.rnn4j.util.FloatArrays} (sums in double, finiteness checks, copies).
 *
 * <p>Depends on no other rnn4j package.
 */
package org.rnn4j.util;
