package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.Initializer;
import org.rnn4j.util.Rng;

/** A constructed model or layer starts from PyTorch's initialization, drawn from a seed, never from zeros. */
class DefaultInitializationTest {

    private static final RecurrentConfig LSTM = RecurrentConfig.of(CellType.LSTM, 5, 7);

    @Test
    void aFreshLayerIsDrawnFromPyTorchsRangeNotZero() {
        RecurrentLayer layer = new RecurrentLayer(LSTM);
        double bound = 1 / Math.sqrt(7);
        for (Parameter p : layer.parameters()) {
            boolean nonZero = false;
            for (float v : p.value()) {
                assertTrue(Math.abs(v) <= bound, p.name() + " " + v + " outside ±1/√H");
                nonZero |= v != 0;
            }
            assertTrue(nonZero, p.name() + " is all zeros");
        }
    }

    @Test
    void aFreshModelIsWhatTheInitializerDrawsFromTheSameSeed() {
        ModelConfig config = new ModelConfig(11, RecurrentConfig.of(CellType.GRU, 4, 6), 11, OutputMode.EVERY_STEP, 0,
                false);
        SequenceModel fresh = new SequenceModel(config, KernelProvider.get(), 42);
        SequenceModel initialized = new SequenceModel(config, KernelProvider.get(), 7);
        Initializer.initialize(initialized, InitConfig.pytorch(), new Rng(42));
        for (int i = 0; i < fresh.parameters().size(); i++) {
            assertArrayEquals(initialized.parameters().get(i).value(), fresh.parameters().get(i).value(),
                    fresh.parameters().get(i).name());
        }
        SequenceModel other = new SequenceModel(config, KernelProvider.get(), 43);
        assertFalse(java.util.Arrays.equals(other.decoder().parameters().get(0).value(),
                fresh.decoder().parameters().get(0).value()), "another seed draws other weights");
        SequenceModel byDefault = new SequenceModel(config);
        for (Parameter p : byDefault.parameters()) {
            boolean nonZero = false;
            for (float v : p.value()) {
                nonZero |= v != 0;
            }
            assertTrue(nonZero, p.name() + " is all zeros");
        }
    }
}
