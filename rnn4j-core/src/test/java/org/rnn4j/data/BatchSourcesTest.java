package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnn4j.train.Batch;
import org.rnn4j.train.TokenStreams;
import org.rnn4j.util.Rng;

/** Batch sources: layout, lengths, epochs, and cursors that resume exactly. */
class BatchSourcesTest {

    @Test
    void tokenStreamsReadSideBySideAndWrap() {
        int[] tokens = new int[21];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = i;
        }
        TokenStreams s = new TokenStreams(tokens, 2, 4); // L = 10 per stream
        Batch b = s.next();
        assertEquals(4, b.steps());
        assertArrayEquals(new int[] {0, 10, 1, 11, 2, 12, 3, 13}, b.tokens());
        assertArrayEquals(new int[] {1, 11, 2, 12, 3, 13, 4, 14}, b.classTargets());
        assertTrue(b.resetState()[0] && b.resetState()[1]);
        assertFalse(s.next().resetState()[0]);
        Batch last = s.next();
        assertEquals(2, last.steps());
        assertEquals(1, s.epoch());
        assertTrue(s.next().resetState()[0]);
    }

    @Test
    void sequenceBatchesPadAndCarryLengths() {
        float[][][] feats = new float[5][][];
        int[] labels = new int[5];
        for (int i = 0; i < 5; i++) {
            feats[i] = new float[i + 1][2];
            for (int t = 0; t <= i; t++) {
                feats[i][t][0] = i;
                feats[i][t][1] = t;
            }
            labels[i] = i % 2;
        }
        LabelledSequences data = new LabelledSequences(List.of("a", "b", "c", "d", "e"), feats, null, labels,
                List.of("x", "y"));
        SequenceBatches inOrder = new SequenceBatches(data, 2, null);
        Batch b = inOrder.next();
        assertEquals(2, b.steps());
        assertArrayEquals(new int[] {1, 2}, b.lengths());
        // time-major [T, B, F]: padded position (t=1, b=0) is zero
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 0, 1, 1}, b.features());
        inOrder.next();
        Batch tail = inOrder.next();
        assertEquals(1, tail.batch());
        assertEquals(1, inOrder.epoch());

        SequenceBatches shuffled = new SequenceBatches(data, 2, new Rng(5));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Batch x = shuffled.next();
            for (int k = 0; k < x.batch(); k++) {
                seen.add(x.lengths()[k]);
            }
        }
        assertEquals(5, seen.size(), "one epoch visits every sequence");
    }

    @Test
    void cursorsResumeExactly() {
        float[][] in = new float[40][1];
        float[][] out = new float[40][1];
        for (int i = 0; i < 40; i++) {
            in[i][0] = i;
            out[i][0] = i;
        }
        WindowBatches a = new WindowBatches(in, out, 5, 3, new Rng(1));
        a.next();
        Map<String, Long> cur = a.cursor();
        float[] expected = a.next().features().clone();
        WindowBatches b = new WindowBatches(in, out, 5, 3, new Rng(99));
        b.restore(cur);
        assertArrayEquals(expected, b.next().features());

        float[][][] feats = new float[7][3][1];
        LabelledSequences data = new LabelledSequences(List.of("1", "2", "3", "4", "5", "6", "7"), feats, null,
                new int[7], List.of("only"));
        SequenceBatches s1 = new SequenceBatches(data, 3, new Rng(3));
        for (int i = 0; i < 4; i++) {
            s1.next();
        }
        Map<String, Long> c1 = s1.cursor();
        int[] want = s1.next().classTargets().clone();
        long epoch = s1.epoch();
        SequenceBatches s2 = new SequenceBatches(data, 3, new Rng(8));
        s2.restore(c1);
        assertArrayEquals(want, s2.next().classTargets());
        assertEquals(epoch, s2.epoch());
    }
}
