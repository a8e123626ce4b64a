package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bounds of the standard divergence rule. */
class DivergenceRuleTest {

    private static final DivergenceRule RULE = DivergenceRule.standard();

    @Test
    void aRunThatFittedItsDataIsNotFlaggedForASmallNormAfterTinyOnes() {
        // a memorized text: norms of 1e-7, then an ordinary step of 0.55 (seen in a live-view test run)
        assertFalse(RULE.gradientExplodes(0.5553, 1.793e-7));
        assertFalse(RULE.lossExplodes(0.9, 1e-4));
    }

    @Test
    void explosionsAgainstTheirHistoryAreFlagged() {
        assertTrue(RULE.gradientExplodes(2e4, 1.0));
        assertFalse(RULE.gradientExplodes(9e3, 1.0));
        assertTrue(RULE.lossExplodes(45, 4.2));
        assertFalse(RULE.lossExplodes(40, 4.2));
        assertFalse(new DivergenceRule(100, 10, 1, 0, 1).gradientExplodes(1e30, 1), "0 turns the norm rule off");
    }

    @Test
    void boundsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DivergenceRule(100, 10, 1, 1e4, -1));
        assertThrows(IllegalArgumentException.class, () -> new DivergenceRule(0, 10, 1, 1e4, 1));
    }
}
