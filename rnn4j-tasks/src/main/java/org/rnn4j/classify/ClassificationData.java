package org.rnn4j.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.util.Rng;

/**
 * The labelled sequences of a CSV table ({@link ClassifySettings} says where they are), split into
 * training, validation (early stopping) and test sequences, with the {@link SequenceEncoding} fitted on
 * the training ones; or the folds of a stratified cross-validation ({@link #folds}).
 *
 * <p>Long form, decided rules: the rows of a sequence are all rows with its id, wherever they are in
 * the file; they are sorted by the numeric order column, gaps in the order values are allowed (only
 * the order matters), a repeated order value within a sequence is an error; the label (and split)
 * must be the same on every row of a sequence. Sequences keep the order of their ids' first
 * appearance in the file.
 *
 * <p>Random draws, from {@code settings.seed()}: the test hold-out, then the validation hold-out (of a
 * fold: the validation hold-out of that fold), then the folds.
 */
public final class ClassificationData {

    private final ClassifySettings settings;
    private final String source;
    private final RawSequences.Layout layout;
    private final List<RawSequences.Raw> pool;       // training + validation sequences, file order
    private final SequenceEncoding encoding;
    private final SequenceEncoding.Encoded train;
    private final SequenceEncoding.Encoded validation;
    private final SequenceEncoding.Encoded test;
    private final String splitDescription;

    private ClassificationData(ClassifySettings settings, String source, RawSequences.Layout layout,
            List<RawSequences.Raw> pool, SequenceEncoding encoding, SequenceEncoding.Encoded train,
            SequenceEncoding.Encoded validation, SequenceEncoding.Encoded test, String splitDescription) {
        this.settings = settings;
        this.source = source;
        this.layout = layout;
        this.pool = pool;
        this.encoding = encoding;
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.splitDescription = splitDescription;
    }

    /**
     * Reads, splits and encodes the sequences of {@code table}.
     *
     * @throws InvalidInputException naming the problem: a missing column (listing those there are), a
     *                               non-numeric value (line and column), a repeated order value, an empty
     *                               sequence, a label or split value that changes within a sequence, an
     *                               unknown split value, a single class in the training sequences, a class
     *                               with a single training sequence, or a test label that no training
     *                               sequence has
     */
    public static ClassificationData fromCsv(CsvTable table, ClassifySettings settings) {
        RawSequences.Layout layout = RawSequences.layout(table, settings);
        List<RawSequences.Raw> all = RawSequences.read(table, layout, true);
        List<RawSequences.Raw> train = new ArrayList<>();
        List<RawSequences.Raw> held = new ArrayList<>();
        Rng[] draws = draws(settings.seed());
        Rng testDraw = draws[0];
        Rng validationDraw = draws[1];
        String description;
        if (layout.splitColumn() != null) {
            for (RawSequences.Raw r : all) {
                String s = r.split().trim().toLowerCase(Locale.ROOT);
                switch (s) {
                    case "train":
                        train.add(r);
                        break;
                    case "test":
                    case "validation":
                    case "val":
                        held.add(r);
                        break;
                    default:
                        throw new InvalidInputException(table.source() + ": sequence '" + r.id() + "' (line " + r.line()
                                + ") has " + layout.splitColumn() + " '" + r.split()
                                + "'; expected train, test or validation");
                }
            }
            if (train.isEmpty()) {
                throw new InvalidInputException(table.source() + ": no sequence has " + layout.splitColumn()
                        + " 'train'; nothing to train on");
            }
            description = "column '" + layout.splitColumn() + "'";
        } else {
            stratifiedSplit(all, settings.testFraction(), testDraw, train, held);
            description = settings.testFraction() > 0
                    ? String.format(Locale.ROOT, "stratified %s (seed %d)", percent(settings.testFraction()),
                            settings.seed())
                    : "none";
        }
        return split(settings, table.source(), layout, train, held, description, validationDraw);
    }

    /**
     * The training sequences {@code pool} split into training and validation, the encoding fitted on
     * the training part, and {@code held} (may be empty) encoded as the test.
     */
    private static ClassificationData split(ClassifySettings settings, String source, RawSequences.Layout layout,
            List<RawSequences.Raw> pool, List<RawSequences.Raw> held, String description, Rng validationDraw) {
        requireTwoPerClass(pool, source);
        List<RawSequences.Raw> fit = new ArrayList<>();
        List<RawSequences.Raw> val = new ArrayList<>();
        double fraction = Math.min(settings.validationFraction(),
                (double) ClassifySettings.MAX_VALIDATION / pool.size());
        stratifiedSplit(pool, fraction, validationDraw, fit, val);
        SequenceEncoding encoding = SequenceEncoding.fit(layout, fit, source);
        SequenceEncoding.Encoded trainSet = encoding.encode(fit, source);
        SequenceEncoding.Encoded valSet = val.isEmpty() ? null : encoding.encode(val, source);
        SequenceEncoding.Encoded heldSet = held.isEmpty() ? null : encoding.encode(held, source);
        return new ClassificationData(settings, source, layout, List.copyOf(pool), encoding, trainSet, valSet,
                heldSet, description);
    }

