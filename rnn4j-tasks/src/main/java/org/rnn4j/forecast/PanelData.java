package org.rnn4j.forecast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;

/**
 * Series from a CSV table: one series (every row, in file order), or many in long form, an id column
 * naming the series of each row (statsforecast's and Darts' {@code unique_id} convention): the rows of
 * a series keep their file order and need not be contiguous. Known-future covariates are further
 * numeric columns; their values for the forecast horizon come from a second table of the same form
 * ({@link #withFuture}) holding only those columns (and the id column).
 */
public final class PanelData {

    private PanelData() {
    }

    /**
     * Reads the series of {@code table}.
     *
     * @param target     the column to forecast
     * @param idColumn   the column naming each row's series, or null for a single series
     * @param season     the season length, 1 = none
     * @param covariates known-future regressor columns, possibly empty
     * @throws InvalidInputException for a missing column (listing those there are) or a non-numeric value
     */
    public static List<Series> read(CsvTable table, String target, String idColumn, int season,
            List<String> covariates) {
        int y = table.column(target);
        int id = idColumn == null ? -1 : table.column(idColumn);
        int[] cov = columns(table, covariates, target);
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (int r = 0; r < table.rowCount(); r++) {
            rows.computeIfAbsent(id < 0 ? target : table.text(r, id), k -> new ArrayList<>()).add(r);
        }
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : rows.entrySet()) {
            List<Integer> rs = e.getValue();
            double[] values = new double[rs.size()];
            double[][] c = cov.length == 0 ? null : new double[rs.size()][cov.length];
            for (int i = 0; i < rs.size(); i++) {
                values[i] = table.number(rs.get(i), y);
                for (int j = 0; j < cov.length; j++) {
                    c[i][j] = table.number(rs.get(i), cov[j]);
                }
            }
            out.add(new Series(e.getKey(), values, season, covariates, c));
        }
        return out;
    }

    private static int[] columns(CsvTable table, List<String> names, String target) {
        int[] out = new int[names.size()];
        for (int j = 0; j < out.length; j++) {
            if (names.get(j).equals(target)) {
                throw new InvalidInputException("column '" + target + "' cannot be both the target and a covariate");
            }
            out[j] = table.column(names.get(j));
        }
        return out;
    }

    /**
     * The series with their covariates extended by the rows of {@code future} (each series by the rows
     * with its id, in file order).
     *
     * @throws InvalidInputException naming the file and the first covariate column it lacks (one line), or a
     *                               series it has no rows for
     */
    public static List<Series> withFuture(List<Series> series, CsvTable future, String idColumn) {
        if (series.isEmpty() || series.get(0).covariateCount() == 0) {
            return series;
        }
        List<String> names = series.get(0).covariateNames();
        for (String c : names) {
            if (!future.hasColumn(c)) {
                throw new InvalidInputException(future.source() + " has no column '" + c + "' (covariate " + c
                        + " is needed for every forecast step); its columns are " + String.join(", ",
                                future.header()));
            }
        }
        int[] cov = new int[names.size()];
        for (int j = 0; j < cov.length; j++) {
            cov[j] = future.column(names.get(j));
        }
        int id = idColumn == null ? -1 : future.column(idColumn);
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        for (int r = 0; r < future.rowCount(); r++) {
            double[] v = new double[cov.length];
            for (int j = 0; j < cov.length; j++) {
                v[j] = future.number(r, cov[j]);
            }
            rows.computeIfAbsent(id < 0 ? series.get(0).id() : future.text(r, id), k -> new ArrayList<>()).add(v);
        }
        List<Series> out = new ArrayList<>();
        for (Series s : series) {
            List<double[]> extra = rows.get(s.id());
            if (extra == null) {
                throw new InvalidInputException(future.source() + " has no rows for series '" + s.id()
                        + "'; it needs the future covariates of every series");
            }
            double[][] c = new double[s.length() + extra.size()][];
            for (int t = 0; t < s.length(); t++) {
                c[t] = s.covariates()[t];
            }
            for (int i = 0; i < extra.size(); i++) {
                c[s.length() + i] = extra.get(i);
            }
            out.add(new Series(s.id(), s.values(), s.season(), names, c));
        }
        return out;
    }
}
