package org.rnn4j.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.util.Rng;

/**
 * The labelled sequences of a CSV table ({@link ClassifySettings} says where they are), split into
 * training and validation sequences, with the {@link SequenceEncoding} fitted on the training ones.
 *
 * <p>Long form, decided rules: the rows of a sequence are all rows with its id, wherever they are in
 * the file; they are sorted by the numeric order column, gaps in the order values are allowed (only
 * the order matters), a repeated order value within a sequence is an error; the label (and split)
 * must be the same on every row of a sequence. Sequences keep the order of their ids' first
 * appearance in the file.
 */
public final class ClassificationData {

    private final ClassifySettings settings;
    private final String source;
    private final SequenceEncoding encoding;
    private final SequenceEncoding.Encoded train;
    private final SequenceEncoding.Encoded validation;
    private final String splitDescription;

    private ClassificationData(ClassifySettings settings, String source, SequenceEncoding encoding,
            SequenceEncoding.Encoded train, SequenceEncoding.Encoded validation, String splitDescription) {
        this.settings = settings;
        this.source = source;
        this.encoding = encoding;
        this.train = train;
        this.validation = validation;
        this.splitDescription = splitDescription;
    }

    /**
     * Reads, splits and encodes the sequences of {@code table}.
     *
     * @throws InvalidInputException naming the problem: a missing column (listing those there are), a
     *                               non-numeric value (line and column), a repeated order value, an empty
     *                               sequence, a label or split value that changes within a sequence, an
     *                               unknown split value, a single class in the training sequences, or a
     *                               held-out label that no training sequence has
     */
    public static ClassificationData fromCsv(CsvTable table, ClassifySettings settings) {
        RawSequences.Layout layout = RawSequences.layout(table, settings);
        List<RawSequences.Raw> all = RawSequences.read(table, layout, true);
        List<RawSequences.Raw> train = new ArrayList<>();
        List<RawSequences.Raw> held = new ArrayList<>();
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
            stratifiedSplit(all, settings.validationFraction(), new Rng(settings.seed()), train, held);
            description = settings.validationFraction() > 0
                    ? String.format(Locale.ROOT, "stratified %.0f%% (seed %d)", 100 * settings.validationFraction(),
                            settings.seed())
                    : "none";
        }
        SequenceEncoding encoding = SequenceEncoding.fit(layout, train, table.source());
        SequenceEncoding.Encoded trainSet = encoding.encode(train, table.source());
        SequenceEncoding.Encoded heldSet = held.isEmpty() ? null : encoding.encode(held, table.source());
        return new ClassificationData(settings, table.source(), encoding, trainSet, heldSet, description);
    }

    /**
     * Holds out {@code round(fraction · n_c)} sequences of each class {@code c}, but never all of them, in
     * an order drawn from {@code rng}; both parts keep file order.
     */
    static void stratifiedSplit(List<RawSequences.Raw> all, double fraction, Rng rng, List<RawSequences.Raw> train,
            List<RawSequences.Raw> held) {
        List<String> names = RawSequences.sortedClassNames(all.stream().map(RawSequences.Raw::label).toList());
        boolean[] out = new boolean[all.size()];
        for (String name : names) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).label().equals(name)) {
                    members.add(i);
                }
            }
            for (int i = members.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Integer tmp = members.get(i);
                members.set(i, members.get(j));
                members.set(j, tmp);
            }
            int take = (int) Math.min(Math.round(fraction * members.size()), members.size() - 1L);
            for (int i = 0; i < take; i++) {
                out[members.get(i)] = true;
            }
        }
        for (int i = 0; i < all.size(); i++) {
            (out[i] ? held : train).add(all.get(i));
        }
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

    /** The held-out sequences, encoded; null when nothing is held out. */
    public LabelledSequences validation() {
        return validation == null ? null : validation.sequences();
    }

    /** How the split was made, for logs: {@code column 'split'}, {@code stratified 20% (seed 1)} or {@code none}. */
    public String splitDescription() {
        return splitDescription;
    }
}
