package org.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.Initializer;
import org.rnn4j.util.Rng;

/**
 * A session stepping B streams one step at a time gives what a whole-sequence forward pass gives,
 * stream by stream; states copied out and put back continue exactly.
 */
class SessionTest {

    private static final int VOCAB = 11;
    private static final int FEATURES = 3;

    private static SequenceModel model(CellType cell, boolean tokens, OutputMode output, int layers,
            boolean bidirectional) {
        RecurrentConfig rc = new RecurrentConfig(cell, null, tokens ? 5 : FEATURES, 6, layers, bidirectional, true, 0,
                false);
        SequenceModel m = new SequenceModel(
                new ModelConfig(tokens ? VOCAB : 0, rc, tokens ? VOCAB : 2, output, 0, false),
                KernelProvider.get());
        Initializer.initialize(m, InitConfig.pytorch(), new Rng(17));
        return m;
    }

    private static int[] tokens(int steps, int batch, long seed) {
        Rng r = new Rng(seed);
        int[] t = new int[steps * batch];
        for (int i = 0; i < t.length; i++) {
            t[i] = r.nextInt(VOCAB);
        }
        return t;
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void steppingEqualsTheWholeSequencePass(CellType cell) {
        int steps = 9;
        int batch = 3;
        SequenceModel reference = model(cell, true, OutputMode.EVERY_STEP, 2, false);
        int[] x = tokens(steps, batch, 1);
        float[] whole = reference.forwardTokens(x, steps, batch, null, null).clone();
        int o = reference.config().outputSize();

        Session session = Predictor.of(reference, null).newSession(batch);
        for (int t = 0; t < steps; t++) {
            int[] step = new int[batch];
            System.arraycopy(x, t * batch, step, 0, batch);
            float[] out = session.step(step);
            float[] expected = new float[batch * o];
            System.arraycopy(whole, t * batch * o, expected, 0, batch * o);
            assertArrayEquals(expected, out, 1e-5f, "step " + t);
        }
        assertEquals(steps, session.steps());
    }

    @Test
    void aLastStepModelPredictsFromTheSequenceSoFar() {
        SequenceModel reference = model(CellType.GRU, false, OutputMode.LAST_STEP, 1, false);
        int steps = 5;
        int batch = 2;
        Rng r = new Rng(3);
        float[] x = new float[steps * batch * FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] whole = reference.forwardDense(x, steps, batch, null, null).clone();
        Session session = Predictor.of(reference, null).newSession(batch);
        float[] last = null;
        for (int t = 0; t < steps; t++) {
            float[] row = new float[batch * FEATURES];
            System.arraycopy(x, t * batch * FEATURES, row, 0, row.length);
            last = session.step(row);
        }
        assertArrayEquals(whole, last, 1e-5f);
    }

    @Test
    void savedStatesRestoreExactlyForTheSessionAndForOneStream() {
        SequenceModel m = model(CellType.LSTM, true, OutputMode.EVERY_STEP, 2, false);
        Predictor p = Predictor.of(m, null);
        Session s = p.newSession(3);
        s.step(new int[] {1, 2, 3});
        RecurrentState saved = s.state();
        RecurrentState streamOne = s.streamState(1);
        float[] a = s.step(new int[] {4, 5, 6});
        s.step(new int[] {7, 8, 9});
        s.restore(saved);
        assertArrayEquals(a, s.step(new int[] {4, 5, 6}), 0f, "restore continues bit for bit");

        // stream 1's state moved into stream 0 of a fresh session: it continues as stream 1 did
        Session other = p.newSession(2);
        other.restoreStream(0, streamOne);
        float[] b = other.step(new int[] {5, 0});
        int o = m.config().outputSize();
        for (int v = 0; v < o; v++) {
            assertEquals(a[o + v], b[v], 0f);
        }
        // the untouched stream started from zero: equal to a fresh session's first step
        float[] fresh = p.newSession(1).step(new int[] {0});
        for (int v = 0; v < o; v++) {
            assertEquals(fresh[v], b[o + v], 0f);
        }
        other.reset(0);
        assertArrayEquals(fresh, java.util.Arrays.copyOf(other.step(new int[] {0, 0}), o), 0f,
                "reset(b) zeroes stream b");
    }

    @Test
    void loadsAModelDirectoryAndKeepsItsTask(@TempDir Path dir) throws Exception {
        SequenceModel m = model(CellType.RNN, true, OutputMode.EVERY_STEP, 1, false);
        ObjectNode task = ModelDirectory.newObject();
        task.put("task", "lm");
        ModelDirectory.save(dir, m, task, null, 1);
        Predictor p = Predictor.load(dir);
        assertEquals("lm", p.taskName());
        assertEquals(VOCAB, p.outputSize());
        assertArrayEquals(Predictor.of(m, task).newSession(1).step(new int[] {3}), p.newSession(1).step(new int[] {3}),
                0f);
    }

    @Test
    void refusesWrongInputsWithAClearMessage() {
        Predictor tokens = Predictor.of(model(CellType.LSTM, true, OutputMode.EVERY_STEP, 1, false), null);
        Session s = tokens.newSession(2);
        assertThrows(InvalidInputException.class, () -> s.step(new int[] {1}));
        assertThrows(InvalidInputException.class, () -> s.step(new int[] {1, VOCAB}));
        assertThrows(InvalidInputException.class, () -> s.step(new float[2 * FEATURES]));
        assertThrows(InvalidInputException.class, () -> s.restore(tokens.newSession(3).state()));
        assertThrows(InvalidInputException.class, () -> s.reset(2));
        Predictor dense = Predictor.of(model(CellType.GRU, false, OutputMode.LAST_STEP, 1, false), null);
        Session d = dense.newSession(1);
        assertThrows(InvalidInputException.class, () -> d.step(new float[] {1, 2}));
        assertThrows(InvalidInputException.class, () -> d.step(new float[] {1, Float.NaN, 2}));
        Predictor both = Predictor.of(model(CellType.GRU, false, OutputMode.LAST_STEP, 1, true), null);
        assertThrows(InvalidInputException.class, () -> both.newSession(1));
        assertThrows(InvalidInputException.class, () -> dense.newSession(0));
    }
}
