package org.rnn4j.forecast;

import org.rnn4j.task.TrainingSummary;

/**
 * What {@link ForecastRunner#train} returns.
 *
 * @param model      the trained forecaster
 * @param summary    the training run: steps, losses, throughput
 * @param evaluation the forecast of the held-out test rows from the training rows, with the naive and
 *                   seasonal-naive baselines; null when {@code test} was 0
 */
public record ForecastResult(ForecastModel model, TrainingSummary summary, ForecastEvaluation evaluation) {
}
