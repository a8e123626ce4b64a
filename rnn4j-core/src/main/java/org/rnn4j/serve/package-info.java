/**
 * Serving a trained model: {@link org.rnn4j.serve.Predictor} loads a model directory once, and each
 * {@link org.rnn4j.serve.Session} runs a batch of independent streams one step at a time, keeping
 * their recurrent state between calls; the state can be copied out and put back at any time (to
 * park a user's stream, to branch, to retry).
 *
 * <pre>
 * Predictor predictor = Predictor.load(Path.of("models/shakespeare"));
 * Session session = predictor.newSession(4);          // 4 streams
 * float[] logits = session.step(new int[] {7, 7, 0, 12});   // [4, V]
 * RecurrentState saved = session.state();             // a copy
 * ...
 * session.restore(saved);
 * </pre>
 *
 * <p>Outputs are the model's head outputs as trained: logits for language models and classifiers,
 * normalized values for forecasters (the task object, {@link org.rnn4j.serve.Predictor#task()},
 * holds what is needed to turn them into characters, labels or units).
 *
 * <p>Not here: training, and batch evaluation of whole files ({@code org.rnn4j.lm},
 * {@code org.rnn4j.forecast}, {@code org.rnn4j.classify}).
 *
 * <p>Depends on {@code io}, {@code model}, {@code nn}, {@code nn.recurrent} and {@code kernel} only: a service needs the library and nothing of the tasks or the command line.
 */
package org.rnn4j.serve;
