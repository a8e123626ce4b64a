package org.rnn4j.forecast;

import java.util.List;
import java.util.Locale;

/**
 * What to forecast from a CSV table and how the series is prepared for the network. The
 * preparation is fitted on the training rows only (all rows but the last {@code test}).
 *
 * <p>Preparation, per target ({@link ForecastTransform} has the equations): {@code u = log(y)} when
 * {@code log} says so; the change {@code d_t = u_t − u_{t−L}} at lag {@code L} ({@code differencing});
 * a drift {@code m_t}, the mean change over the last {@code driftWindow} rows (or over all training
 * rows); and the surprise {@code e_t = (d_t − m_{t−1}) / σ}, scaled by its standard deviation on the
 * training rows. The network reads a window of surprises and predicts the next one. A network output
 * of 0 is therefore the seasonal-naive forecast plus the recent mean seasonal change (seasonal naive
 * with drift): the network starts there (its head is zero-initialized) and only has to learn how the
 * series departs from that baseline.
 *
 * @param targets     the columns to forecast, one or more, distinct
 * @param timeColumn  a column kept for output only (e.g. {@code month}), or null
 * @param test        rows held out at the end for evaluation, {@code >= 0}; the model never sees them
 * @param season      the season length for the seasonal-naive baseline, MASE and differencing (e.g. 12
 *                    for monthly data); 0 = no season
 * @param window      steps of history the network reads, or {@link #AUTO}: {@code 2·season} (24
 *                    without a season), shortened to half of the training rows when the series is short
 * @param log         whether to forecast the logarithm (multiplicative seasonality and growth, as in
 *                    AirPassengers); {@link LogMode#AUTO} = when every training value of the target is
 *                    positive
 * @param differencing the lag {@code L} of the change, 0 = none, or {@link #AUTO}: {@code season} when
 *                    there is one, else 1
 * @param driftWindow rows of changes the drift averages, 0 = all training rows (a constant drift), or
 *                    {@link #AUTO}: the last 10 seasons with a season (long enough to average out an odd
 *                    year, short enough to follow a slowly changing growth), all training rows without
 * @param levelInput  whether the network also reads the normalized level {@code u_t}, not only the
 *                    surprises; off by default, because a trending series leaves the range of levels
 *                    seen in training exactly where it is forecast
 */
public record ForecastSettings(List<String> targets, String timeColumn, int test, int season, int window,
        LogMode log, int differencing, int driftWindow, boolean levelInput) {

    /** For {@code window} and {@code differencing}: let the settings choose (see the record doc). */
    public static final int AUTO = -1;

    /** Whether to model the logarithm of a target. */
    public enum LogMode {
        /** Log when every training value is positive. */
        AUTO,
        /** Always; a non-positive value is an error. */
        ON,
        /** Never. */
        OFF;

        /** Parses {@code auto}, {@code on}/{@code true}/{@code yes}, {@code off}/{@code false}/{@code no}. */
        public static LogMode parse(String text) {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "auto":
                    return AUTO;
                case "on":
                case "true":
                case "yes":
                    return ON;
                case "off":
                case "false":
                case "no":
                    return OFF;
                default:
                    throw new IllegalArgumentException("log must be auto, on or off, got '" + text + "'");
            }
        }
    }

    public ForecastSettings {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("give at least one target column to forecast");
        }
        targets = List.copyOf(targets);
        for (int i = 0; i < targets.size(); i++) {
            String t = targets.get(i);
            if (t.isBlank()) {
                throw new IllegalArgumentException("target column names must not be empty, got " + targets);
            }
            if (targets.indexOf(t) != i) {
                throw new IllegalArgumentException("target column '" + t + "' is given twice");
            }
        }
        if (timeColumn != null && targets.contains(timeColumn)) {
            throw new IllegalArgumentException(
                    "column '" + timeColumn + "' cannot be both the time column and a target");
        }
        if (test < 0) {
            throw new IllegalArgumentException("test rows must be >= 0, got " + test);
        }
        if (season < 0) {
            throw new IllegalArgumentException("season must be >= 0 (0 = none), got " + season);
        }
        if (season == 1) {
            season = 0; // a season of one step is no season: seasonal naive is naive
        }
        if (window <= 0 && window != AUTO) {
            throw new IllegalArgumentException("window must be positive (or AUTO), got " + window);
        }
        if (log == null) {
            log = LogMode.AUTO;
        }
        if (differencing < AUTO) {
            throw new IllegalArgumentException("differencing lag must be >= 0 (0 = none) or AUTO, got " + differencing);
        }
        if (driftWindow < AUTO) {
            throw new IllegalArgumentException("drift window must be >= 0 rows (0 = all) or AUTO, got " + driftWindow);
        }
    }

    /** Forecasts {@code targets} with every other setting at its default: no time column, no test rows,
     * no season, automatic window, log and differencing. */
    public static ForecastSettings of(List<String> targets) {
        return new ForecastSettings(targets, null, 0, 0, AUTO, LogMode.AUTO, AUTO, AUTO, false);
    }

    /** {@link #of(List)} for the given column names. */
    public static ForecastSettings of(String... targets) {
        return of(List.of(targets));
    }

    public ForecastSettings withTimeColumn(String value) {
        return new ForecastSettings(targets, value, test, season, window, log, differencing, driftWindow, levelInput);
    }

    public ForecastSettings withTest(int value) {
        return new ForecastSettings(targets, timeColumn, value, season, window, log, differencing, driftWindow,
                levelInput);
    }

    public ForecastSettings withSeason(int value) {
        return new ForecastSettings(targets, timeColumn, test, value, window, log, differencing, driftWindow,
                levelInput);
    }

    public ForecastSettings withWindow(int value) {
        return new ForecastSettings(targets, timeColumn, test, season, value, log, differencing, driftWindow,
                levelInput);
    }

    public ForecastSettings withLog(LogMode value) {
        return new ForecastSettings(targets, timeColumn, test, season, window, value, differencing, driftWindow,
                levelInput);
    }

    public ForecastSettings withDifferencing(int value) {
        return new ForecastSettings(targets, timeColumn, test, season, window, log, value, driftWindow, levelInput);
    }

    public ForecastSettings withDriftWindow(int value) {
        return new ForecastSettings(targets, timeColumn, test, season, window, log, differencing, value, levelInput);
    }

    public ForecastSettings withLevelInput(boolean value) {
        return new ForecastSettings(targets, timeColumn, test, season, window, log, differencing, driftWindow, value);
    }

    /** The drift window these settings resolve to, 0 = all training rows. */
    public int resolvedDriftWindow() {
        if (driftWindow != AUTO) {
            return driftWindow;
        }
        return season > 0 ? 10 * season : 0;
    }

    /** The difference lag these settings resolve to. */
    public int resolvedLag() {
        if (differencing != AUTO) {
            return differencing;
        }
        return season > 0 ? season : 1;
    }
}
