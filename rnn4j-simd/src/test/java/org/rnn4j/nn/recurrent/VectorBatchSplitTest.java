package org.rnn4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.testing.RecurrentLayerPass;
import org.rnn4j.simd.VectorKernels;

/**
 * {@link BatchSplitTest} with the Vector API kernels' own worker pool: each piece of the batch
 * runs on a pool thread and its products, finding the pool taken, on that thread alone. The
 * results must be the bits of one thread, at sizes where the products are large enough to be
 * split when the batch is not.
 */
class VectorBatchSplitTest {

    @Test
    void theBatchOnTwoAndThreeThreadsGivesTheBitsOfOne() {
        RecurrentConfig[] configs = {
            new RecurrentConfig(CellType.LSTM, null, 40, 96, 2, true, true, 0, false),
            new RecurrentConfig(CellType.GRU, null, 33, 80, 1, false, true, 0, false),
            new RecurrentConfig(CellType.LSTM, null, 24, 72, 1, false, true, 20, false),
            // a hidden size that is not a multiple of the vector width: the last elements of a
            // pointwise call are computed by the scalar function, so every call must cover one row
            new RecurrentConfig(CellType.RNN, org.rnn4j.kernel.Activation.TANH, 4, 33, 1, false, true, 0, false),
            new RecurrentConfig(CellType.RNN, org.rnn4j.kernel.Activation.SIGMOID, 5, 21, 2, true, true, 0, false),
        };
        VectorKernels one = new VectorKernels(1);
        for (RecurrentConfig cfg : configs) {
            for (int batch : new int[] {1, 7, 32}) {
                List<float[]> expected = RecurrentLayerPass.run(new RecurrentLayer(cfg, one), new Random(batch), 6,
                        batch,
                        true);
                for (int threads : new int[] {2, 3}) {
                    RecurrentLayer layer = new RecurrentLayer(cfg, new VectorKernels(threads));
                    List<float[]> got = RecurrentLayerPass.run(layer, new Random(batch), 6, batch, true);
                    for (int i = 0; i < expected.size(); i++) {
                        assertArrayEquals(expected.get(i), got.get(i), 0f, cfg.cell() + " batch " + batch + ": array "
                                + i + " differs on " + threads + " threads");
                    }
                }
            }
        }
    }
}
