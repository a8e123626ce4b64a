package org.rnn4j.task;

/**
 * What a task's training run did, in the terms of the command line's {@code --json} line.
 *
 * @param steps              optimizer steps taken in total (including those before a resume)
 * @param trainLoss          mean training loss over the last steps of the run (at most 50), in the
 *                           loss's own units (MSE on normalized values, or cross-entropy in nats)
 * @param validationLoss     the last validation loss, same units; NaN when there is no validation data
 * @param positionsPerSecond targets (windows' values or sequences) per second of training
 * @param elapsedSeconds     training time of this run
 * @param stopReason         which limit ended the run: steps, epochs or time budget
 */
public record TrainingSummary(int steps, double trainLoss, double validationLoss, double positionsPerSecond,
        double elapsedSeconds, String stopReason) {
}
