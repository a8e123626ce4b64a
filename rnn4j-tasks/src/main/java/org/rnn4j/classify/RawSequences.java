package org.rnn4j.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;

/**
 * Sequences as read from a table, before any fitting: id, label text, split text, and the raw
 * features or token string. Shared by training and evaluation so both read a file the same way.
 */
final class RawSequences {

    private RawSequences() {
    }

    /**
     * One sequence.
     *
     * @param id       its id (the id column's value, or "line N" without an id column)
     * @param label    the label text, or null when the table has no label column (prediction)
     * @param split    the split column's text, or null
     * @param features long form: [T][F] raw values; else null
     * @param text     per row: the token string; else null
     * @param line     the file line of its first row, for messages
     */
    record Raw(String id, String label, String split, double[][] features, String text, long line) {
    }

    /** Where the columns are; {@code featureColumns} is resolved (never null) for long form. */
    record Layout(String labelColumn, String idColumn, String orderColumn, List<String> featureColumns,
            String sequenceColumn, String splitColumn) {
        boolean longForm() {
            return sequenceColumn == null;
        }
    }

    /** The layout of {@code settings} on {@code table}, with default feature columns filled in. */
    static Layout layout(CsvTable table, ClassifySettings settings) {
        table.column(settings.labelColumn());
        if (settings.idColumn() != null) {
            table.column(settings.idColumn());
        }
        String split = settings.splitColumn() != null && table.hasColumn(settings.splitColumn())
                ? settings.splitColumn()
                : null;
        if (!settings.isLongForm()) {
            table.column(settings.sequenceColumn());
            return new Layout(settings.labelColumn(), settings.idColumn(), null, null, settings.sequenceColumn(),
                    split);
        }
        table.column(settings.orderColumn());
        List<String> features = settings.featureColumns();
        if (features == null) {
            features = new ArrayList<>();
            for (String c : table.header()) {
                if (c.equals(settings.idColumn()) || c.equals(settings.orderColumn())
                        || c.equals(settings.labelColumn())
                        || c.equals(split)) {
                    continue;
                }
                if (table.isNumeric(table.column(c))) {
                    features.add(c);
                }
            }
            if (features.isEmpty()) {
                throw new InvalidInputException(table.source() + " has no numeric feature column besides the id, order"
                        + " and label columns; its columns are " + String.join(", ", table.header()));
            }
        } else {
            for (String c : features) {
                table.column(c);
                if (c.equals(settings.idColumn()) || c.equals(settings.orderColumn())
                        || c.equals(settings.labelColumn())) {
                    throw new InvalidInputException(
                            "column '" + c + "' cannot be a feature: it is the id, order or label column");
                }
            }
        }
        return new Layout(settings.labelColumn(), settings.idColumn(), settings.orderColumn(), List.copyOf(features),
                null, split);
    }

