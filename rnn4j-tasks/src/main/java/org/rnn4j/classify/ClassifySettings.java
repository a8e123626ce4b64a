package org.rnn4j.classify;

import java.util.List;

/**
 * Where the labelled sequences are in a CSV table, and how to split them for validation. Two shapes:
 *
 * <ul>
 * <li><b>long form</b> ({@link #longForm}): one row per step; {@code idColumn} names the sequence,
 *     {@code orderColumn} (numeric) orders its steps, {@code featureColumns} are the numeric inputs
 *     (null = every numeric column except the id, order, label and split columns) and
 *     {@code labelColumn} the class, the same on every row of a sequence;
 * <li><b>one row per sequence</b> ({@link #perRow}): {@code sequenceColumn} holds a string whose characters
 *     are the tokens; {@code idColumn} is optional and only names the sequences in outputs (a table
 *     without it, at prediction time, names them {@code line N}).
 * </ul>
 *
 * <p>Split: when the table has the column {@code splitColumn} (default {@code split}), its value on every
 * row of a sequence says where the sequence goes: {@code train}, or {@code test} / {@code validation} /
 * {@code val} for the held-out part (case-insensitive; anything else is an error). Otherwise a stratified
 * split drawn with {@code seed} holds out {@code validationFraction} of each class (at least one
 * sequence of every class stays in training).
 *
 * @param labelColumn        the class of each sequence
 * @param idColumn           the sequence id (long form: required; per row: optional, may be null)
 * @param orderColumn        long form: the numeric step order within a sequence; null for per-row data
 * @param featureColumns     long form: the numeric inputs, or null for every other numeric column
 * @param sequenceColumn     per row: the token string; null for long-form data
 * @param splitColumn        the column of a predefined split, honoured when the table has it; null = never
 * @param validationFraction share of each class held out when there is no split column, in [0, 1); 0 = none
 * @param seed               the seed of the stratified split
 */
public record ClassifySettings(String labelColumn, String idColumn, String orderColumn, List<String> featureColumns,
        String sequenceColumn, String splitColumn, double validationFraction, long seed) {

    /** The default split column name. */
    public static final String DEFAULT_SPLIT_COLUMN = "split";
    /** The default held-out share without a split column. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.2;

    public ClassifySettings {
        if (blank(labelColumn)) {
            throw new IllegalArgumentException("the label column must be given");
        }
        if (featureColumns != null) {
            featureColumns = List.copyOf(featureColumns);
            if (featureColumns.isEmpty()) {
                throw new IllegalArgumentException("feature columns, when given, must name at least one column");
            }
        }
        if (sequenceColumn != null) {
            if (orderColumn != null || featureColumns != null) {
                throw new IllegalArgumentException("give either a sequence column (one row per sequence) or order and"
                        + " feature columns (long form), not both");
            }
        } else if (blank(idColumn) || blank(orderColumn)) {
            throw new IllegalArgumentException("long-form data needs an id column and an order column"
                    + " (or give a sequence column for one row per sequence)");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Long form with default feature columns, split column {@code split}, 20% stratified otherwise, seed 1. */
    public static ClassifySettings longForm(String idColumn, String orderColumn, String labelColumn) {
        return new ClassifySettings(labelColumn, idColumn, orderColumn, null, null, DEFAULT_SPLIT_COLUMN,
                DEFAULT_VALIDATION_FRACTION, 1);
    }

    /** One token string per row, split column {@code split} when present, 20% stratified otherwise, seed 1. */
    public static ClassifySettings perRow(String sequenceColumn, String labelColumn) {
        return new ClassifySettings(labelColumn, null, null, null, sequenceColumn, DEFAULT_SPLIT_COLUMN,
                DEFAULT_VALIDATION_FRACTION, 1);
    }

    /** Whether the data has one row per step (else one token string per row). */
    public boolean isLongForm() {
        return sequenceColumn == null;
    }

    public ClassifySettings withFeatureColumns(List<String> value) {
        return new ClassifySettings(labelColumn, idColumn, orderColumn, value, sequenceColumn, splitColumn,
                validationFraction, seed);
    }

    public ClassifySettings withIdColumn(String value) {
        return new ClassifySettings(labelColumn, value, orderColumn, featureColumns, sequenceColumn, splitColumn,
                validationFraction, seed);
    }

    public ClassifySettings withSplitColumn(String value) {
        return new ClassifySettings(labelColumn, idColumn, orderColumn, featureColumns, sequenceColumn, value,
                validationFraction, seed);
    }

    public ClassifySettings withValidationFraction(double value) {
        return new ClassifySettings(labelColumn, idColumn, orderColumn, featureColumns, sequenceColumn, splitColumn,
                value, seed);
    }

    public ClassifySettings withSeed(long value) {
        return new ClassifySettings(labelColumn, idColumn, orderColumn, featureColumns, sequenceColumn, splitColumn,
                validationFraction, value);
    }
}
