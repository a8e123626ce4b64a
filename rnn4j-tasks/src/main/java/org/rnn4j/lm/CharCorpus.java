package org.rnn4j.lm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.Vocabulary;

/**
 * The data of a character language-model run: a text cut by character index into a training head and
 * a validation tail (no shuffling, as char-rnn and the PyTorch anchors do), the vocabulary of the
 * training head, and both parts as ids.
 *
 * @param vocabulary         every character of the training part, in code-point order
 * @param train              the training part as ids
 * @param validation         the validation part as ids (empty when there is none); characters not in
 *                           the vocabulary are skipped
 * @param validationSkipped  how many validation characters were skipped as unseen
 * @param validationFraction the share of the text held out at the end
 * @param sha256             the SHA-256 of the whole text in UTF-8, hex: says whether a resumed run reads
 *                           the same data
 */
public record CharCorpus(Vocabulary vocabulary, int[] train, int[] validation, int validationSkipped,
        double validationFraction, String sha256) {

    /** The fewest training characters a run accepts: one input and one target per stream is too few to learn. */
    public static final int MIN_TRAIN_CHARACTERS = 2;

    /**
     * Splits {@code text}: validation is the last {@code validationFraction} of its code points.
     *
     * @param validationFraction in [0, 1); 0 = no validation part
     * @throws InvalidInputException if the text is empty, or a part would be too short to use
     */
    public static CharCorpus split(String text, double validationFraction) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new InvalidInputException("the validation fraction must be in [0, 1), got " + validationFraction);
        }
        int codePoints = text.codePointCount(0, text.length());
        if (codePoints == 0) {
            throw new InvalidInputException("the text is empty; a language model needs text to learn from");
        }
        int validationCount = (int) Math.floor(codePoints * validationFraction);
        int trainCount = codePoints - validationCount;
        if (trainCount < MIN_TRAIN_CHARACTERS) {
            throw new InvalidInputException("the text has " + codePoints + " characters, " + trainCount
                    + " for training; at least " + MIN_TRAIN_CHARACTERS + " are needed");
        }
        if (validationFraction > 0 && validationCount < 2) {
            throw new InvalidInputException("the text has " + codePoints + " characters; a validation fraction of "
                    + validationFraction + " leaves " + validationCount + " for validation, at least 2 are needed"
                    + " (use a larger fraction, a longer text, or 0 for no validation)");
        }
        int cut = text.offsetByCodePoints(0, trainCount);
        String head = text.substring(0, cut);
        Vocabulary vocabulary = Vocabulary.of(head);
        if (vocabulary.size() < 2) {
            String c = new String(Character.toChars(head.codePointAt(0)));
            throw new InvalidInputException("the training text is one character repeated ("
                    + InvalidInputException.excerpt(c) + ", " + trainCount + " times); a language model of it has"
                    + " nothing to learn - is it the right file?");
        }
        int[] train = vocabulary.encode(head).ids();
        Vocabulary.Encoded tail = vocabulary.encode(text.substring(cut));
        return new CharCorpus(vocabulary, train, tail.ids(), tail.skipped(), validationFraction, sha256(text));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether there is a validation part. */
    public boolean hasValidation() {
        return validation.length >= 2;
    }
}
