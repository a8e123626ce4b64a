package org.rnn4j.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.util.Rng;

class SamplerTest {

    private static final String TEXT = "abcdefgh\n";
    private static final Vocabulary VOCAB = Vocabulary.of(TEXT);
    private static final SequenceModel TRAINED = LmTestModels.trained(VOCAB.encode(TEXT.repeat(40)).ids(), VOCAB.size(),
            200);

    @Test
    void aTrainedModelContinuesTheSequenceItLearned() {
        Sampler s = new Sampler(TRAINED, VOCAB, new Rng(1));
        assertEquals(0, s.prime("abc"));
        assertEquals("defgh\nabcd", s.generate(10, 0, 0), "greedy decoding of a text learned by heart");
        Sampler cold = new Sampler(TRAINED, VOCAB, new Rng(1));
        assertEquals("abcdefgh", cold.generate(8, 0.5, 3), "without a prime the start is a newline");
    }

    @Test
    void theSameSeedGivesTheSameTextAndAnotherSeedAnotherText() {
        SequenceModel untrained = LmTestModels.fresh(CellType.LSTM, VOCAB.size(), 16, 1, 2);
        String a = new Sampler(untrained, VOCAB, new Rng(42)).generate(200, 1.0, 0);
        String b = new Sampler(untrained, VOCAB, new Rng(42)).generate(200, 1.0, 0);
        String c = new Sampler(untrained, VOCAB, new Rng(43)).generate(200, 1.0, 0);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(200, a.length());
    }

    @Test
    void topKKeepsOnlyTheMostLikelyCharacters() {
        SequenceModel untrained = LmTestModels.fresh(CellType.GRU, VOCAB.size(), 16, 1, 3);
        Sampler probe = new Sampler(untrained, VOCAB, new Rng(0));
        probe.prime("a");
        int best = probe.draw(0, 0);
        for (long seed = 0; seed < 50; seed++) {
            Sampler s = new Sampler(untrained, VOCAB, new Rng(seed));
            s.prime("a");
            assertEquals(best, s.draw(1.0, 1), "top-1 is the most likely character");
        }
        Set<Integer> seen = new HashSet<>();
        for (long seed = 0; seed < 400; seed++) {
            Sampler s = new Sampler(untrained, VOCAB, new Rng(seed));
            s.prime("a");
            seen.add(s.draw(5.0, 3));
        }
        assertEquals(3, seen.size(), "top-3 at a high temperature draws exactly three characters");
    }

    @Test
    void unseenPromptCharactersAreSkippedAndCounted() {
        Sampler s = new Sampler(TRAINED, VOCAB, new Rng(1));
        assertEquals(3, s.prime("aXbYcZ"));
        assertEquals("defg", s.generate(4, 0, 0), "the prompt read as abc");
    }

    @Test
    void stateCarriesAcrossCalls() {
        Sampler whole = new Sampler(TRAINED, VOCAB, new Rng(9));
        String one = whole.generate(30, 1.0, 0);
        Sampler parts = new Sampler(TRAINED, VOCAB, new Rng(9));
        String two = parts.generate(10, 1.0, 0) + parts.generate(20, 1.0, 0);
        assertEquals(one, two);
        parts.reset();
        assertTrue(parts.generate(5, 0, 0).startsWith("a"), "after reset the start is a newline again");
    }

    @Test
    void refusesBadSettingsAndMismatchedVocabularies() {
        Sampler s = new Sampler(TRAINED, VOCAB, new Rng(1));
        assertThrows(InvalidInputException.class, () -> s.generate(5, -1, 0));
        assertThrows(InvalidInputException.class, () -> s.generate(5, Double.NaN, 0));
        assertThrows(InvalidInputException.class, () -> s.generate(5, 1, -2));
        assertThrows(InvalidInputException.class, () -> s.generate(-1, 1, 0));
        assertThrows(InvalidInputException.class, () -> new Sampler(TRAINED, Vocabulary.of("xyz"), new Rng(1)));
    }
}
