/**
 * Time-series forecasting from CSV tables: {@link org.rnn4j.forecast.ForecastRunner} is the entry point
 * (train, evaluate, forecast); {@link org.rnn4j.forecast.ForecastSettings} says which columns and how the
 * series is prepared; {@link org.rnn4j.forecast.ForecastTransform} is that preparation fitted on the
 * training rows (log, differencing at the season, z-score), saved with the model;
 * {@link org.rnn4j.forecast.ForecastModel} forecasts recursively; {@link org.rnn4j.forecast.ForecastMetrics}
 * and {@link org.rnn4j.forecast.ForecastEvaluation} score a forecast against the naive and seasonal-naive
 * baselines (RMSE, MAE, MASE, sMAPE).
 *
 * <p>What is not here: the network, the training step and loop ({@code org.rnn4j.model},
 * {@code org.rnn4j.train}), CSV parsing and window batches ({@code org.rnn4j.data}), the command line.
 *
 * <p>Depends on the library and {@code task} only.
 */
package org.rnn4j.forecast;
