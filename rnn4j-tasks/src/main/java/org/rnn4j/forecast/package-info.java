/**
 * Time-series forecasting from CSV tables: {@link org.rnn4j.forecast.ForecastRunner} is the entry point
 * (train, evaluate, forecast); {@link org.rnn4j.forecast.ForecastSettings} says which columns and how the
 * series is prepared; {@link org.rnn4j.forecast.ForecastTransform} is that preparation fitted on the
 * training rows (log, differencing at the season, z-score), saved with the model;
 * {@link org.rnn4j.forecast.ForecastModel} forecasts recursively; {@link org.rnn4j.forecast.ForecastMetrics}
 * and {@link org.rnn4j.forecast.ForecastEvaluation} score a forecast against the naive and seasonal-naive
 * baselines (RMSE, MAE, MASE, sMAPE).
 *
 * <p>The default forecaster, {@link org.rnn4j.forecast.AutoForecaster}: rnn4j's own automatic
 * {@link org.rnn4j.forecast.Ets}, {@link org.rnn4j.forecast.Arima} and {@link org.rnn4j.forecast.Theta}, and
 * the ES-normalized global {@link org.rnn4j.forecast.NeuralForecaster}, all {@link org.rnn4j.forecast.ForecastMethod}s
 * of {@link org.rnn4j.forecast.Series}; their mean or one of them chosen per series by a rolling-origin
 * {@link org.rnn4j.forecast.Backtest} ({@link org.rnn4j.forecast.BacktestResult}: per-step MASE, sMAPE,
 * RMSE), with conformal {@link org.rnn4j.forecast.Intervals} from its residuals;
 * {@link org.rnn4j.forecast.AutoForecastModel} saves and loads it; {@link org.rnn4j.forecast.PanelData}
 * reads long-form panels, covariates and their future values.
 *
 * <p>What is not here: the network, the training step and loop ({@code org.rnn4j.model},
 * {@code org.rnn4j.train}), CSV parsing and window batches ({@code org.rnn4j.data}), the command line.
 *
 * <p>Depends on the library and {@code task} only.
 */
package org.rnn4j.forecast;
