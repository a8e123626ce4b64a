package org.rnn4j.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.JsonFields;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.io.ModelDirectory;

/**
 * How a table's sequences become network input, fitted on the training sequences only: the class
 * names (sorted, numerically when all are numbers) with their training counts, and either the
 * z-score of each feature column (long form; mean and standard deviation over every step of every
 * training sequence, a constant feature only centred) or the character vocabulary (one row per
 * sequence; the distinct characters of the training sequences, sorted by code point, id = rank).
 *
 * <p>A character not in the vocabulary reads as the unknown token, id {@code V} (its embedding row
 * is zero and never trained), so a sequence keeps its length and its positions; {@link
 * Encoded#unknownTokens()} counts them. A sequence with no known character is an error. Encodings
 * saved before the unknown token existed ({@code unknown_token} absent) skip such characters instead.
 *
 * <p>Immutable; saved as the {@code encoding} member of a model directory's task object
 * ({@link #toJson()}) and read back with validation ({@link #fromJson}).
 */
public final class SequenceEncoding {

    private final RawSequences.Layout layout;
    private final List<String> classNames;
    private final int[] classCounts;
    private final double[] mean;      // [F], long form
    private final double[] std;       // [F], long form
    private final int[] vocabulary;   // [V] code points, per-row form
    private final boolean unknownToken; // per-row form: id V stands for any character outside the vocabulary
    private final Map<Integer, Integer> tokenIds;

    private SequenceEncoding(RawSequences.Layout layout, List<String> classNames, int[] classCounts, double[] mean,
            double[] std, int[] vocabulary, boolean unknownToken) {
        this.layout = layout;
        this.classNames = Collections.unmodifiableList(new ArrayList<>(classNames));
        this.classCounts = classCounts;
        this.mean = mean;
        this.std = std;
        this.vocabulary = vocabulary;
        this.unknownToken = vocabulary != null && unknownToken;
        this.tokenIds = new HashMap<>();
        if (vocabulary != null) {
            for (int i = 0; i < vocabulary.length; i++) {
                tokenIds.put(vocabulary[i], i);
            }
        }
    }

    /** Sequences encoded for the network. */
    public record Encoded(LabelledSequences sequences, boolean labelled, int unknownTokens, List<String> splits) {
    }

