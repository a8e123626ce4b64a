package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rnn4j.optim.OptimAssert.assertThreeSteps;

import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;

class AdamWTest {

    @Test
    void decayIsDecoupledFromTheMoments() {
        // Each step first p *= 1 − 0.1·0.1 = 0.99, then the plain Adam update on the raw gradient:
        // step 1: [1·0.99 − 0.1·0.5/(0.5 + 1e-8), ...] = [0.890000002, -0.395000001, 0.2475].
        assertThreeSteps(ps -> new AdamW(ps, new AdamWConfig(0.1, 0.9, 0.999, 1e-8, 0.1)), new double[][] {
            {0.890000002, -0.395000001, 0.2475},
            {0.7878820404574624, -0.4276603534620748, 0.31943867393985703},
            {0.7882008996862033, -0.46494886960215304, 0.27381994232601065},
        });
    }

    @Test
    void defaultWeightDecayIsOneHundredth() {
        assertEquals(new AdamWConfig(1e-3, 0.9, 0.999, 1e-8, 0.01), AdamWConfig.defaults());
        assertThreeSteps(ps -> new AdamW(ps, AdamWConfig.defaults().withLearningRate(0.1)), new double[][] {
            {0.899000002, -0.399500001, 0.24975},
            {0.8048830404754623, -0.43571085347107485, 0.3239139239398571},
            {0.8122758370683025, -0.47684026229230275, 0.2811656651414694},
        });
    }

    @Test
    void withoutDecayItIsAdam() {
        assertThreeSteps(ps -> new AdamW(ps, AdamWConfig.defaults().withLearningRate(0.1).withWeightDecay(0)),
                new double[][] {
                    {0.900000002, -0.400000001, 0.25},
                    {0.8067820404774624, -0.43661035347207483, 0.3244136739398571},
                    {0.814979720110778, -0.4781754731467738, 0.2819893290654093},
                });
    }

    @Test
    void rejectsOutOfRangeSettings() {
        assertEquals("AdamW weight decay must be a finite number >= 0, got -0.01",
                assertThrows(InvalidInputException.class, () -> AdamWConfig.defaults().withWeightDecay(-0.01))
                        .getMessage());
        assertEquals("AdamW beta1 must be in [0, 1), got 1.5",
                assertThrows(InvalidInputException.class, () -> AdamWConfig.defaults().withBetas(1.5, 0.9))
                        .getMessage());
    }
}
