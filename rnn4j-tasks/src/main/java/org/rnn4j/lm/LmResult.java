package org.rnn4j.lm;

import org.rnn4j.task.TrainingSummary;

/**
 * What {@link LmTraining#train} returns.
 *
 * @param model      the trained language model
 * @param summary    the run: steps, losses in nats (validation: the whole validation part), throughput in
 *                   characters per second
 * @param validation the score of the whole validation part; null when there is none
 */
public record LmResult(LanguageModel model, TrainingSummary summary, LmScore validation) {
}