    /**
     * Refuses a class with a single training sequence: it could not be both learned and checked, and
     * a stratified draw keeps it in training, so nothing would ever say whether it was learned.
     */
    private static void requireTwoPerClass(List<RawSequences.Raw> pool, String source) {
        Map<String, List<RawSequences.Raw>> byClass = byClass(pool);
        for (Map.Entry<String, List<RawSequences.Raw>> e : byClass.entrySet()) {
            if (e.getValue().size() == 1 && byClass.size() > 1) {
                RawSequences.Raw r = e.getValue().get(0);
                throw new InvalidInputException(source + ": class '" + InvalidInputException.excerpt(e.getKey())
                        + "' has a single training sequence ('"
                        + InvalidInputException.excerpt(r.id()) + "', line " + r.line()
                        + "); every class needs at least 2, so that one can be held"
                        + " out — add examples, or merge or drop the class");
            }
        }
    }

    /**
     * The stratified {@code k}-fold cross-validation of the training sequences (the split column's
     * {@code train} part, or every sequence when the settings hold out no test): fold {@code i} tests on
     * the sequences of fold {@code i} and trains (with its own validation hold-out) on the others.
     *
     * @throws InvalidInputException when {@code k < 2}, or {@code k} exceeds the training sequences of the
     *                               smallest class (every fold must hold every class)
     */
    public List<ClassificationData> folds(int k) {
        Rng[] draws = draws(settings.seed());
        int[] fold = foldAssignment(pool, k, source, draws[2]);
        List<ClassificationData> out = new ArrayList<>();
        Rng validationDraws = draws[3];
        for (int i = 0; i < k; i++) {
            List<RawSequences.Raw> rest = new ArrayList<>();
            List<RawSequences.Raw> held = new ArrayList<>();
            for (int j = 0; j < pool.size(); j++) {
                (fold[j] == i ? held : rest).add(pool.get(j));
            }
            out.add(split(settings, source, layout, rest, held, "fold " + (i + 1) + " of " + k,
                    validationDraws.split()));
        }
        return out;
    }

    /**
     * Throws the error {@link #folds} would for {@code k} folds: fewer than 2, or more than the smallest
     * class has training sequences; so a caller can refuse a bad count before it announces the run.
     */
    public void requireFolds(int k) {
        requireFolds(pool, k, source);
    }

    private static void requireFolds(List<RawSequences.Raw> pool, int k, String source) {
        if (k < 2) {
            throw new InvalidInputException("cross-validation needs at least 2 folds, got " + k);
        }
        Map<String, List<RawSequences.Raw>> byClass = byClass(pool);
        String smallest = null;
        for (Map.Entry<String, List<RawSequences.Raw>> e : byClass.entrySet()) {
            if (smallest == null || e.getValue().size() < byClass.get(smallest).size()) {
                smallest = e.getKey();
            }
        }
        int min = byClass.get(smallest).size();
        if (k > min) {
            throw new InvalidInputException(source + ": " + k + " folds need at least " + k
                    + " training sequences of every class, and class '" + smallest + "' has " + min
                    + "; use at most " + min + " folds");
        }
    }