    /** Fits class names and normalization or vocabulary to the training sequences. */
    static SequenceEncoding fit(RawSequences.Layout layout, List<RawSequences.Raw> train, String source) {
        List<String> labels = new ArrayList<>();
        for (RawSequences.Raw r : train) {
            labels.add(r.label());
        }
        if (layout.longForm()) {
            int f = layout.featureColumns().size();
            double[] sum = new double[f];
            long steps = 0;
            for (RawSequences.Raw r : train) {
                for (double[] row : r.features()) {
                    for (int j = 0; j < f; j++) {
                        sum[j] += row[j];
                    }
                    steps++;
                }
            }
            double[] mean = new double[f];
            for (int j = 0; j < f; j++) {
                mean[j] = sum[j] / steps;
            }
            double[] sq = new double[f];
            for (RawSequences.Raw r : train) {
                for (double[] row : r.features()) {
                    for (int j = 0; j < f; j++) {
                        sq[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
                    }
                }
            }
            return new SequenceEncoding(layout, classNames(labels, source), classCounts(labels, source), mean,
                    deviations(sq, steps, mean), null, false);
        }
        int[] vocabulary = train.stream().flatMapToInt(r -> r.text().codePoints()).distinct().sorted().toArray();
        return new SequenceEncoding(layout, classNames(labels, source), classCounts(labels, source), null, null,
                vocabulary, true);
    }

    /**
     * The encoding of a per-row table (one sequence of characters a row) fitted elsewhere, as {@link #fit}
     * would fit it to training sequences with labels {@code trainLabels} and characters {@code vocabulary}:
     * what a data-parallel run that never holds all the sequences in one place builds.
     *
     * @param vocabulary the distinct code points of the training sequences, in any order
     * @throws InvalidInputException for fewer than two classes
     */
    public static SequenceEncoding perRow(String labelColumn, String idColumn, String sequenceColumn,
            List<String> trainLabels, int[] vocabulary, String source) {
        RawSequences.Layout layout = new RawSequences.Layout(labelColumn, idColumn, null, null, sequenceColumn, null);
        return new SequenceEncoding(layout, classNames(trainLabels, source), classCounts(trainLabels, source), null,
                null, Arrays.stream(vocabulary).distinct().sorted().toArray(), true);
    }

    /**
     * {@link #perRow} for sequences of {@code F} features a step, z-scored with statistics summed elsewhere.
     *
     * @param mean        [F] the training steps' mean
     * @param squares     [F] the training steps' summed squared deviation from {@code mean}
     * @param steps       the training steps counted
     */
    public static SequenceEncoding longForm(String labelColumn, String idColumn, String orderColumn,
            List<String> featureColumns, List<String> trainLabels, double[] mean, double[] squares, long steps,
            String source) {
        RawSequences.Layout layout = new RawSequences.Layout(labelColumn, idColumn, orderColumn,
                List.copyOf(featureColumns), null, null);
        return new SequenceEncoding(layout, classNames(trainLabels, source), classCounts(trainLabels, source),
                mean.clone(), deviations(squares, steps, mean), null, false);
    }

    /** The standard deviations of summed squared deviations, 1 where a feature is constant. */
    private static double[] deviations(double[] squares, long steps, double[] mean) {
        double[] std = new double[squares.length];
        for (int j = 0; j < std.length; j++) {
            double sd = Math.sqrt(squares[j] / steps);
            std[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : 1.0;
        }
        return std;
    }

    private static List<String> classNames(List<String> labels, String source) {
        List<String> names = RawSequences.sortedClassNames(labels);
        if (names.size() < 2) {
            throw new InvalidInputException(source + ": every training sequence has the label '" + names.get(0)
                    + "'; classification needs at least two classes");
        }
        return names;
    }

    private static int[] classCounts(List<String> labels, String source) {
        List<String> names = classNames(labels, source);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            ids.put(names.get(i), i);
        }
        int[] counts = new int[names.size()];
        for (String l : labels) {
            counts[ids.get(l)]++;
        }
        return counts;
    }

    /**
     * One sequence's characters as token ids, each outside the vocabulary as {@link #unknownId()} (or left
     * out, for an encoding without the unknown token); token encodings only.
     */
    public int[] tokenIds(String text) {
        int[] cps = text.codePoints().toArray();
        int[] ts = new int[cps.length];
        int len = 0;
        for (int cp : cps) {
            Integer id = tokenIds.get(cp);
            if (id != null) {
                ts[len++] = id;
            } else if (unknownToken) {
                ts[len++] = vocabulary.length;
            }
        }
        return len == cps.length ? ts : Arrays.copyOf(ts, len);
    }

    /** How many characters of {@code text} are outside the vocabulary; token encodings only. */
    public int unknownCount(String text) {
        return (int) text.codePoints().filter(cp -> !tokenIds.containsKey(cp)).count();
    }

    /** The id every character outside the vocabulary reads as, {@code V}; -1 when such characters are skipped. */
    public int unknownId() {
        return unknownToken ? vocabulary.length : -1;
    }

    /** One sequence's {@code [T][F]} raw values z-scored with the training statistics; dense encodings only. */
    public float[][] features(double[][] raw) {
        float[][] x = new float[raw.length][mean.length];
        for (int t = 0; t < raw.length; t++) {
            for (int j = 0; j < mean.length; j++) {
                x[t][j] = (float) ((raw[t][j] - mean[j]) / std[j]);
            }
        }
        return x;
    }

    /** Whether the network reads token ids (one row per sequence) rather than dense features. */
    public boolean tokenInput() {
        return vocabulary != null;
    }

    /** Features per step (long form), or the token ids: the vocabulary size {@code V}, plus one for the unknown token. */
    public int inputSize() {
        return vocabulary != null ? vocabulary.length + (unknownToken ? 1 : 0) : mean.length;
    }

    /** Class names, index = class id. */
    public List<String> classNames() {
        return classNames;
    }

    /** Training sequences per class. */
    public int[] classCounts() {
        return classCounts.clone();
    }

    /** The most frequent training class (the lowest id on a tie): the majority baseline's answer. */
    public int majorityClass() {
        int best = 0;
        for (int c = 1; c < classCounts.length; c++) {
            if (classCounts[c] > classCounts[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The feature columns (long form), or an empty list. */
    public List<String> featureColumns() {
        return layout.featureColumns() == null ? List.of() : layout.featureColumns();
    }

    /** The vocabulary as a string of its characters in id order, or null for dense input. */
    public String vocabulary() {
        if (vocabulary == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int c : vocabulary) {
            sb.appendCodePoint(c);
        }
        return sb.toString();
    }

    /** The column of a predefined split the model was trained with, or null. */
    public String splitColumn() {
        return layout.splitColumn();
    }

    RawSequences.Layout layout() {
        return layout;
    }

    /**
     * Reads and encodes every sequence of a table laid out like the training table.
     *
     * @param labelRequired whether the label column must be there (evaluation) or may be missing (prediction)
     * @throws InvalidInputException for a missing column, a non-numeric value, a duplicate order value,
     *                               an empty sequence, a label the model does not know, or a sequence with
     *                               no known character
     */
    public Encoded encode(CsvTable table, boolean labelRequired) {
        return encode(RawSequences.read(table, layout, labelRequired), table.source());
    }

    Encoded encode(List<RawSequences.Raw> raws, String source) {
        int n = raws.size();
        List<String> ids = new ArrayList<>(n);
        List<String> splits = new ArrayList<>(n);
        int[] labels = new int[n];
        boolean labelled = true;
        float[][][] features = vocabulary == null ? new float[n][][] : null;
        int[][] tokens = vocabulary != null ? new int[n][] : null;
        int unknown = 0;
        for (int i = 0; i < n; i++) {
            RawSequences.Raw r = raws.get(i);
            ids.add(r.id());
            splits.add(r.split());
            if (r.label() == null) {
                labelled = false;
            } else {
                int c = classNames.indexOf(r.label());
                if (c < 0) {
                    throw new InvalidInputException(
                            source + ": sequence '" + r.id() + "' (line " + r.line() + ") has the label '"
                                    + r.label() + "', which the model was not trained on; it knows "
                                    + String.join(", ", classNames));
                }
                labels[i] = c;
            }
            if (features != null) {
                features[i] = features(r.features());
            } else {
                int[] ts = tokenIds(r.text());
                int u = unknownCount(r.text());
                unknown += u;
                if (u == r.text().codePointCount(0, r.text().length())) {
                    throw new InvalidInputException(source + ": sequence '" + r.id() + "' (line " + r.line()
                            + ") has no character of the model's vocabulary '" + vocabulary() + "'");
                }
                tokens[i] = ts;
            }
        }
        return new Encoded(new LabelledSequences(ids, features, tokens, labels, classNames), labelled, unknown, splits);
    }

    // ---- JSON ----

    /** The encoding as the {@code encoding} member of a model directory's task object. */
    public ObjectNode toJson() {
        ObjectNode o = ModelDirectory.newObject();
        o.put("form", layout.longForm() ? "long" : "per_row");
        o.put("label_column", layout.labelColumn());
        putNullable(o, "id_column", layout.idColumn());
        putNullable(o, "order_column", layout.orderColumn());
        putNullable(o, "sequence_column", layout.sequenceColumn());
        putNullable(o, "split_column", layout.splitColumn());
        ArrayNode names = o.putArray("classes");
        classNames.forEach(names::add);
        ArrayNode counts = o.putArray("class_counts");
        for (int c : classCounts) {
            counts.add(c);
        }
        if (layout.longForm()) {
            ArrayNode cols = o.putArray("feature_columns");
            layout.featureColumns().forEach(cols::add);
            ArrayNode m = o.putArray("feature_mean");
            ArrayNode s = o.putArray("feature_std");
            for (int j = 0; j < mean.length; j++) {
                m.add(mean[j]);
                s.add(std[j]);
            }
        } else {
            ArrayNode v = o.putArray("vocabulary");
            for (int c : vocabulary) {
                v.add(c);
            }
            o.put("unknown_token", unknownToken);
        }
        return o;
    }

    private static void putNullable(ObjectNode o, String key, String value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    /**
     * Reads {@link #toJson()}'s form back, checking every member.
     *
     * @throws InvalidInputException naming the first member that is missing or wrong
     */
    public static SequenceEncoding fromJson(JsonNode o, String source) {
        String where = source + ": task.encoding";
        if (o == null || !o.isObject()) {
            throw new InvalidInputException(where + " should be an object describing the sequence encoding");
        }
        String form = text(o, "form", false, where);
        if (!form.equals("long") && !form.equals("per_row")) {
            throw new InvalidInputException(where + ".form should be 'long' or 'per_row', got '" + form + "'");
        }
        boolean longForm = form.equals("long");
        String label = text(o, "label_column", false, where);
        String id = text(o, "id_column", !longForm, where);
        String order = longForm ? text(o, "order_column", false, where) : null;
        String sequence = longForm ? null : text(o, "sequence_column", false, where);
        String split = text(o, "split_column", true, where);
        List<String> classes = strings(o, "classes", where);
        if (classes.size() < 2) {
            throw new InvalidInputException(
                    where + ".classes should name at least two distinct classes, got " + classes);
        }
        JsonNode countNode = o.get("class_counts");
        if (countNode == null || !countNode.isArray() || countNode.size() != classes.size()) {
            throw new InvalidInputException(
                    where + ".class_counts should be " + classes.size() + " counts, got " + countNode);
        }
        int[] counts = new int[classes.size()];
        for (int c = 0; c < counts.length; c++) {
            JsonNode n = countNode.get(c);
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
                throw new InvalidInputException(where + ".class_counts should be counts >= 0, got " + countNode);
            }
            counts[c] = n.asInt();
        }
        if (longForm) {
            List<String> cols = strings(o, "feature_columns", where);
            double[] mean = JsonFields.numbers(o, "feature_mean", cols.size(), false, where);
            double[] std = JsonFields.numbers(o, "feature_std", cols.size(), true, where);
            RawSequences.Layout layout = new RawSequences.Layout(label, id, order, cols, null, split);
            return new SequenceEncoding(layout, classes, counts, mean, std, null, false);
        }
        JsonNode v = o.get("vocabulary");
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw new InvalidInputException(where + ".vocabulary should be a non-empty array of code points, got " + v);
        }
        int[] vocabulary = new int[v.size()];
        for (int i = 0; i < vocabulary.length; i++) {
            JsonNode n = v.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToInt() || !Character.isValidCodePoint(n.asInt())
                    || (i > 0 && n.asInt() <= vocabulary[i - 1])) {
                throw new InvalidInputException(
                        where + ".vocabulary should be increasing Unicode code points, got " + v);
            }
            vocabulary[i] = n.asInt();
        }
        JsonNode unknown = o.get("unknown_token");
        if (unknown != null && !unknown.isBoolean()) {
            throw new InvalidInputException(where + ".unknown_token should be true or false, got " + unknown);
        }
        RawSequences.Layout layout = new RawSequences.Layout(label, id, null, null, sequence, split);
        return new SequenceEncoding(layout, classes, counts, null, null, vocabulary,
                unknown != null && unknown.asBoolean());
    }

    private static String text(JsonNode o, String key, boolean nullable, String where) {
        JsonNode n = o.get(key);
        if (nullable && (n == null || n.isNull())) {
            return null;
        }
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new InvalidInputException(
                    where + "." + key + " should be a column name" + (nullable ? " or null" : "")
                            + ", got " + n);
        }
        return n.asText();
    }

    private static List<String> strings(JsonNode o, String key, String where) {
        JsonNode a = o.get(key);
        if (a == null || !a.isArray() || a.isEmpty()) {
            throw new InvalidInputException(
                    where + "." + key + " should be a non-empty array of distinct strings, got " + a);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : a) {
            if (!n.isTextual() || out.contains(n.asText())) {
                throw new InvalidInputException(
                        where + "." + key + " should be a non-empty array of distinct strings, got " + a);
            }
            out.add(n.asText());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceEncoding e && toJson().equals(e.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "SequenceEncoding" + toJson();
    }
}