    /**
     * Reads every sequence of {@code table}.
     *
     * @param labelRequired whether a missing label column is an error (else labels are null)
     */
    static List<Raw> read(CsvTable table, Layout layout, boolean labelRequired) {
        int labelCol = labelRequired || table.hasColumn(layout.labelColumn()) ? table.column(layout.labelColumn()) : -1;
        // per row the id only names sequences in outputs: a table without it is named by line
        int idCol = layout.idColumn() == null || (!layout.longForm() && !table.hasColumn(layout.idColumn()))
                ? -1
                : table.column(layout.idColumn());
        int splitCol = layout.splitColumn() != null && table.hasColumn(layout.splitColumn())
                ? table.column(layout.splitColumn())
                : -1;
        List<Raw> out = new ArrayList<>();
        if (!layout.longForm()) {
            int seqCol = table.column(layout.sequenceColumn());
            for (int r = 0; r < table.rowCount(); r++) {
                // spaces around a field are the file's layout (padded columns), not tokens or part of a class
                String text = table.text(r, seqCol).strip();
                if (text.isEmpty()) {
                    throw new InvalidInputException(table.source() + ": line " + table.line(r) + ", column '"
                            + layout.sequenceColumn()
                            + "': the sequence is empty; every sequence needs at least one token");
                }
                String id = idCol >= 0 ? table.text(r, idCol) : "line " + table.line(r);
                out.add(new Raw(id, labelCol >= 0 ? table.text(r, labelCol).strip() : null,
                        splitCol >= 0 ? table.text(r, splitCol) : null, null, text, table.line(r)));
            }
            return out;
        }
        int orderCol = table.column(layout.orderColumn());
        int[] featureCols = new int[layout.featureColumns().size()];
        for (int j = 0; j < featureCols.length; j++) {
            featureCols[j] = table.column(layout.featureColumns().get(j));
        }
        Map<String, List<Integer>> rowsById = new LinkedHashMap<>();
        for (int r = 0; r < table.rowCount(); r++) {
            rowsById.computeIfAbsent(table.text(r, idCol), k -> new ArrayList<>()).add(r);
        }
        double[] order = new double[table.rowCount()];   // by row; each sequence fills its own rows
        for (Map.Entry<String, List<Integer>> e : rowsById.entrySet()) {
            String id = e.getKey();
            List<Integer> rows = e.getValue();
            for (int r : rows) {
                order[r] = table.number(r, orderCol);
            }
            rows.sort(Comparator.comparingDouble(r -> order[r]));
            for (int i = 1; i < rows.size(); i++) {
                int a = rows.get(i - 1);
                int b = rows.get(i);
                if (order[a] == order[b]) {
                    throw new InvalidInputException(table.source() + ": sequence '" + InvalidInputException.excerpt(id)
                            + "' has " + layout.orderColumn() + " = "
                            + InvalidInputException.excerpt(table.text(b, orderCol)) + " twice (lines " + table.line(a)
                            + " and " + table.line(b) + "); each step of a sequence needs its own order value");
                }
            }
            String label = labelCol >= 0 ? sameOnEveryRow(table, rows, labelCol, id) : null;
            String split = splitCol >= 0 ? sameOnEveryRow(table, rows, splitCol, id) : null;
            double[][] features = new double[rows.size()][featureCols.length];
            for (int t = 0; t < rows.size(); t++) {
                for (int j = 0; j < featureCols.length; j++) {
                    features[t][j] = table.number(rows.get(t), featureCols[j]);
                }
            }
            long line = Long.MAX_VALUE;
            for (int r : rows) {
                line = Math.min(line, table.line(r));
            }
            out.add(new Raw(id, label, split, features, null, line));
        }
        return out;
    }

    private static String sameOnEveryRow(CsvTable table, List<Integer> rows, int col, String id) {
        int first = rows.get(0);
        String value = table.text(first, col).strip();
        for (int r : rows) {
            if (!table.text(r, col).strip().equals(value)) {
                throw new InvalidInputException(table.source() + ": sequence '" + id + "' has "
                        + table.header().get(col)
                        + " '" + InvalidInputException.excerpt(value) + "' (line " + table.line(first) + ") and '"
                        + InvalidInputException.excerpt(table.text(r, col)) + "' (line "
                        + table.line(r) + "); it must be the same on every row of a sequence");
            }
        }
        return value;
    }

    /** Class names sorted: numerically when every name is a number, else by text. */
    static List<String> sortedClassNames(Iterable<String> labels) {
        java.util.Set<String> distinct = new java.util.LinkedHashSet<>();
        for (String l : labels) {
            distinct.add(l);
        }
        List<String> names = new ArrayList<>(distinct);
        boolean numeric = true;
        for (String n : names) {
            try {
                Double.parseDouble(n);
            } catch (NumberFormatException e) {
                numeric = false;
                break;
            }
        }
        if (numeric) {
            names.sort(Comparator.comparingDouble(Double::parseDouble).thenComparing(Comparator.naturalOrder()));
        } else {
            names.sort(Comparator.naturalOrder());
        }
        return names;
    }
}
