package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bounds of the standard divergence rule. */
class DivergenceRuleTest {

    private static final DivergenceRule RULE = DivergenceRule.standard();

    @Test
    void aRunThatFittedItsDataMaySpikeBackTowardsWhereItStarted() {
        // memorized texts (seen in test runs): losses of 0.006 and 1e-7 nats, then 1.37 and 6.9 (Adam's
        // spikes, past the first steps' 3.3); norms of 2e-7, then 3.7
        assertFalse(RULE.lossExplodes(1.373, 0.006277, 3.2));
        assertFalse(RULE.lossExplodes(6.892, 1.039e-7, 3.292));
        assertFalse(RULE.gradientExplodes(3.738, 1.846e-7, 0.8));
        assertFalse(RULE.gradientExplodes(0.5553, 1.793e-7, 1e-3), "the margin of 1 alone");
    }

    @Test
    void explosionsAgainstTheirHistoryAreFlagged() {
        assertTrue(RULE.gradientExplodes(2e4, 1.0, 0.5));
        assertFalse(RULE.gradientExplodes(9e3, 1.0, 0.5));
        assertTrue(RULE.gradientExplodes(2e4, 1e-6, 1.0), "against the first steps' scale");
        assertTrue(RULE.lossExplodes(60, 1.2, 3.5), "ten times past where it started and where it is");
        assertFalse(RULE.lossExplodes(40, 1.2, 3.5));
        assertTrue(RULE.lossExplodes(53, 4.2, 0.5));
        assertTrue(RULE.lossExplodes(2e6, 0.5, 4.2), "a learning rate of 1e6");
        assertFalse(new DivergenceRule(100, 10, 1, 0, 1).gradientExplodes(1e30, 1, 1), "0 turns the norm rule off");
    }

    @Test
    void boundsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DivergenceRule(100, 10, 1, 1e4, -1));
        assertThrows(IllegalArgumentException.class, () -> new DivergenceRule(0, 10, 1, 1e4, 1));
    }
}
