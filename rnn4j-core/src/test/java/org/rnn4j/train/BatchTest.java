package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Batch: the named factories fill the fields they name, and every way of building checks the same rules. */
class BatchTest {

    private static final int T = 3;
    private static final int B = 2;

    @Test
    void tokenFactoriesFillTokensClassTargetsAndNothingElse() {
        int[] ids = new int[T * B];
        int[] next = new int[T * B];
        Batch b = Batch.tokens(T, B, ids).classTargets(next);
        assertEquals(T, b.steps());
        assertEquals(B, b.batch());
        assertSame(ids, b.tokens());
        assertSame(next, b.classTargets());
        assertNull(b.features());
        assertNull(b.valueTargets());
        assertNull(b.lengths());
        assertNull(b.resetState());
        assertFalse(b.carryState());
    }

    @Test
    void featureFactoriesFillFeaturesLengthsAndValueTargets() {
        float[] x = new float[T * B * 4];
        int[] lengths = {3, 1};
        float[] y = new float[B];
        Batch b = Batch.features(T, B, x).lengths(lengths).valueTargets(y);
        assertSame(x, b.features());
        assertSame(lengths, b.lengths());
        assertSame(y, b.valueTargets());
        assertNull(b.tokens());
        assertNull(b.classTargets());
        assertFalse(b.carryState());
    }

    @Test
    void carryingStateKeepsEverythingAndAddsTheResets() {
        boolean[] reset = {true, false};
        Batch plain = Batch.tokens(T, B, new int[T * B]).classTargets(new int[B]);
        Batch carried = plain.carryingState(reset);
        assertTrue(carried.carryState());
        assertSame(reset, carried.resetState());
        assertSame(plain.tokens(), carried.tokens());
        assertSame(plain.classTargets(), carried.classTargets());
        Batch noReset = plain.carryingState();
        assertTrue(noReset.carryState());
        assertNull(noReset.resetState());
    }

    @Test
    void theCanonicalConstructorStillBuildsAValidBatch() {
        Batch b = new Batch(T, B, null, new float[T * B], null, new int[T * B], null, new boolean[B], true);
        assertEquals(T * B, b.positions());
    }

    @Test
    void exactlyOneInputIsRequired() {
        IllegalArgumentException neither = assertThrows(IllegalArgumentException.class,
                () -> new Batch(T, B, null, null, null, new int[B], null, null, false));
        assertTrue(neither.getMessage().contains("exactly one input") && neither.getMessage().endsWith("got neither"),
                neither.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> new Batch(T, B, new int[T * B], new float[T * B], null, new int[B], null, null, false));
        assertTrue(both.getMessage().contains("exactly one input") && both.getMessage().endsWith("got both"),
                both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Batch.tokens(T, B, null).classTargets(new int[B]));
    }

    @Test
    void exactlyOneTargetIsRequired() {
        IllegalArgumentException neither = assertThrows(IllegalArgumentException.class,
                () -> Batch.tokens(T, B, new int[T * B]).classTargets(null));
        assertTrue(neither.getMessage().contains("exactly one target") && neither.getMessage().endsWith("got neither"),
                neither.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> new Batch(T, B, new int[T * B], null, null, new int[B], new float[B], null, false));
        assertTrue(both.getMessage().contains("exactly one target") && both.getMessage().endsWith("got both"),
                both.getMessage());
    }

    @Test
    void sizesThatDoNotFitTAndBAreRefusedWithWhatWasExpected() {
        assertMessage("tokens should be [T, B] = 6 ids (T=3, B=2), got 5",
                () -> Batch.tokens(T, B, new int[5]).classTargets(new int[B]));
        assertMessage("features should be [T, B, F], a multiple of T·B = 6 values (T=3, B=2), got 7",
                () -> Batch.features(T, B, new float[7]).valueTargets(new float[B]));
        assertMessage("classTargets should be [T, B] = 6 or [B] = 2 class ids, got 3",
                () -> Batch.tokens(T, B, new int[T * B]).classTargets(new int[3]));
        assertMessage("valueTargets should be [T, B, O] or [B, O], a multiple of B = 2 values, got 3",
                () -> Batch.features(T, B, new float[T * B]).valueTargets(new float[3]));
        assertMessage("lengths should be [B] = 2 step counts, got 3",
                () -> Batch.features(T, B, new float[T * B]).lengths(new int[3]).valueTargets(new float[B]));
        assertMessage("resetState should be [B] = 2 flags, got 1",
                () -> Batch.tokens(T, B, new int[T * B]).classTargets(new int[B]).carryingState(new boolean[1]));
        assertMessage("a batch needs T >= 0 steps and B >= 0 sequences, got T=-1, B=2",
                () -> Batch.tokens(-1, B, new int[0]).classTargets(new int[B]));
    }

    @Test
    void anEmptyBatchOfZeroStepsIsAllowed() {
        // a batch of sequences that have all ended (length 0) still names its B sequences
        Batch b = Batch.features(0, B, new float[0]).lengths(new int[B]).classTargets(new int[B]);
        assertEquals(0, b.steps());
        assertEquals(B, b.positions());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable build) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, build).getMessage());
    }
}
