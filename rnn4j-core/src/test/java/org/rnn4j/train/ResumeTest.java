package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.util.Rng;

/**
 * N steps in one run equal N/2 steps, a save to a model directory, a load into fresh objects, and
 * N/2 more steps — bit for bit, for every optimizer, with truncated BPTT carrying state across the
 * stop, dropout drawing from the saved generator, and a schedule that changes the rate every step.
 */
class ResumeTest {

    private static final int STEPS = 8;
    private static final Kernels KERNELS = KernelProvider.get();

    static int[] text() {
        String s = "the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ";
        int[] ids = new int[s.length() * 3];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = s.charAt(i % s.length()) % 16;
        }
        return ids;
    }

    static final class Run {
        final SequenceModel model;
        final Trainer trainer;
        final TokenStreams data;
        final Rng dropout;
        final List<Double> losses = new ArrayList<>();

        Run(String optimizer, long seed) {
            RecurrentConfig rc = new RecurrentConfig(CellType.LSTM, null, 6, 8, 2, false, true, 0, false);
            model = new SequenceModel(new ModelConfig(16, rc, 16, OutputMode.EVERY_STEP, 0.2, false), KERNELS);
            Rng rng = new Rng(seed);
            Initializer.initialize(model, InitConfig.pytorch().withForgetBias(1.0), rng);
            dropout = rng.split();
            trainer = new Trainer(model, OptimizerSpec.of(optimizer, 0.01).withMomentum(0.9).create(model.parameters()),
                    LearningRateSchedule.warmupCosine(0.01, 3, STEPS, 0.001), ClipConfig.norm(1.0),
                    LossKind.CROSS_ENTROPY, dropout);
            data = new TokenStreams(text(), 3, 7);
        }

        void steps(int n) {
            for (int i = 0; i < n; i++) {
                losses.add(trainer.step(data.next()).loss());
            }
        }

        TrainingState state() {
            return new TrainingState(trainer.optimizer().stepCount(), trainer.optimizer().stateTensors(),
                    trainer.optimizer().stateScalars(), Map.of("dropout", dropout.state()), data.cursor(),
                    trainer.carriedState());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "adamw", "rmsprop", "adagrad"})
    void resumingIsExact(String optimizer, @TempDir Path dir) throws Exception {
        Run straight = new Run(optimizer, 42);
        straight.steps(STEPS);

        Run first = new Run(optimizer, 42);
        first.steps(STEPS / 2);
        ModelDirectory.save(dir, first.model, ModelDirectory.newObject(), first.state(), 42);

        ModelDirectory.Contents loaded = ModelDirectory.load(dir, KERNELS);
        Run second = new Run(optimizer, 7); // other seed: everything must come from the checkpoint
        for (Parameter p : second.model.parameters()) {
            p.set(loaded.model().namedParameters().get(p.name()).value());
        }
        TrainingState ts = loaded.training();
        assertEquals(STEPS / 2, ts.step());
        second.trainer.optimizer().loadState(ts.optimizerTensors(), ts.optimizerScalars());
        second.dropout.setState(ts.rngStates().get("dropout"));
        second.data.restore(ts.cursor());
        second.trainer.setCarriedState(ts.carried());
        second.steps(STEPS - STEPS / 2);

        List<Double> resumed = new ArrayList<>(first.losses);
        resumed.addAll(second.losses);
        assertEquals(straight.losses, resumed);
        for (Parameter p : straight.model.parameters()) {
            assertArrayEquals(p.value(), second.model.namedParameters().get(p.name()).value(), 0f, p.name());
        }
    }
}
