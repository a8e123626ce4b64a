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
 * @param stopReason         what ended the run: steps, epochs, time budget, early stopping or interrupted
 *                           ({@code TrainingLoop}'s reasons)
 * @param bestStep           with early stopping, the step whose weights the model ends on; else the last step
 * @param bestValidationLoss with early stopping, the validation loss of those weights; else NaN
 */
public record TrainingSummary(int steps, double trainLoss, double validationLoss, double positionsPerSecond,
        double elapsedSeconds, String stopReason, int bestStep, double bestValidationLoss) {
}
