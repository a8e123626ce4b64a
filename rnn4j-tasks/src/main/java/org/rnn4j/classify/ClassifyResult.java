package org.rnn4j.classify;

import org.rnn4j.task.TrainingSummary;

/**
 * What {@link ClassifyRunner#train} returns.
 *
 * @param model   the trained classifier
 * @param summary the training run: steps, losses (cross-entropy in nats), throughput, best step
 * @param test    the scores on the test sequences; null when nothing was held out for a test
 */
public record ClassifyResult(ClassifierModel model, TrainingSummary summary, ClassificationMetrics test) {
}
