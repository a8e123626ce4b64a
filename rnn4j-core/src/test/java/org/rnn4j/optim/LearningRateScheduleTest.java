package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;

class LearningRateScheduleTest {

    private static final double EXACT = 1e-15;

    @Test
    void constantIsConstant() {
        LearningRateSchedule s = LearningRateSchedule.constant(0.01);
        assertEquals(0.01, s.rateAt(1));
        assertEquals(0.01, s.rateAt(1_000_000));
    }

    @Test
    void stepDecayChangesRightAfterEachBlockOfSteps() {
        LearningRateSchedule s = LearningRateSchedule.stepDecay(0.1, 3, 0.5);
        assertEquals(0.1, s.rateAt(1));
        assertEquals(0.1, s.rateAt(3), "the last step of the first block");
        assertEquals(0.05, s.rateAt(4), "the first decayed step");
        assertEquals(0.05, s.rateAt(6));
        assertEquals(0.025, s.rateAt(7));
        assertEquals(0.1 * Math.pow(0.5, 33), s.rateAt(100));
    }

    @Test
    void warmupCosineBoundaries() {
        // peak 1, warm-up 4, total 12, min 0.1
        LearningRateSchedule s = LearningRateSchedule.warmupCosine(1.0, 4, 12, 0.1);
        assertEquals(0.25, s.rateAt(1), EXACT);
        assertEquals(0.75, s.rateAt(3), EXACT);
        assertEquals(1.0, s.rateAt(4), EXACT, "the warm-up ends at the peak");
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI / 8)), s.rateAt(5), EXACT);
        assertEquals(0.55, s.rateAt(8), EXACT, "half-way through the decay: the mean of peak and min");
        assertEquals(0.1, s.rateAt(12), EXACT, "the last step reaches the minimum");
        assertEquals(0.1, s.rateAt(13), EXACT);
        assertEquals(0.1, s.rateAt(Integer.MAX_VALUE), EXACT);
        for (int t = 5; t <= 12; t++) {
            assertTrue(s.rateAt(t) < s.rateAt(t - 1), "decreasing at " + t);
        }
    }

    @Test
    void cosineWithoutWarmup() {
        LearningRateSchedule s = LearningRateSchedule.warmupCosine(0.5, 0, 2, 0);
        assertEquals(0.25, s.rateAt(1), EXACT);
        assertEquals(0.0, s.rateAt(2), EXACT);
    }

    @Test
    void stepsCountFromOne() {
        assertEquals("learning-rate schedule steps count from 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0.1).rateAt(0))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(0.1, 1, 0.5).rateAt(-1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmupCosine(0.1, 1, 2, 0).rateAt(0));
    }

    @Test
    void configsAreValidated() {
        assertEquals("constant schedule learning rate must be a finite number > 0, got 0.0",
                assertThrows(InvalidInputException.class, () -> new ConstantSchedule(0)).getMessage());
        assertEquals("step-decay schedule step size must be >= 1, got 0",
                assertThrows(InvalidInputException.class, () -> new StepDecaySchedule(0.1, 0, 0.5)).getMessage());
        assertEquals("step-decay schedule gamma must be in (0, 1], got 1.5",
                assertThrows(InvalidInputException.class, () -> new StepDecaySchedule(0.1, 2, 1.5)).getMessage());
        assertEquals("warm-up cosine schedule total steps must be > warm-up steps (10), got 10"
                + " — no steps would be left for the decay",
                assertThrows(InvalidInputException.class, () -> new WarmupCosineSchedule(0.1, 10, 10, 0)).getMessage());
        assertEquals("warm-up cosine schedule min rate must be in [0, peak rate 0.1], got 0.2",
                assertThrows(InvalidInputException.class, () -> new WarmupCosineSchedule(0.1, 1, 10, 0.2))
                        .getMessage());
        assertThrows(InvalidInputException.class, () -> new WarmupCosineSchedule(0.1, -1, 10, 0));
    }
}
