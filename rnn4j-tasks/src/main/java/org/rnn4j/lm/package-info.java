/**
 * Character-level language models: the data of a run ({@link org.rnn4j.lm.CharCorpus}: the
 * vocabulary of the training part, the validation tail), their evaluation in nats, bits per character
 * and perplexity ({@link org.rnn4j.lm.LmEvaluator}, {@link org.rnn4j.lm.LmScore}), and sampling with
 * temperature, top-k and a priming text ({@link org.rnn4j.lm.Sampler}).
 *
 * <p>Unseen characters, everywhere in this package: a character that the training text did not have
 * has no id, so it is skipped and counted, as {@link org.rnn4j.data.Vocabulary} documents. Evaluations
 * report the count; a prompt's skipped characters are returned by {@link org.rnn4j.lm.Sampler#prime}.
 *
 * <p>Not here: the training step and truncated BPTT ({@code org.rnn4j.train}), the model directory
 * format ({@code org.rnn4j.io}), serving many streams ({@code org.rnn4j.serve}).
 *
 * <p>Depends on the library and {@code task} only.
 */
package org.rnn4j.lm;
