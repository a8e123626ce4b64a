package org.rnn4j.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;

class CharCorpusTest {

    @Test
    void validationIsTheTailAndTheVocabularyComesFromTheHead() {
        CharCorpus c = CharCorpus.split("abcabcabcXYZ", 0.25);
        assertEquals(3, c.vocabulary().size(), "a, b, c only: X, Y, Z are in the validation tail");
        assertEquals(9, c.train().length);
        assertEquals(0, c.validation().length, "X, Y and Z are unseen, so skipped");
        assertEquals(3, c.validationSkipped());
        assertFalse(c.hasValidation());
    }

    @Test
    void splitCountsCodePointsNotUtf16Units() {
        String text = "\uD83D\uDE00a\uD83D\uDE00a\uD83D\uDE00a\uD83D\uDE00a"; // 8 code points, 12 chars
        CharCorpus c = CharCorpus.split(text, 0.25);
        assertEquals(6, c.train().length);
        assertArrayEquals(c.vocabulary().encode("\uD83D\uDE00a").ids(), c.validation());
        assertTrue(c.hasValidation());
    }

    @Test
    void zeroFractionMeansNoValidation() {
        CharCorpus c = CharCorpus.split("hello", 0);
        assertEquals(5, c.train().length);
        assertEquals(0, c.validation().length);
    }

    @Test
    void refusesTextsTooShortForTheSplit() {
        assertThrows(InvalidInputException.class, () -> CharCorpus.split("", 0.1));
        assertThrows(InvalidInputException.class, () -> CharCorpus.split("a", 0.0));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CharCorpus.split("abcdefghij", 0.1));
        assertTrue(e.getMessage().contains("validation"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> CharCorpus.split("abcdef", 1.0));
    }
}
