package org.rnn4j.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.train.Batch;

class CopyTaskTest {

    @Test
    void baselineFormula() {
        assertEquals(10 * Math.log(8) / 120, CopyTask.baselineCrossEntropy(100), 1e-15);
        assertEquals(120, CopyTask.sequenceLength(100));
        assertEquals(CopyTask.baselineCrossEntropy(30), SyntheticTask.COPY.baselineLoss(30), 0);
    }

    @Test
    void layoutOfInputsAndTargets() {
        int gap = 15;
        int batch = 32;
        Batch b = new CopyTask(gap, batch, 3).next();
        int steps = gap + 20;
        assertEquals(steps, b.steps());
        assertEquals(steps * batch, b.tokens().length);
        assertEquals(steps * batch, b.classTargets().length);
        for (int s = 0; s < batch; s++) {
            for (int t = 0; t < steps; t++) {
                int x = b.tokens()[t * batch + s];
                int y = b.classTargets()[t * batch + s];
                if (t < 10) {
                    assertTrue(x >= 1 && x <= 8, "symbol at step " + t + ": " + x);
                    assertEquals(x, b.classTargets()[(t + gap + 10) * batch + s], "copied symbol " + t);
                } else if (t == gap + 9) {
                    assertEquals(CopyTask.DELIMITER, x);
                } else {
                    assertEquals(CopyTask.BLANK, x, "input at step " + t);
                }
                if (t < gap + 10) {
                    assertEquals(CopyTask.BLANK, y, "target at step " + t);
                }
            }
        }
    }

    /**
     * The best predictor without memory, as a softmax: certain blank at the first T+10 steps, uniform
     * over the 8 symbols at the last 10; its mean cross-entropy is the stated baseline exactly.
     */
    @Test
    void memorylessPredictorScoresTheBaseline() {
        int gap = 40;
        int batch = 16;
        Batch b = new CopyTask(gap, batch, 8).next();
        int rows = b.steps() * batch;
        float[] logits = new float[rows * CopyTask.ALPHABET];
        Arrays.fill(logits, -1e4f);
        for (int t = 0; t < b.steps(); t++) {
            for (int s = 0; s < batch; s++) {
                int off = (t * batch + s) * CopyTask.ALPHABET;
                if (t < gap + 10) {
                    logits[off + CopyTask.BLANK] = 0f;
                } else {
                    Arrays.fill(logits, off + 1, off + 1 + CopyTask.SYMBOLS, 0f);
                }
            }
        }
        double loss = new SoftmaxCrossEntropy().forward(logits, rows, CopyTask.ALPHABET, b.classTargets());
        assertEquals(CopyTask.baselineCrossEntropy(gap), loss, 1e-5);
    }

    /**
     * Statistically: the cross-entropy of per-step class frequencies estimated from 20,000 sequences
     * (the best input-independent predictor, fitted) is the baseline; symbols are uniform over 1..8.
     */
    @Test
    void empiricalTargetDistributionMatchesBaseline() {
        int gap = 10;
        int batch = 200;
        CopyTask data = new CopyTask(gap, batch, 21);
        int steps = CopyTask.sequenceLength(gap);
        long[][] counts = new long[steps][CopyTask.ALPHABET];
        int sequences = 0;
        for (int i = 0; i < 100; i++) {
            Batch b = data.next();
            for (int t = 0; t < steps; t++) {
                for (int s = 0; s < batch; s++) {
                    counts[t][b.classTargets()[t * batch + s]]++;
                }
            }
            sequences += batch;
        }
        double crossEntropy = 0;
        for (int t = 0; t < steps; t++) {
            for (long c : counts[t]) {
                if (c > 0) {
                    double p = (double) c / sequences;
                    crossEntropy -= p * Math.log(p);
                }
            }
        }
        crossEntropy /= steps;
        assertEquals(CopyTask.baselineCrossEntropy(gap), crossEntropy, 2e-3);
        for (int t = gap + 10; t < steps; t++) {
            for (int symbol = 1; symbol <= 8; symbol++) {
                double p = (double) counts[t][symbol] / sequences;
                assertEquals(0.125, p, 0.015, "frequency of symbol " + symbol + " at step " + t);
            }
        }
    }

    @Test
    void determinismAndCursor() {
        CopyTask a = new CopyTask(5, 4, 1);
        CopyTask b = new CopyTask(5, 4, 1);
        assertArrayEquals(a.next().tokens(), b.next().tokens());
        assertFalse(Arrays.equals(a.next().tokens(), new CopyTask(5, 4, 2).next().tokens()));
        Map<String, Long> cursor = a.cursor();
        Batch expected = a.next();
        CopyTask resumed = new CopyTask(5, 4, 77);
        resumed.restore(cursor);
        Batch actual = resumed.next();
        assertArrayEquals(expected.tokens(), actual.tokens());
        assertArrayEquals(expected.classTargets(), actual.classTargets());
    }
}
