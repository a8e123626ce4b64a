package org.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.LabelledSequences;

/** The position-wise logistic regression: its gradient, its convergence, λ's choice and its saved form. */
class PositionLinearTest {

    /**
     * {@code n} sequences of {@code length} tokens over 4 symbols; class 1 when position 2 holds token 3
     * or position 4 holds token 0 (a signal a position-wise model can hold), flipped with {@code noise}.
     */
    static LabelledSequences sites(int n, int length, double noise, long seed) {
        Random rnd = new Random(seed);
        int[][] tokens = new int[n][length];
        int[] labels = new int[n];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < length; t++) {
                tokens[i][t] = rnd.nextInt(4);
            }
            int y = tokens[i][2] == 3 || tokens[i][4] == 0 ? 1 : 0;
            labels[i] = rnd.nextDouble() < noise ? 1 - y : y;
            ids.add("s" + i);
        }
        return new LabelledSequences(ids, null, tokens, labels, List.of("no", "yes"));
    }

    @Test
    void theGradientMatchesCentralDifferences() {
        LabelledSequences data = sites(7, 5, 0.2, 1);
        double[] classWeights = {0.7, 1.6};
        checkGradient(new Multinomial.Objective(PositionLinear.rows(data, 5, 4, false), data.labels(), 2, 0.3,
                classWeights));
        checkGradient(new Multinomial.Objective(PositionLinear.rows(data, 5, 4, true), data.labels(), 2, 0.3,
                classWeights));
        // rows with values (the summary model's): 3 classes, 4 features, some of them zero
        Random values = new Random(3);
        int[][] index = new int[6][];
        double[][] value = new double[6][];
        int[] labels = new int[6];
        for (int i = 0; i < 6; i++) {
            index[i] = new int[] {0, 2, 3};
            value[i] = new double[] {values.nextGaussian(), values.nextGaussian(), values.nextGaussian()};
            labels[i] = i % 3;
        }
        checkGradient(new Multinomial.Objective(new Multinomial.Rows(index, value, 4), labels, 3, 0.05,
                new double[] {1, 2, 0.5}));
    }

    private static void checkGradient(Multinomial.Objective f) {
        Random rnd = new Random(2);
        double[] w = new double[f.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextGaussian();
        }
        double[] g = new double[w.length];
        f.valueAndGradient(w, g);
        double[] scratch = new double[w.length];
        double h = 1e-5;
        for (int i = 0; i < w.length; i++) {
            double keep = w[i];
            w[i] = keep + h;
            double up = f.valueAndGradient(w, scratch);
            w[i] = keep - h;
            double down = f.valueAndGradient(w, scratch);
            w[i] = keep;
            assertEquals((up - down) / (2 * h), g[i], 1e-8, "weight " + i);
        }
    }

    @Test
    void theFitConvergesToTheMinimumOfItsObjective() {
        LabelledSequences data = sites(300, 6, 0.1, 3);
        PositionLinear m = PositionLinear.fit(data, 4, 2, 1e-2, null);
        assertTrue(m.pairs(), "6 positions of 4 tokens: few enough weights for the adjacent pairs");
        Multinomial.Objective f = new Multinomial.Objective(PositionLinear.rows(data, 6, 4, true), data.labels(), 2,
                1e-2, null);
        double[] g = new double[f.size()];
        f.valueAndGradient(m.weights(), g);
        for (double v : g) {
            assertTrue(Math.abs(v) < 1e-6, "gradient component " + v);
        }
        // and it learned the sites: accuracy on new sequences near the 90% the label noise allows
        LabelledSequences fresh = sites(2000, 6, 0.1, 4);
        int[] predicted = ClassifierModel.argmax(m.probabilities(fresh));
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == fresh.labels()[i] ? 1 : 0;
        }
        assertTrue(correct / 2000.0 > 0.85, "accuracy " + correct / 2000.0);
    }

    @Test
    void probabilitiesAreASoftmaxOfTheScores() {
        // 2 positions, 3 tokens, 2 classes; bias last in each class's row
        double[] w = {0.5, -1, 2, 0, 1, -0.5, 0.25, /* class 1 */ -1, 0, 1, 2, 0, 0, -0.75};
        PositionLinear m = new PositionLinear(2, 3, 2, 0.1, w);
        LabelledSequences one = new LabelledSequences(List.of("x"), null, new int[][] {{2, 1}}, new int[1],
                List.of("a", "b"));
        double z0 = 2 + 1 + 0.25;
        double z1 = 1 + 0 - 0.75;
        double p1 = Math.exp(z1) / (Math.exp(z0) + Math.exp(z1));
        double[] p = m.probabilities(one)[0];
        assertEquals(1 - p1, p[0], 1e-15);
        assertEquals(p1, p[1], 1e-15);

        // with the adjacent pair: 2 positions of 2 tokens, D = 2·2 + 1·4; the sequence (1, 0) reads features
        // 0·2 + 1, 2 + 0 and the pair 4 + 1·2 + 0
        double[] v = {0, 1, 2, 0, 0, 0, 3, 0, 0.5, /* class 1 */ 0, -1, 0, 0, 0, 0, 1, 0, 0};
        PositionLinear pm = new PositionLinear(2, 2, 2, 0.1, v, true);
        LabelledSequences two = new LabelledSequences(List.of("y"), null, new int[][] {{1, 0}}, new int[1],
                List.of("a", "b"));
        double y0 = 1 + 2 + 3 + 0.5;
        double y1 = -1 + 0 + 1 + 0;
        double q1 = Math.exp(y1) / (Math.exp(y0) + Math.exp(y1));
        assertEquals(q1, pm.probabilities(two)[0][1], 1e-15);
    }

    @Test
    void lambdaIsChosenFromTheGridByCrossValidationAndTheSameSeedGivesTheSameChoice() {
        LabelledSequences data = sites(200, 8, 0.15, 5);
        double a = PositionLinear.chooseLambda(data, 4, 2, null, 9);
        assertEquals(a, PositionLinear.chooseLambda(data, 4, 2, null, 9));
        assertTrue(java.util.Arrays.stream(Multinomial.LAMBDAS).anyMatch(l -> l == a), "λ " + a);
        // pure noise: the strongest penalty predicts best
        LabelledSequences noise = sites(200, 8, 0.5, 6);
        assertEquals(Multinomial.LAMBDAS[Multinomial.LAMBDAS.length - 1],
                PositionLinear.chooseLambda(noise, 4, 2, null, 9));
    }

    @Test
    void theFoldsAreStratified() {
        int[] labels = new int[50];
        for (int i = 0; i < 50; i++) {
            labels[i] = i < 20 ? 0 : 1;
        }
        int[] fold = Multinomial.stratifiedFolds(labels, 2, 5, new org.rnn4j.util.Rng(1));
        for (int k = 0; k < 5; k++) {
            int zeros = 0;
            int ones = 0;
            for (int i = 0; i < 50; i++) {
                if (fold[i] == k) {
                    zeros += labels[i] == 0 ? 1 : 0;
                    ones += labels[i] == 1 ? 1 : 0;
                }
            }
            assertEquals(4, zeros, "fold " + k);
            assertEquals(6, ones, "fold " + k);
        }
    }

    @Test
    void theSavedFormReadsBackExactly() {
        PositionLinear m = PositionLinear.fit(sites(80, 5, 0.1, 7), 4, 2, 3e-3, null);
        PositionLinear back = PositionLinear.fromJson(m.toJson(), "t.json");
        assertArrayEquals(m.weights(), back.weights());
        assertEquals(m.lambda(), back.lambda());
        assertEquals(5, back.positions());
        assertTrue(back.pairs());
        // saved before adjacent pairs: without the member, a model of the positions alone
        PositionLinear old = new PositionLinear(5, 4, 2, 0.1, new double[2 * 21]);
        assertFalse(PositionLinear.fromJson((com.fasterxml.jackson.databind.node.ObjectNode) old.toJson()
                .without("pairs"), "t.json").pairs());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PositionLinear.fromJson(m.toJson().put("positions", 6), "t.json"));
        assertTrue(e.getMessage().startsWith("t.json: "), e.getMessage());
    }

    @Test
    void sequencesOfAnotherLengthAreRefusedNamingTheSequence() {
        PositionLinear m = PositionLinear.fit(sites(40, 5, 0.1, 8), 4, 2, 1e-2, null);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> m.probabilities(sites(3, 6, 0, 9)));
        assertEquals("this classifier reads sequences of exactly 5 tokens; sequence 's0' has 6", e.getMessage());
        assertFalse(PositionLinear.fits(100_000, 26, 10));
        assertTrue(PositionLinear.fits(60, 5, 3));
        assertTrue(PositionLinear.pairs(60, 5, 3), "DNA windows: 3 × (300 + 59 × 25 + 1) weights");
        assertFalse(PositionLinear.pairs(100, 60, 10), "text: the pairs alone would be 3.6 million weights");
    }
}
