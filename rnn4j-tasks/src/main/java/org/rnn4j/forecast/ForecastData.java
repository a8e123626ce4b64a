package org.rnn4j.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;

/**
 * The series of a CSV table to forecast: the target columns as numbers, the time column as text, and
 * the split into training rows (all but the last {@code test}) and test rows. Rows are taken in file
 * order; the table is expected to be sorted by time and evenly spaced.
 *
 * <p>Legend: {@code N} rows, {@code K} targets.
 */
public final class ForecastData {

    private final ForecastSettings settings;
    private final String source;
    private final double[][] values;   // [N][K]
    private final List<String> times;  // [N], or null

    private ForecastData(ForecastSettings settings, String source, double[][] values, List<String> times) {
        this.settings = settings;
        this.source = source;
        this.values = values;
        this.times = times;
    }

    /**
     * Reads the targets (and time column) of {@code table}.
     *
     * @throws InvalidInputException naming the problem: an unknown column (listing those there are), a
     *                               non-numeric value (with its line and column), or {@code test} not
     *                               below the number of rows
     */
    public static ForecastData fromCsv(CsvTable table, ForecastSettings settings) {
        double[][] values = series(table, settings.targets());
        List<String> times = null;
        if (settings.timeColumn() != null) {
            int col = table.column(settings.timeColumn());
            List<String> t = new ArrayList<>(table.rowCount());
            for (int r = 0; r < table.rowCount(); r++) {
                t.add(table.text(r, col));
            }
            times = Collections.unmodifiableList(t);
        }
        int n = values.length;
        if (settings.test() >= n) {
            throw new InvalidInputException(
                    table.source() + " has " + n + " rows; holding out --test " + settings.test()
                            + " leaves nothing to train on");
        }
        return new ForecastData(settings, table.source(), values, times);
    }

    /**
     * The target columns of a table as {@code [N][K]} numbers, for forecasting with a trained model.
     *
     * @throws InvalidInputException for a missing column or a non-numeric value (line and column named)
     */
    public static double[][] series(CsvTable table, List<String> targets) {
        int[] cols = new int[targets.size()];
        for (int k = 0; k < cols.length; k++) {
            cols[k] = table.column(targets.get(k));
        }
        double[][] values = new double[table.rowCount()][targets.size()];
        for (int r = 0; r < values.length; r++) {
            for (int k = 0; k < cols.length; k++) {
                values[r][k] = table.number(r, cols[k]);
            }
        }
        return values;
    }

    public ForecastSettings settings() {
        return settings;
    }

    /** Where the data came from, for messages. */
    public String source() {
        return source;
    }

    public List<String> targets() {
        return settings.targets();
    }

    /** {@code N}. */
    public int rows() {
        return values.length;
    }

    /** Rows the model trains on: the first {@code N − test}. */
    public int trainRows() {
        return values.length - settings.test();
    }

    /** Held-out rows at the end. */
    public int testRows() {
        return settings.test();
    }

    /** Every row, {@code [N][K]}; a copy. */
    public double[][] values() {
        return copy(values, 0, values.length);
    }

    /** The training rows, {@code [N − test][K]}; a copy. */
    public double[][] trainPart() {
        return copy(values, 0, trainRows());
    }

    /** The test rows, {@code [test][K]}; a copy. */
    public double[][] testPart() {
        return copy(values, trainRows(), values.length);
    }

    /** The time column's text per row, or null when no time column was given. */
    public List<String> times() {
        return times;
    }

    private static double[][] copy(double[][] a, int from, int to) {
        double[][] out = new double[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = Arrays.copyOf(a[i], a[i].length);
        }
        return out;
    }
}