    /**
     * The fold of each sequence: the members of each class in an order drawn from {@code rng} are dealt
     * to the folds in turn, each class starting where the last one stopped, so every fold holds
     * {@code floor} or {@code ceil} of {@code n_c / k} of every class and {@code floor} or {@code ceil} of
     * {@code n / k} in all.
     */
    static int[] foldAssignment(List<RawSequences.Raw> pool, int k, String source, Rng rng) {
        requireFolds(pool, k, source);
        Map<String, List<RawSequences.Raw>> byClass = byClass(pool);
        int[] fold = new int[pool.size()];
        int next = 0;
        for (String name : RawSequences.sortedClassNames(byClass.keySet())) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < pool.size(); i++) {
                if (pool.get(i).label().equals(name)) {
                    members.add(i);
                }
            }
            shuffle(members, rng);
            for (int m : members) {
                fold[m] = next;
                next = (next + 1) % k;
            }
        }
        return fold;
    }

    /** The independent draws of a seed: test hold-out, validation hold-out, folds, the folds' validation hold-outs. */
    private static Rng[] draws(long seed) {
        Rng master = new Rng(seed);
        return new Rng[] {master.split(), master.split(), master.split(), master.split()};
    }

    private static Map<String, List<RawSequences.Raw>> byClass(List<RawSequences.Raw> seqs) {
        Map<String, List<RawSequences.Raw>> m = new LinkedHashMap<>();
        for (RawSequences.Raw r : seqs) {
            m.computeIfAbsent(r.label(), x -> new ArrayList<>()).add(r);
        }
        return m;
    }

    private static void shuffle(List<Integer> members, Rng rng) {
        for (int i = members.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer tmp = members.get(i);
            members.set(i, members.get(j));
            members.set(j, tmp);
        }
    }

    private static String percent(double fraction) {
        double p = 100 * fraction;
        return p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%.1f%%", p);
    }

    /**
     * Holds out {@code round(fraction · n_c)} sequences of each class {@code c}, but never all of them, in
     * an order drawn from {@code rng}; both parts keep file order.
     */
    static void stratifiedSplit(List<RawSequences.Raw> all, double fraction, Rng rng, List<RawSequences.Raw> train,
            List<RawSequences.Raw> held) {
        boolean[] out = heldOut(all.stream().map(RawSequences.Raw::label).toList(), fraction, rng);
        for (int i = 0; i < all.size(); i++) {
            (out[i] ? held : train).add(all.get(i));
        }
    }

    /** Which of the sequences with labels {@code labels} {@link #stratifiedSplit} holds out. */
    private static boolean[] heldOut(List<String> labels, double fraction, Rng rng) {
        List<String> names = RawSequences.sortedClassNames(labels);
        boolean[] out = new boolean[labels.size()];
        for (String name : names) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).equals(name)) {
                    members.add(i);
                }
            }
            shuffle(members, rng);
            int take = (int) Math.min(Math.round(fraction * members.size()), members.size() - 1L);
            for (int i = 0; i < take; i++) {
                out[members.get(i)] = true;
            }
        }
        return out;
    }

    /**
     * The validation hold-out that training on {@link #fromCsv} data with no test hold-out (test fraction 0,
     * no split column) takes from sequences with labels {@code labels}, in file order: for a run that
     * holds the labels in one place but not the sequences.
     *
     * @return true for each validation sequence
     * @throws InvalidInputException for a class with a single sequence
     */
    public static boolean[] validationHoldOut(List<String> labels, double validationFraction, long seed,
            String source) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Integer> firstRow = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            counts.merge(labels.get(i), 1, Integer::sum);
            firstRow.putIfAbsent(labels.get(i), i);
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() == 1 && counts.size() > 1) {
                throw new InvalidInputException(source + ": class '" + InvalidInputException.excerpt(e.getKey())
                        + "' has a single training sequence (row " + (firstRow.get(e.getKey()) + 1)
                        + "); every class needs at least 2, so that one can be held out — add examples, or merge"
                        + " or drop the class");
            }
        }
        double fraction = Math.min(validationFraction, (double) ClassifySettings.MAX_VALIDATION / labels.size());
        return heldOut(labels, fraction, draws(seed)[1]);
    }

    /** The training and validation sequences together: what {@link #folds} deals out. */
    public int poolSize() {
        return pool.size();
    }

    /** The sequences of the rarest class among {@link #poolSize()}'s: the most folds {@link #folds} can make. */
    public int smallestPoolClass() {
        int min = Integer.MAX_VALUE;
        for (List<RawSequences.Raw> members : byClass(pool).values()) {
            min = Math.min(min, members.size());
        }
        return min;
    }

    public ClassifySettings settings() {
        return settings;
    }

    /** Where the data came from, for messages. */
    public String source() {
        return source;
    }

    /** The encoding fitted on the training sequences. */
    public SequenceEncoding encoding() {
        return encoding;
    }

    /** The training sequences, encoded. */
    public LabelledSequences train() {
        return train.sequences();
    }

    /** The validation sequences early stopping watches, encoded; null when none are held out. */
    public LabelledSequences validation() {
        return validation == null ? null : validation.sequences();
    }

    /** The test sequences, encoded; null when nothing is held out for a test. */
    public LabelledSequences test() {
        return test == null ? null : test.sequences();
    }

    /**
     * How the test part was made, for logs: {@code column 'split'}, {@code stratified 20% (seed 1)},
     * {@code fold 2 of 5} or {@code none}.
     */
    public String splitDescription() {
        return splitDescription;
    }

    /** How the validation part was made, for logs: {@code 27 sequences, stratified 10% of training} or {@code none}. */
    public String validationDescription() {
        if (validation == null) {
            return "none";
        }
        return validation.sequences().size() + " sequences, stratified "
                + percent((double) validation.sequences().size() / pool.size()) + " of the training sequences";
    }
}
