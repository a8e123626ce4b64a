package org.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.model.OutputMode;

/** The head choice: names, the automatic rule and its refusal. */
class ClassifierHeadTest {

    private static LabelledSequences tokens(int... lengths) {
        int[][] t = new int[lengths.length][];
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            t[i] = new int[lengths[i]];
            ids.add("s" + i);
        }
        return new LabelledSequences(ids, null, t, new int[lengths.length], List.of("a"));
    }

    private static LabelledSequences dense(int... lengths) {
        float[][][] f = new float[lengths.length][][];
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            f[i] = new float[lengths[i]][2];
            ids.add("s" + i);
        }
        return new LabelledSequences(ids, f, null, new int[lengths.length], List.of("a"));
    }

    @Test
    void autoReadsAlignedTokenSequencesStepByStepAndTheRestByTheirMaximum() {
        assertEquals(OutputMode.ALL_STEPS, ClassifierHead.AUTO.mode(tokens(60, 60), null, tokens(60)));
        assertEquals(OutputMode.MAX_OVER_TIME, ClassifierHead.AUTO.mode(tokens(60, 60), null, tokens(59)));
        assertEquals(OutputMode.MAX_OVER_TIME, ClassifierHead.AUTO.mode(dense(20, 20)));
        assertEquals(OutputMode.LAST_STEP, ClassifierHead.LAST.mode(tokens(60, 60)));
        assertEquals(60, ClassifierHead.fixedLength(tokens(60, 60), null, tokens(60)));
        assertEquals(0, ClassifierHead.fixedLength(tokens(60, 61)));
    }

    @Test
    void theAllStepsHeadRefusesSequencesOfSeveralLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassifierHead.ALL_STEPS.mode(dense(20, 21)));
        assertTrue(e.getMessage().contains("one length"), e.getMessage());
    }

    @Test
    void namesReadBack() {
        for (ClassifierHead h : ClassifierHead.values()) {
            assertEquals(h, ClassifierHead.parse(h.id().toUpperCase(java.util.Locale.ROOT)));
        }
        assertEquals("all-steps", ClassifierHead.ALL_STEPS.id());
        assertThrows(IllegalArgumentException.class, () -> ClassifierHead.parse("mean"));
    }
}
