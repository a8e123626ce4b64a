package org.rnn4j.data.synthetic;

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
import org.rnn4j.train.Batch;
import org.rnn4j.train.LossKind;

class SyntheticTaskTest {

    @Test
    void namesAndShapes() {
        assertEquals(SyntheticTask.ADDING, SyntheticTask.parse("Adding"));
        assertEquals(SyntheticTask.COPY, SyntheticTask.parse("copy"));
        assertThrows(IllegalArgumentException.class, () -> SyntheticTask.parse("sort"));
        assertEquals(LossKind.MSE, SyntheticTask.ADDING.lossKind());
        assertEquals(LossKind.CROSS_ENTROPY, SyntheticTask.COPY.lossKind());
        assertEquals(30, SyntheticTask.ADDING.sequenceLength(30));
        assertEquals(50, SyntheticTask.COPY.sequenceLength(30));
    }

    /** The model each task describes runs on that task's batches. */
    @Test
    void modelConfigFitsTheBatches() {
        for (SyntheticTask task : SyntheticTask.values()) {
            ModelConfig mc = task.modelConfig(RecurrentConfig.of(CellType.GRU, 6, 5));
            SequenceModel model = new SequenceModel(mc, KernelProvider.scalar());
            Batch b = task.source(6, 3, 1).next();
            float[] out = b.tokens() != null
                    ? model.forwardTokens(b.tokens(), b.steps(), b.batch(), null, null)
                    : model.forwardDense(b.features(), b.steps(), b.batch(), null, null);
            int rows = mc.output() == OutputMode.LAST_STEP ? 3 : b.steps() * 3;
            assertEquals(rows, model.headRows(), task.id());
            int targets = task == SyntheticTask.ADDING ? b.valueTargets().length : b.classTargets().length;
            assertEquals(task == SyntheticTask.ADDING ? rows * mc.outputSize() : rows, targets, task.id());
            assertTrue(out.length >= rows * mc.outputSize());
        }
    }
}
