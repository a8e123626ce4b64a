package org.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.LabelledSequences;

/** The summary-feature logistic regression of dense sequences: its features, its fit and its saved form. */
class SummaryLinearTest {

    /** {@code n} series of 2 features and 5-12 steps; class 1 has a higher mean of feature 0 and a longer tail. */
    static LabelledSequences series(int n, long seed) {
        Random rnd = new Random(seed);
        float[][][] x = new float[n][][];
        int[] labels = new int[n];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(2);
            int steps = 5 + rnd.nextInt(8);
            x[i] = new float[steps][2];
            for (int t = 0; t < steps; t++) {
                x[i][t][0] = (float) (rnd.nextGaussian() + 0.8 * labels[i]);
                x[i][t][1] = (float) rnd.nextGaussian();
            }
            ids.add("s" + i);
        }
        return new LabelledSequences(ids, x, null, labels, List.of("a", "b"));
    }

    @Test
    void theSummariesAreEachFeaturesMeanSdFirstAndLastAndTheLength() {
        float[][][] x = {{{1, 10}, {2, 20}, {6, 30}}};
        LabelledSequences one = new LabelledSequences(List.of("x"), x, null, new int[1], List.of("a", "b"));
        double[] s = SummaryLinear.summaries(one)[0];
        double sd0 = Math.sqrt(((1 - 3.0) * (1 - 3.0) + 1 + 9) / 3);
        double sd1 = Math.sqrt((100 + 0 + 100) / 3.0);
        assertArrayEquals(new double[] {3, sd0, 1, 6, 20, sd1, 10, 30, 3}, s, 1e-12);
    }

    @Test
    void itLearnsTheMeanAndTheSavedFormReadsBackExactly() {
        LabelledSequences train = series(300, 1);
        double lambda = SummaryLinear.chooseLambda(train, 2, null, 3);
        SummaryLinear m = SummaryLinear.fit(train, 2, lambda, null);
        LabelledSequences fresh = series(1000, 2);
        int[] predicted = ClassifierModel.argmax(m.probabilities(fresh));
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == fresh.labels()[i] ? 1 : 0;
        }
        // the mean of 5-12 steps separates means 0.8 apart at about 90%
        assertTrue(correct / 1000.0 > 0.8, "accuracy " + correct / 1000.0);

        LinearClassifier back = LinearClassifier.fromJson(m.toJson(), "t.json");
        assertTrue(back instanceof SummaryLinear);
        double[][] p = m.probabilities(fresh);
        double[][] q = back.probabilities(fresh);
        for (int i = 0; i < p.length; i++) {
            assertArrayEquals(p[i], q[i], 0);
        }
    }

    @Test
    void tokensOrAnotherWidthAreRefused() {
        SummaryLinear m = SummaryLinear.fit(series(40, 4), 2, 1e-2, null);
        float[][][] three = {{{1, 2, 3}}};
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> m.probabilities(
                new LabelledSequences(List.of("x"), three, null, new int[1], List.of("a", "b"))));
        assertEquals("this classifier's summary model reads 2 dense features a step, got 3 features", e.getMessage());
        assertThrows(InvalidInputException.class, () -> LinearClassifier.fromJson(m.toJson().put("kind", "tree"),
                "t.json"));
    }
}
