package org.rnn4j.optim;

import java.util.function.BiFunction;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.rnn4j.testing.RecordWithers;

/** The optimizer configs' withers: each changes the setting it names and no other. */
class ConfigWithersTest {

    @Test
    void sgd() {
        SgdConfig base = new SgdConfig(0.1, 0.5, 0, true, 0.01);
        RecordWithers.assertChangesOnly(base, base.withLearningRate(0.2), "learningRate");
        RecordWithers.assertChangesOnly(base, base.withMomentum(0.6), "momentum");
        RecordWithers.assertChangesOnly(base.withNesterov(false), base.withNesterov(false).withDampening(0.3),
                "dampening");
        RecordWithers.assertChangesOnly(base, base.withNesterov(false), "nesterov");
        RecordWithers.assertChangesOnly(base, base.withWeightDecay(0.02), "weightDecay");
    }

    @Test
    void adamAndAdamW() {
        AdamConfig adam = new AdamConfig(0.1, 0.8, 0.9, 0.01, 0.02);
        adamWithers(adam, adam::withLearningRate, adam::withBetas, adam::withEpsilon, adam::withWeightDecay);
        AdamWConfig adamW = new AdamWConfig(0.1, 0.8, 0.9, 0.01, 0.02);
        adamWithers(adamW, adamW::withLearningRate, adamW::withBetas, adamW::withEpsilon, adamW::withWeightDecay);
    }

    /** The withers Adam's and AdamW's settings share, from a base with betas (0.8, 0.9). */
    private static <R extends Record> void adamWithers(R base, DoubleFunction<R> learningRate,
            BiFunction<Double, Double, R> betas, DoubleFunction<R> epsilon, DoubleFunction<R> weightDecay) {
        RecordWithers.assertChangesOnly(base, learningRate.apply(0.2), "learningRate");
        RecordWithers.assertChangesOnly(base, betas.apply(0.7, 0.9), "beta1");
        RecordWithers.assertChangesOnly(base, betas.apply(0.8, 0.95), "beta2");
        RecordWithers.assertChangesOnly(base, epsilon.apply(0.03), "epsilon");
        RecordWithers.assertChangesOnly(base, weightDecay.apply(0.04), "weightDecay");
    }

    @Test
    void rmsPropAndAdagrad() {
        RmsPropConfig rms = new RmsPropConfig(0.1, 0.8, 0.01, 0.5, false, 0.02);
        RecordWithers.assertChangesOnly(rms, rms.withLearningRate(0.2), "learningRate");
        RecordWithers.assertChangesOnly(rms, rms.withAlpha(0.7), "alpha");
        RecordWithers.assertChangesOnly(rms, rms.withEpsilon(0.03), "epsilon");
        RecordWithers.assertChangesOnly(rms, rms.withMomentum(0.6), "momentum");
        RecordWithers.assertChangesOnly(rms, rms.withCentered(true), "centered");
        RecordWithers.assertChangesOnly(rms, rms.withWeightDecay(0.04), "weightDecay");
        AdagradConfig adagrad = new AdagradConfig(0.1, 0.01, 0.02, 0.03, 0.04);
        RecordWithers.assertChangesOnly(adagrad, adagrad.withLearningRate(0.2), "learningRate");
        RecordWithers.assertChangesOnly(adagrad, adagrad.withLearningRateDecay(0.05), "learningRateDecay");
        RecordWithers.assertChangesOnly(adagrad, adagrad.withWeightDecay(0.05), "weightDecay");
        RecordWithers.assertChangesOnly(adagrad, adagrad.withInitialAccumulatorValue(0.05), "initialAccumulatorValue");
        RecordWithers.assertChangesOnly(adagrad, adagrad.withEpsilon(0.05), "epsilon");
    }
}
