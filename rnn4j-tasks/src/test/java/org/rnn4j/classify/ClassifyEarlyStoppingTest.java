package org.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.CsvTable;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.nn.Parameter;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.TrainingLoop;

/**
 * A run that overfits stops early and keeps its best checkpoint: on labels drawn at random there is
 * nothing to learn, so the network can only memorize its training sequences, and the validation loss
 * rises once it does.
 */
class ClassifyEarlyStoppingTest {

    /** 120 random 12-base strings with random labels: any fit to the training part is memorization. */
    static CsvTable noise() {
        Random rnd = new Random(5);
        StringBuilder csv = new StringBuilder("id,class,sequence\n");
        for (int i = 0; i < 120; i++) {
            csv.append(i).append(',').append(rnd.nextBoolean() ? "a" : "b").append(',');
            for (int t = 0; t < 12; t++) {
                csv.append("ACGT".charAt(rnd.nextInt(4)));
            }
            csv.append('\n');
        }
        return CsvTable.parse(csv.toString(), "noise.csv");
    }

    @Test
    void aRunThatOverfitsStopsAndKeepsItsBestCheckpoint(@TempDir Path dir) throws Exception {
        ClassifySettings settings = ClassifySettings.perRow("sequence", "class").withIdColumn("id")
                .withValidationFraction(0.25);
        ClassificationData data = ClassificationData.fromCsv(noise(), settings);
        // wide and fast, so that it memorizes within a few hundred steps; the limit is far beyond
        HyperParameters hp = ClassifyRunner.defaultHyperParameters().withHiddenSize(48).withDropout(0)
                .withLearningRate(1e-2).withLimits(3000, 0, 0).withPatience(5);
        ClassifyResult r = ClassifyRunner.train(data, hp, RunOptions.none().withCheckpoints(dir, 0)
                .withValidateEvery(10));
        TrainingSummary s = r.summary();
        assertEquals(TrainingLoop.EARLY_STOPPING, s.stopReason());
        assertTrue(s.steps() < 3000, "stopped at " + s.steps());
        assertEquals(s.steps() - 5 * 10, s.bestStep(), "five validations without improvement after the best");
        assertTrue(s.trainLoss() < s.bestValidationLoss(), "it had started to memorize: " + s);

        // the checkpoint serves the best weights: their validation loss is the best one reported
        ClassifierModel saved = ClassifierModel.load(dir);
        assertEquals(s.bestValidationLoss(), saved.meanLoss(data.validation(), null), 1e-9);
        assertEquals(s.bestValidationLoss(), r.model().meanLoss(data.validation(), null), 1e-9,
                "the run ends on the best weights too");
        // and its training state keeps the current, later weights, which validate worse
        ModelDirectory.Contents contents = ModelDirectory.load(dir, KernelProvider.get());
        assertNotNull(contents.training());
        Map<String, float[]> current = contents.training().parameters();
        assertFalse(current.isEmpty(), "the current weights are kept apart for an exact resume");
        for (Parameter p : saved.model().parameters()) {
            p.set(current.get(p.name()));
        }
        assertTrue(saved.meanLoss(data.validation(), null) > s.bestValidationLoss());
    }

    @Test
    void withoutPatienceTheRunGoesToItsLimitOnItsLastWeights() throws Exception {
        ClassificationData data = ClassificationData.fromCsv(noise(),
                ClassifySettings.perRow("sequence", "class").withValidationFraction(0.25));
        HyperParameters hp = ClassifyRunner.defaultHyperParameters().withHiddenSize(16).withLimits(60, 0, 0)
                .withPatience(0);
        TrainingSummary s = ClassifyRunner.train(data, hp, RunOptions.none()).summary();
        assertEquals(TrainingLoop.STEPS, s.stopReason());
        assertEquals(60, s.bestStep());
        assertTrue(Double.isNaN(s.bestValidationLoss()));
    }
}
