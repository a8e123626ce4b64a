package org.rnn4j.classify;

import org.rnn4j.task.TrainingSummary;

/**
 * What {@link ClassifyRunner#train} returns.
 *
 * @param model      the trained classifier
 * @param summary    the training run: steps, losses (cross-entropy in nats), throughput
 * @param validation the scores on the held-out sequences; null when nothing was held out
 */
public record ClassifyResult(ClassifierModel model, TrainingSummary summary, ClassificationMetrics validation) {
}
