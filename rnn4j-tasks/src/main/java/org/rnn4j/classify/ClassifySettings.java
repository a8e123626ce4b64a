package org.rnn4j.classify;

import java.util.List;
import java.util.Locale;

/**
 * Where the labelled sequences are in a CSV table, how to split them, and how to weigh the classes.
 * Two shapes:
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
 * <p>Three parts. <b>Test</b>, scored after training and never looked at before: when the table has the
 * column {@code splitColumn} (default {@code split}), the sequences it marks {@code test} /
 * {@code validation} / {@code val} (case-insensitive; {@code train} for the others, anything else is an
 * error); otherwise a stratified {@code testFraction} of each class drawn with {@code seed}.
 * <b>Validation</b>, for early stopping: a stratified {@code validationFraction} of each class of the
 * remaining sequences (at most {@link #MAX_VALIDATION} sequences in all). <b>Training</b>: the rest. A
 * stratified draw never takes every sequence of a class.
 *
 * @param labelColumn        the class of each sequence
 * @param idColumn           the sequence id (long form: required; per row: optional, may be null)
 * @param orderColumn        long form: the numeric step order within a sequence; null for per-row data
 * @param featureColumns     long form: the numeric inputs, or null for every other numeric column
 * @param sequenceColumn     per row: the token string; null for long-form data
 * @param splitColumn        the column of a predefined split, honoured when the table has it; null = never
 * @param testFraction       share of each class held out for the test when there is no split column, in
 *                           [0, 1); 0 = none
 * @param validationFraction share of each class of the training sequences held out for early stopping,
 *                           in [0, 1); 0 = none (no early stopping)
 * @param classWeights       how the classes weigh in the training loss
 * @param seed               the seed of the stratified draws
 */
public record ClassifySettings(String labelColumn, String idColumn, String orderColumn, List<String> featureColumns,
        String sequenceColumn, String splitColumn, double testFraction, double validationFraction,
        ClassWeights classWeights, long seed) {

    /** The default split column name. */
    public static final String DEFAULT_SPLIT_COLUMN = "split";
    /** The default test share without a split column. */
    public static final double DEFAULT_TEST_FRACTION = 0.2;
    /** The default validation share of the training sequences. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    /** Validation sequences at most, so that validating stays cheap next to training. */
    public static final int MAX_VALIDATION = 1000;

    /** How the classes weigh in the training loss (and the validation loss early stopping watches). */
    public enum ClassWeights {
        /** Every sequence counts once: the loss whose minimum is the most accurate model. */
        NONE,
        /**
         * Class {@code c} weighs {@code n / (C · n_c)} over the training sequences (scikit-learn's
         * "balanced"): every class counts as much in all, for recall on rare classes at some cost in accuracy.
         */
        BALANCED;

        /** {@code none} or {@code balanced}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@link #id()}'s name back, case-insensitive. */
        public static ClassWeights parse(String s) {
            for (ClassWeights w : values()) {
                if (w.id().equalsIgnoreCase(s == null ? "" : s.trim())) {
                    return w;
                }
            }
            throw new IllegalArgumentException("class weights must be none or balanced, got '" + s + "'");
        }
    }

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
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in [0, 1), got " + testFraction);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        if (classWeights == null) {
            classWeights = ClassWeights.NONE;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * Long form with default feature columns, split column {@code split}, else a 20% stratified test;
     * 10% of the training sequences for validation, unweighted classes, seed 1.
     */
    public static ClassifySettings longForm(String idColumn, String orderColumn, String labelColumn) {
        return new ClassifySettings(labelColumn, idColumn, orderColumn, null, null, DEFAULT_SPLIT_COLUMN,
                DEFAULT_TEST_FRACTION, DEFAULT_VALIDATION_FRACTION, ClassWeights.NONE, 1);
    }

    /** One token string per row, with the splits, weights and seed of {@link #longForm}. */
    public static ClassifySettings perRow(String sequenceColumn, String labelColumn) {
        return new ClassifySettings(labelColumn, null, null, null, sequenceColumn, DEFAULT_SPLIT_COLUMN,
                DEFAULT_TEST_FRACTION, DEFAULT_VALIDATION_FRACTION, ClassWeights.NONE, 1);
    }

    /** Whether the data has one row per step (else one token string per row). */
    public boolean isLongForm() {
        return sequenceColumn == null;
    }

    public ClassifySettings withFeatureColumns(List<String> value) {
        return new ClassifySettings(labelColumn, idColumn, orderColumn, value, sequenceColumn, splitColumn,
                testFraction, validationFraction, classWeights, seed);
    }

    public ClassifySettings withIdColumn(String value) {
        return new ClassifySettings(labelColumn, value, orderColumn, featureColumns, sequenceColumn, splitColumn,
                testFraction, validationFraction, classWeights, seed);
    }

    public ClassifySettings withSplitColumn(String value) {
        return new ClassifySettings(labelColumn, idColumn, orderColumn, featureColumns, sequenceColumn, value,
                testFraction, validationFraction, classWeights, seed);
    }

    public ClassifySettings withTestFraction(double value) {
        return new ClassifySettings(labelColumn, idColumn, orderColumn, featureColumns, sequenceColumn, splitColumn,
                value, validationFraction, classWeights, seed);
    }

    public ClassifySettings withValidationFraction(double value) {
        return new ClassifySettings(labelColumn, idColumn, orderColumn, featureColumns, sequenceColumn, splitColumn,
                testFraction, value, classWeights, seed);
    }

    public ClassifySettings withClassWeights(ClassWeights value) {
        return new ClassifySettings(labelColumn, idColumn, orderColumn, featureColumns, sequenceColumn, splitColumn,
                testFraction, validationFraction, value, seed);
    }

    public ClassifySettings withSeed(long value) {
        return new ClassifySettings(labelColumn, idColumn, orderColumn, featureColumns, sequenceColumn, splitColumn,
                testFraction, validationFraction, classWeights, value);
    }
}
