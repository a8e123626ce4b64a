package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.forecast.ForecastRunner;
import org.rnn4j.kernel.Activation;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.OptimizerSpec;

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
            "batch_size", "optimizer", "learning_rate", "momentum", "clip", "clip_threshold", "max_steps", "max_epochs",
            "time_budget_seconds", "seed"}) {
            assertEquals(true, json.has(k), k);
        }
        assertEquals("gru", json.get("cell").asText());
    }

    @Test
    void theBuilderStartsFromDocumentedDefaultsAndNeedsALimit() {
        HyperParameters hp = HyperParameters.builder(CellType.LSTM, OptimizerSpec.adam(0.01)).maxSteps(10).build();
        assertEquals(64, hp.hiddenSize());
        assertEquals(1, hp.layers());
        assertEquals(32, hp.batchSize());
        assertEquals(Activation.TANH, hp.activation());
        assertEquals(ClipConfig.Mode.NONE, hp.clip().mode());
        assertEquals(1, hp.seed());
        assertThrows(IllegalArgumentException.class,
                () -> HyperParameters.builder(CellType.LSTM, OptimizerSpec.adam(0.01)).build());
        assertEquals(HP, HP.toBuilder().build());
    }

    @Test
    void theJsonReadsBackToTheSameSettings() {
        HyperParameters hp = HP.toBuilder().cell(CellType.RNN).activation(Activation.RELU).bidirectional(true)
                .dropout(0.25).optimizer(OptimizerSpec.sgd(0.05).withMomentum(0.9).withWeightDecay(1e-4))
                .clip(ClipConfig.value(0.5)).limits(0, 3, 42.5).seed(7).build();
        assertEquals(hp, HyperParameters.fromJson(hp.toJson(), "test"));
        assertEquals(HP, HyperParameters.fromJson(HP.toJson(), "test"));
        // a file of an earlier version has neither momentum nor weight decay: 0 and the optimizer's default
        var old = HP.toJson();
        old.remove("momentum");
        assertEquals(HP, HyperParameters.fromJson(old, "test"));
    }

    @Test
    void aMalformedJsonNamesTheKey() {
        var json = HP.toJson();
        json.put("hidden_size", "wide");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> HyperParameters.fromJson(json, "cfg.json: task.hyper_parameters"));
        assertEquals("cfg.json: task.hyper_parameters.hidden_size should be an integer, got \"wide\"", e.getMessage());
        json.put("hidden_size", 0);
        assertThrows(InvalidInputException.class, () -> HyperParameters.fromJson(json, "x"));
    }

    @Test
    void anOptimizerSpecKeepsPyTorchsDefaultWeightDecayUnlessGiven() {
        assertEquals(0.01, OptimizerSpec.adamW(1e-3).effectiveWeightDecay());
        assertEquals(0.0, OptimizerSpec.adam(1e-3).effectiveWeightDecay());
        assertEquals(0.01, OptimizerSpec.adam(1e-3).withName("adamw").effectiveWeightDecay());
        assertEquals(0.0, OptimizerSpec.adamW(1e-3).withWeightDecay(0).withName("adamw").effectiveWeightDecay());
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.adam(1e-3).withWeightDecay(-1));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.of("lion", 1e-3));
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
