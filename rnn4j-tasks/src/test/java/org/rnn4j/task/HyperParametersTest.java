package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rnn4j.forecast.ForecastRunner;
import org.rnn4j.optim.LearningRateSchedule;

/** Hyper-parameter validation and the schedule they imply. */
class HyperParametersTest {

    private static final HyperParameters HP = ForecastRunner.defaultHyperParameters();

    @Test
    void limitsAreRequiredAndChecked() {
        assertThrows(IllegalArgumentException.class, () -> HP.withLimits(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> HP.withLimits(0, 0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> HP.withSteps(1L << 40));
        assertThrows(IllegalArgumentException.class, () -> HP.withHiddenSize(0));
        assertThrows(IllegalArgumentException.class, () -> HP.withDropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> HP.withBatchSize(0));
        assertEquals(90.0, HP.withLimits(0, 0, 90).limits().timeBudgetSeconds());
        assertEquals(0.01, HP.withLearningRate(0.01).optimizer().learningRate());
        assertEquals("adam", HP.withLearningRate(0.01).optimizer().name());
    }

    @Test
    void aStepLimitGivesWarmUpAndCosineDecayElseAConstantRate() {
        LearningRateSchedule s = TaskTraining.schedule(HP.withLearningRate(0.01).withSteps(1000));
        assertEquals(0.01 / 50, s.rateAt(1), 1e-12);          // warm-up over 5% of the steps
        assertEquals(0.01, s.rateAt(50), 1e-12);
        assertEquals(0.001, s.rateAt(1000), 1e-12);            // down to 10%
        LearningRateSchedule timed = TaskTraining.schedule(HP.withLearningRate(0.01).withLimits(0, 0, 60));
        assertEquals(0.01, timed.rateAt(1));
        assertEquals(0.01, timed.rateAt(100000));
    }

    @Test
    void theJsonNamesEverySetting() {
        var json = HP.toJson();
        for (String k : new String[] {"cell", "activation", "hidden_size", "layers", "bidirectional", "dropout",
            "batch_size", "optimizer", "learning_rate", "clip", "clip_threshold", "max_steps", "max_epochs",
            "time_budget_seconds", "seed"}) {
            assertEquals(true, json.has(k), k);
        }
        assertEquals("gru", json.get("cell").asText());
    }

    @Test
    void streamsAreSeededAndIndependent() {
        TaskTraining.Streams a = TaskTraining.streams(5);
        TaskTraining.Streams b = TaskTraining.streams(5);
        assertEquals(a.init().nextLong(), b.init().nextLong());
        assertEquals(a.dropout().nextLong(), b.dropout().nextLong());
        assertNotEquals(TaskTraining.streams(5).data().nextLong(), TaskTraining.streams(5).init().nextLong());
    }
}
