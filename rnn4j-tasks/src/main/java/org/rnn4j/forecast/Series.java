package org.rnn4j.forecast;

import java.util.Arrays;
import java.util.List;
import org.rnn4j.InvalidInputException;

/**
 * One univariate series to forecast: its values in time order, its season length, and optionally
 * known-future regressors (covariates) whose rows may run past the values, into the horizon.
 *
 * <p>Legend: {@code n} values, {@code C} covariates; covariate rows {@code n + f} with {@code f >= 0}
 * future rows.
 *
 * @param id             the series' name (the value of the id column in a panel)
 * @param values         [n] the observations
 * @param season         the season length m, 1 = none
 * @param covariateNames [C] the covariates' names, empty when there are none
 * @param covariates     [n + f][C] their values, row t beside value t; null when there are none
 */
public record Series(String id, double[] values, int season, List<String> covariateNames, double[][] covariates)
        implements
            java.io.Serializable {

    public Series {
        if (values == null || values.length == 0) {
            throw new InvalidInputException("series '" + id + "' has no values");
        }
        for (int t = 0; t < values.length; t++) {
            if (!Double.isFinite(values[t])) {
                throw new InvalidInputException(
                        "series '" + id + "' has the value " + values[t] + " at row " + (t + 1)
                                + "; expected a number");
            }
        }
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1 (1 = none), got " + season);
        }
        covariateNames = covariateNames == null ? List.of() : List.copyOf(covariateNames);
        if (covariateNames.isEmpty() != (covariates == null)) {
            throw new IllegalArgumentException("covariate names and values go together");
        }
        if (covariates != null && covariates.length < values.length) {
            throw new InvalidInputException(
                    "series '" + id + "' has " + values.length + " values but covariates for only "
                            + covariates.length + " rows");
        }
    }

    /** A series without covariates. */
    public static Series of(String id, double[] values, int season) {
        return new Series(id, values, season, List.of(), null);
    }

    /** {@code n}. */
    public int length() {
        return values.length;
    }

    /** {@code C}. */
    public int covariateCount() {
        return covariateNames.size();
    }

    /** The first {@code n} values with all covariate rows (those after {@code n} become its known future). */
    public Series head(int n) {
        if (n < 1 || n > values.length) {
            throw new IllegalArgumentException("head of " + n + " values from a series of " + values.length);
        }
        return new Series(id, Arrays.copyOf(values, n), season, covariateNames, covariates);
    }

    /** The covariate rows available after the values: {@code f}. */
    public int futureRows() {
        return covariates == null ? Integer.MAX_VALUE : covariates.length - values.length;
    }

    /**
     * Checks that the covariates reach {@code horizon} rows past the values.
     *
     * @throws InvalidInputException naming the series, the rows needed and the rows given
     */
    public void requireFuture(int horizon) {
        if (covariates != null && futureRows() < horizon) {
            throw new InvalidInputException("series '" + id + "': forecasting " + horizon
                    + " steps needs the covariates " + covariateNames + " for " + horizon + " future rows, got "
                    + futureRows() + " (give them with --future FILE)");
        }
    }
}
