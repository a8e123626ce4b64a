package org.rnn4j.lm;

import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.Initializer;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.train.TokenStreams;
import org.rnn4j.train.Trainer;
import org.rnn4j.util.Rng;

/** Small seeded language models for the tests of this package. */
final class LmTestModels {

    private LmTestModels() {
    }

    static SequenceModel fresh(CellType cell, int vocab, int hidden, int layers, long seed) {
        RecurrentConfig rc = new RecurrentConfig(cell, null, 8, hidden, layers, false, true, 0, false);
        SequenceModel model = new SequenceModel(new ModelConfig(vocab, rc, vocab, OutputMode.EVERY_STEP, 0, false),
                KernelProvider.get());
        Initializer.initialize(model, InitConfig.pytorch(), new Rng(seed));
        return model;
    }

    /** A model trained for {@code steps} steps on {@code ids}: enough to learn a short repeating text. */
    static SequenceModel trained(int[] ids, int vocab, int steps) {
        SequenceModel model = fresh(CellType.LSTM, vocab, 32, 1, 5);
        Trainer trainer = new Trainer(model, OptimizerSpec.adam(1e-2).create(model.parameters()),
                LearningRateSchedule.constant(1e-2), ClipConfig.norm(5), LossKind.CROSS_ENTROPY, new Rng(6));
        TokenStreams data = new TokenStreams(ids, 4, 16);
        for (int s = 0; s < steps; s++) {
            trainer.step(data.next());
        }
        return model;
    }
}
