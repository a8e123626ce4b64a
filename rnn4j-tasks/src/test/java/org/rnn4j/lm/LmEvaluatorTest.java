package org.rnn4j.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;

class LmEvaluatorTest {

    private static final String TEXT = "to be or not to be, that is the question; whether 'tis nobler in the mind to suffer ";

    /** The reference: one stream, one character at a time, loss summed in double. */
    private static double stepByStep(SequenceModel model, int[] ids) {
        model.train(false, null);
        RecurrentState state = new RecurrentState(model.config().rnn(), 1);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        double total = 0;
        for (int i = 0; i + 1 < ids.length; i++) {
            float[] out = model.forwardTokens(new int[] {ids[i]}, 1, 1, null, state);
            model.finalState(state);
            total += ce.forward(out, 1, model.config().outputSize(), new int[] {ids[i + 1]});
        }
        return total / (ids.length - 1);
    }

    @Test
    void oneSegmentIsTheSingleStreamPass() {
        Vocabulary v = Vocabulary.of(TEXT);
        int[] ids = v.encode(TEXT.repeat(3)).ids();
        for (CellType cell : CellType.values()) {
            SequenceModel model = LmTestModels.fresh(cell, v.size(), 12, 2, 3);
            double reference = stepByStep(model, ids);
            for (int chunk : new int[] {1, 7, 64, 1000}) {
                LmScore s = LmEvaluator.evaluate(model, ids, 0, 1, chunk, 0);
                assertEquals(ids.length - 1, s.predictions());
                assertEquals(reference, s.loss(), 1e-5 * reference, cell + " chunk " + chunk);
            }
        }
    }

    @Test
    void segmentsCountEveryPredictionOnceAndWarmUpMatchesTheSinglePass() {
        Vocabulary v = Vocabulary.of(TEXT);
        int[] ids = v.encode(TEXT.repeat(8)).ids();
        SequenceModel model = LmTestModels.trained(ids, v.size(), 150);
        double reference = stepByStep(model, ids);
        for (int segments : new int[] {2, 5, 13}) {
            LmScore cold = LmEvaluator.evaluate(model, ids, 0, segments, 16, 0);
            LmScore warm = LmEvaluator.evaluate(model, ids, 0, segments, 16, 100);
            assertEquals(ids.length - 1, cold.predictions());
            assertEquals(ids.length - 1, warm.predictions());
            assertTrue(Math.abs(warm.loss() - reference) <= Math.abs(cold.loss() - reference) + 1e-9,
                    "warm-up should bring the batched pass closer to the single pass");
            assertEquals(reference, warm.loss(), 0.01 * reference, segments + " segments");
        }
    }

    @Test
    void bitsAndPerplexityFollowFromTheLoss() {
        LmScore s = new LmScore(Math.log(4), 10, 2);
        assertEquals(2.0, s.bitsPerCharacter(), 1e-12);
        assertEquals(4.0, s.perplexity(), 1e-12);
    }

    @Test
    void aModelThatLearnedTheTextBeatsTheUnigramEntropy() {
        Vocabulary v = Vocabulary.of(TEXT);
        int[] ids = v.encode(TEXT.repeat(8)).ids();
        SequenceModel model = LmTestModels.trained(ids, v.size(), 200);
        LmScore s = LmEvaluator.evaluate(model, ids, 0);
        assertTrue(s.loss() < 0.5 * Vocabulary.unigramEntropy(ids, v.size()), "loss " + s.loss());
    }

    @Test
    void refusesWhatCannotBeScored() {
        Vocabulary v = Vocabulary.of(TEXT);
        SequenceModel model = LmTestModels.fresh(CellType.GRU, v.size(), 8, 1, 1);
        assertThrows(InvalidInputException.class, () -> LmEvaluator.evaluate(model, new int[] {1}, 0));
        assertThrows(InvalidInputException.class, () -> LmEvaluator.evaluate(model, new int[] {1, v.size()}, 0));
    }
}
