package org.rnn4j.lm;

/**
 * How well a language model predicts a text.
 *
 * @param loss        mean cross-entropy of the next character, in nats
 * @param predictions how many next characters were predicted (the text's length minus one, after
 *                    unseen characters were skipped)
 * @param skipped     characters of the text that were not in the vocabulary and were skipped
 */
public record LmScore(double loss, long predictions, long skipped) {

    /** Bits per character: {@code loss / ln 2}. */
    public double bitsPerCharacter() {
        return loss / Math.log(2);
    }

    /** Perplexity: {@code e^loss}, the number of equally likely characters the model is as unsure as. */
    public double perplexity() {
        return Math.exp(loss);
    }
}
