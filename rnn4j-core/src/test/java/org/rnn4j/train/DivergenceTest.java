package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.util.Rng;

/** A diverging step is refused with its step and the first parameter affected, and nothing after it runs. */
class DivergenceTest {

    @Test
    void anOverflowingUpdateNamesStepAndParameter() {
        RecurrentConfig rc = new RecurrentConfig(CellType.GRU, null, 4, 6, 1, false, true, 0, false);
        SequenceModel model = new SequenceModel(new ModelConfig(5, rc, 5, OutputMode.EVERY_STEP, 0, false),
                KernelProvider.get());
        Initializer.initialize(model, InitConfig.pytorch(), new Rng(3));
        Trainer trainer = new Trainer(model, OptimizerSpec.sgd(1e300).create(model.parameters()),
                LearningRateSchedule.constant(1e300), ClipConfig.none(), LossKind.CROSS_ENTROPY, new Rng(4));
        TokenStreams data = new TokenStreams(new int[] {0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1}, 2, 4);
        DivergenceException e = assertThrows(DivergenceException.class, () -> {
            for (int s = 0; s < 5; s++) {
                trainer.step(data.next());
            }
        });
        // a rate beyond float range: the loss and gradients of step 1 are finite, its updated parameters are not
        assertEquals(1, e.step(), e.getMessage());
        assertTrue(e.getMessage().startsWith("training diverged at step 1: "), e.getMessage());
        assertTrue(model.namedParameters().containsKey(e.parameter()), e.getMessage());
        assertTrue(e.getMessage().contains(" in " + e.parameter()), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }
}
