package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.util.FloatArrays;
import org.rnn4j.util.Rng;

/**
 * The training loop's ends besides its limits: early stopping on the best weights, divergence by the
 * loss's history with the checkpoint before the explosion kept or rolled back to, and a stop request.
 */
class TrainingLoopTest {

    /** A small character model on a short periodic text, its validation a text it never trains on. */
    private static final class Setup {
        final SequenceModel model;
        final Trainer trainer;
        final TokenStreams data;
        final TokenStreams heldOut;
        final Evaluator evaluator = new Evaluator();

        Setup(double learningRate, ClipConfig clip) {
            RecurrentConfig rc = RecurrentConfig.builder(CellType.GRU, 6, 16).build();
            model = new SequenceModel(new ModelConfig(16, rc, 16, OutputMode.EVERY_STEP, 0, false),
                    KernelProvider.get());
            Initializer.initialize(model, InitConfig.pytorch(), new Rng(5));
            trainer = new Trainer(model, OptimizerSpec.adam(learningRate).create(model.parameters()),
                    LearningRateSchedule.constant(learningRate), clip, LossKind.CROSS_ENTROPY, new Rng(6));
            data = new TokenStreams(text(0), 2, 8);
            heldOut = new TokenStreams(text(7), 2, 8);
        }

        /** The mean loss on the held-out text: a validation the training text only partly predicts. */
        DoubleSupplier validation() {
            return () -> evaluator.meanLoss(model, new TokenStreams(text(7), 2, 8), 3, LossKind.CROSS_ENTROPY);
        }

        Map<String, float[]> weights() {
            Map<String, float[]> m = new LinkedHashMap<>();
            for (Parameter p : model.parameters()) {
                m.put(p.name(), p.value().clone());
            }
            return m;
        }
    }

