package org.rnn4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.rnn4j.InvalidInputException;

/**
 * The characters (Unicode code points) of a training text, each with an id: ids follow code-point
 * order, so the same text always gives the same vocabulary.
 *
 * <p>Unseen characters: text encoded later (validation, evaluation, a sampling prompt) may hold
 * characters the training text did not. They have no id and no trained embedding, so they are
 * <b>skipped</b>, and the count of skipped characters is reported ({@link Encoded#skipped()}), so a
 * user can see how much of an evaluation text fell outside the vocabulary.
 */
public final class Vocabulary {

    private final int[] codePoints;
    private final Map<Integer, Integer> ids;

    private Vocabulary(int[] codePoints) {
        this.codePoints = codePoints;
        this.ids = new HashMap<>();
        for (int i = 0; i < codePoints.length; i++) {
            if (ids.put(codePoints[i], i) != null) {
                throw new InvalidInputException("vocabulary lists the character U+"
                        + Integer.toHexString(codePoints[i]).toUpperCase(java.util.Locale.ROOT) + " twice");
            }
        }
    }

    /** The vocabulary of {@code text}. */
    public static Vocabulary of(String text) {
        TreeSet<Integer> set = new TreeSet<>();
        text.codePoints().forEach(set::add);
        if (set.isEmpty()) {
            throw new InvalidInputException("cannot build a vocabulary from empty text");
        }
        return new Vocabulary(set.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Rebuilds a vocabulary from its symbols, as stored in a model directory. */
    public static Vocabulary ofSymbols(List<String> symbols) {
        int[] cps = new int[symbols.size()];
        for (int i = 0; i < cps.length; i++) {
            String s = symbols.get(i);
            if (s == null || s.codePointCount(0, s.length()) != 1) {
                throw new InvalidInputException("vocabulary entry " + i + " should be one character, got "
                        + (s == null ? "null" : s.codePointCount(0, s.length()) + " (" + codePoints(s) + ")"));
            }
            cps[i] = s.codePointAt(0);
        }
        if (cps.length == 0) {
            throw new InvalidInputException("the stored vocabulary is empty");
        }
        return new Vocabulary(cps);
    }

    /** The first code points of {@code s} as U+XXXX, for a message that must stay one line whatever the entry holds. */
    private static String codePoints(String s) {
        return s.codePoints().limit(8).mapToObj(cp -> String.format(java.util.Locale.ROOT, "U+%04X", cp))
                .collect(java.util.stream.Collectors.joining(" "))
                + (s.codePointCount(0, s.length()) > 8 ? " ..." : "");
    }

    public int size() {
        return codePoints.length;
    }

    /** The id of a code point, or -1 if it is not in the vocabulary. */
    public int id(int codePoint) {
        Integer id = ids.get(codePoint);
        return id == null ? -1 : id;
    }

    /** The character of an id, as a string. */
    public String symbol(int id) {
        return new String(Character.toChars(codePoints[id]));
    }

    public List<String> symbols() {
        List<String> out = new ArrayList<>(codePoints.length);
        for (int i = 0; i < codePoints.length; i++) {
            out.add(symbol(i));
        }
        return out;
    }

    /** Text as ids, with characters outside the vocabulary skipped and counted. */
    public record Encoded(int[] ids, int skipped) {
    }

    public Encoded encode(String text) {
        int[] out = new int[text.length()];
        int n = 0;
        int skipped = 0;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int id = id(cp);
            if (id < 0) {
                skipped++;
            } else {
                out[n++] = id;
            }
        }
        return new Encoded(Arrays.copyOf(out, n), skipped);
    }

    /** Entropy of the unigram distribution of {@code ids}, in nats: the loss of a model without context. */
    public static double unigramEntropy(int[] ids, int size) {
        long[] counts = new long[size];
        for (int id : ids) {
            counts[id]++;
        }
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / ids.length;
                h -= p * Math.log(p);
            }
        }
        return h;
    }
}