    /** Mostly a cycle of 16 symbols, so that the model learns it, with a few shifted by {@code noise}. */
    static int[] text(int noise) {
        int[] ids = new int[400];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 5 + (i % 37 == 0 ? noise : 0)) % 16;
        }
        return ids;
    }

    @Test
    void earlyStoppingEndsOnTheBestValidationsWeights() throws IOException {
        Setup s = new Setup(0.05, ClipConfig.norm(1.0));
        List<Double> validations = new ArrayList<>();
        List<Map<String, float[]>> weightsAt = new ArrayList<>();
        DoubleSupplier validation = s.validation();
        TrainingLoop loop = new TrainingLoop(s.trainer, s.data).validation(5, () -> {
            weightsAt.add(s.weights());
            double v = validation.getAsDouble();
            validations.add(v);
            return v;
        }).earlyStopping(3, 0);
        loop.run(new TrainingLoop.Limits(2000, 0, 0));

        int best = 0;
        for (int i = 1; i < validations.size(); i++) {
            if (validations.get(i) < validations.get(best)) {
                best = i;
            }
        }
        assertEquals(TrainingLoop.EARLY_STOPPING, loop.stopReason(), "validations " + validations);
        assertEquals(validations.size() - 1 - best, 3, "stops after 3 validations without improvement");
        assertEquals(5 * (best + 1), loop.bestStep());
        assertEquals(validations.get(best), loop.bestValidation());
        assertTrue(s.trainer.optimizer().stepCount() > loop.bestStep());
        for (Parameter p : s.model.parameters()) {
            assertArrayEquals(weightsAt.get(best).get(p.name()), p.value(), p.name());
        }
    }

    @Test
    void aCheckpointServesTheBestWeightsAndResumesFromTheCurrentOnes(@TempDir Path dir) throws IOException {
        Setup a = new Setup(0.05, ClipConfig.norm(1.0));
        List<TrainingLoop.Checkpoint> written = new ArrayList<>();
        TrainingLoop loop = new TrainingLoop(a.trainer, a.data).validation(5, a.validation()).earlyStopping(50, 0)
                .checkpoints(0, dir, c -> {
                    written.add(c);
                    ModelDirectory.save(dir, a.model, c.servedWeights(), null, c.state(), 1);
                });
        loop.run(new TrainingLoop.Limits(60, 0, 0));
        TrainingLoop.Checkpoint last = written.get(written.size() - 1);
        assertEquals(60, last.step());
        ModelDirectory.Contents saved = ModelDirectory.load(dir, KernelProvider.get());
        if (loop.bestStep() != 60) {
            // the directory serves the best weights; its training state keeps the current ones apart
            assertEquals(a.model.parameters().size(), saved.training().parameters().size());
            for (Parameter p : saved.model().parameters()) {
                assertArrayEquals(a.model.namedParameters().get(p.name()).value(), p.value(), p.name());
                assertNotEquals(FloatArrays.sumOfSquares(p.value(), 0, p.size()),
                        FloatArrays.sumOfSquares(saved.training().parameters().get(p.name()), 0, p.size()));
            }
        }
        assertEquals(Integer.toString(loop.bestStep()), saved.training().loop().get("best_step"));

        // 60 + 20 steps in one run equal 60, this checkpoint, and 20 more
        Setup straight = new Setup(0.05, ClipConfig.norm(1.0));
        TrainingLoop whole = new TrainingLoop(straight.trainer, straight.data).validation(5, straight.validation())
                .earlyStopping(50, 0);
        whole.run(new TrainingLoop.Limits(80, 0, 0));
        Setup resumed = new Setup(0.05, ClipConfig.norm(1.0));
        TrainingLoop again = new TrainingLoop(resumed.trainer, resumed.data).validation(5, resumed.validation())
                .earlyStopping(50, 0);
        Map<String, float[]> served = new LinkedHashMap<>();
        saved.model().parameters().forEach(p -> served.put(p.name(), p.value()));
        TrainingState state = saved.training().parameters().isEmpty()
                ? saved.training().with(served, saved.training().loop())
                : saved.training();
        resumed.trainer.restore(state, resumed.data);
        again.resume(state.loop(), served);
        again.run(new TrainingLoop.Limits(80, 0, 0));
        assertEquals(whole.bestStep(), again.bestStep());
        assertEquals(whole.bestValidation(), again.bestValidation());
        for (Parameter p : straight.model.parameters()) {
            assertArrayEquals(p.value(), resumed.model.namedParameters().get(p.name()).value(), p.name());
        }
    }

    @Test
    void anExplodingLossStopsTheRunAndTheCheckpointBeforeItStands(@TempDir Path dir) throws IOException {
        // Adam at a rate of 1e4 from step 41 on moves every weight by about that much a step: the loss
        // explodes without anything becoming NaN
        Setup s = new Setup(1e-2, ClipConfig.norm(1.0));
        Trainer trainer = new Trainer(s.model, s.trainer.optimizer(), step -> step >= 41 ? 1e4 : 1e-2,
                ClipConfig.norm(1.0), LossKind.CROSS_ENTROPY, new Rng(6));
        TrainingLoop loop = new TrainingLoop(trainer, s.data)
                .divergence(DivergenceRule.standard(), DivergenceRule.Action.STOP)
                .checkpoints(20, dir, c -> ModelDirectory.save(dir, s.model, c.servedWeights(), null, c.state(), 1));
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> loop.run(new TrainingLoop.Limits(120, 0, 0)));
        assertTrue(e.getMessage().contains("exploded past"), e.getMessage());
        assertTrue(e.step() > 41 && e.step() <= 43, e.getMessage());
        // the checkpoint of step 40 was written a step or two before the explosion, not yet confirmed by
        // CONFIRM_STEPS good steps: the one of step 20 is written back over it
        assertEquals(20, e.keptStep(), e.getMessage());
        ModelDirectory.Contents kept = ModelDirectory.load(dir, KernelProvider.get());
        assertEquals(20, kept.training().step());
        for (Parameter p : kept.model().parameters()) {
            assertTrue(FloatArrays.allFinite(p.value()), p.name());
            assertTrue(FloatArrays.sumOfSquares(p.value(), 0, p.size()) < 1e4, p.name());
        }
    }

    @Test
    void aRollbackReturnsToTheLastGoodStateWithATenthOfTheRate(@TempDir Path dir) throws IOException {
        Setup s = new Setup(1e-2, ClipConfig.norm(1.0));
        List<String> events = new ArrayList<>();
        boolean[] fired = {false};
        // one wild step (a rate of 1e4 at step 41, the first time only), as a bad batch would give
        Trainer trainer = new Trainer(s.model, s.trainer.optimizer(), step -> {
            if (step == 41 && !fired[0]) {
                fired[0] = true;
                return 1e4;
            }
            return 1e-2;
        }, ClipConfig.norm(1.0), LossKind.CROSS_ENTROPY, new Rng(6));
        TrainingLoop loop = new TrainingLoop(trainer, s.data)
                .divergence(DivergenceRule.standard(), DivergenceRule.Action.ROLLBACK_LOWER_LR)
                .checkpoints(20, dir, c -> ModelDirectory.save(dir, s.model, c.servedWeights(), null, c.state(), 1))
                .listener(new TrainingListener() {
                    @Override
                    public void onDivergence(int step, String why, int restoredStep, double rateScale) {
                        events.add(step + ">" + restoredStep + "@" + rateScale);
                    }
                });
        loop.run(new TrainingLoop.Limits(120, 0, 0));
        assertEquals(TrainingLoop.STEPS, loop.stopReason());
        assertEquals(1, events.size(), events.toString());
        assertTrue(events.get(0).matches("4[23]>20@0\\.1"), events.toString());
        assertEquals(120, trainer.optimizer().stepCount());
        assertEquals(0.1, trainer.learningRateScale());
        for (Parameter p : s.model.parameters()) {
            assertTrue(FloatArrays.allFinite(p.value()), p.name());
        }
        assertEquals("0.1", ModelDirectory.load(dir, KernelProvider.get()).training().loop()
                .get("learning_rate_scale"));
    }

    @Test
    void aStopRequestEndsAfterTheStepWithACheckpoint(@TempDir Path dir) throws IOException {
        Setup s = new Setup(1e-2, ClipConfig.norm(1.0));
        StopSignal stop = new StopSignal();
        List<Integer> written = new ArrayList<>();
        TrainingLoop loop = new TrainingLoop(s.trainer, s.data).stopWhen(stop)
                .checkpoints(0, dir, c -> written.add(c.step()))
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepEvent e) {
                        if (e.result().step() == 7) {
                            stop.request();
                        }
                    }
                });
        loop.run(new TrainingLoop.Limits(1000, 0, 0));
        assertEquals(TrainingLoop.INTERRUPTED, loop.stopReason());
        assertEquals(7, s.trainer.optimizer().stepCount());
        assertEquals(List.of(7), written);
    }

    @Test
    void checkpointsComeByTrainingTimeToo() throws IOException {
        Setup s = new Setup(1e-2, ClipConfig.norm(1.0));
        List<Integer> written = new ArrayList<>();
        TrainingLoop loop = new TrainingLoop(s.trainer, s.data).checkpoints(0, 0.05, null, c -> written.add(c.step()))
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepEvent e) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException x) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        loop.run(new TrainingLoop.Limits(30, 0, 0));
        // about one every 5 steps of 10 ms, and the last at the end
        assertTrue(written.size() >= 3 && written.size() <= 8, written.toString());
        assertEquals(30, written.get(written.size() - 1));
    }
}
