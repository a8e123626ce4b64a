package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.util.Rng;

/**
 * A data-parallel step in its two halves ({@link Trainer#shareGradient} per share, their sum into
 * {@link Trainer#applyGradient}) against {@link Trainer#step} on the whole batch: one share is the
 * same step bit for bit; three shares of 2, 2 and 3 streams add up to it to float rounding.
 */
class ShareGradientTest {

    private static final int STREAMS = 7;
    private static final int CHUNK = 5;

    private static Trainer trainer(long seed) {
        RecurrentConfig rc = new RecurrentConfig(CellType.LSTM, null, 6, 8, 2, false, true, 0, false);
        SequenceModel model = new SequenceModel(new ModelConfig(16, rc, 16, OutputMode.EVERY_STEP, 0, false),
                KernelProvider.get());
        Initializer.initialize(model, InitConfig.pytorch(), new Rng(seed));
        return new Trainer(model, OptimizerSpec.adam(0.01).create(model.parameters()),
                LearningRateSchedule.constant(0.01), ClipConfig.norm(0.5), LossKind.CROSS_ENTROPY, new Rng(9));
    }

    /** Runs 3 steps split at {@code cuts} (stream boundaries) and returns the weights. */
    private static float[][] splitRun(int[] cuts) {
        int[] tokens = ResumeTest.text();
        int length = (tokens.length - 1) / STREAMS;
        Trainer driver = trainer(4);
        Trainer[] shares = new Trainer[cuts.length - 1];
        TokenStreams[] data = new TokenStreams[cuts.length - 1];
        for (int s = 0; s < shares.length; s++) {
            shares[s] = trainer(4);
            int[] slice = java.util.Arrays.copyOfRange(tokens, cuts[s] * length, cuts[s + 1] * length + 1);
            data[s] = new TokenStreams(slice, cuts[s + 1] - cuts[s], CHUNK);
        }
        List<Parameter> params = driver.model().parameters();
        for (int step = 0; step < 3; step++) {
            double[][] sum = new double[params.size()][];
            double loss = 0;
            int positions = 0;
            Batch[] batches = new Batch[shares.length];
            int total = 0;
            for (int s = 0; s < shares.length; s++) {
                batches[s] = data[s].next();
                total += batches[s].positions();
            }
            for (int s = 0; s < shares.length; s++) {
                List<Parameter> mine = shares[s].model().parameters();
                for (int i = 0; i < params.size(); i++) {
                    mine.get(i).set(params.get(i).value());
                }
                Trainer.ShareLoss part = shares[s].shareGradient(batches[s], total);
                loss += part.loss();
                positions += part.positions();
                addGradients(mine, sum);
            }
            setGradients(params, sum);
            StepResult r = driver.applyGradient(loss, positions);
            assertEquals(step + 1, r.step());
        }
        float[][] w = new float[params.size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = params.get(i).value().clone();
        }
        return w;
    }

    private static float[][] wholeRun() {
        Trainer t = trainer(4);
        TokenStreams data = new TokenStreams(ResumeTest.text(), STREAMS, CHUNK);
        for (int step = 0; step < 3; step++) {
            t.step(data.next());
        }
        List<Parameter> params = t.model().parameters();
        float[][] w = new float[params.size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = params.get(i).value().clone();
        }
        return w;
    }

    @Test
    void oneShareIsTheWholeStepBitForBit() {
        float[][] whole = wholeRun();
        float[][] one = splitRun(new int[] {0, STREAMS});
        for (int i = 0; i < whole.length; i++) {
            assertArrayEquals(whole[i], one[i], 0f, "parameter " + i);
        }
    }

    @Test
    void unevenSharesAddUpToTheWholeStep() {
        float[][] whole = wholeRun();
        float[][] three = splitRun(new int[] {0, 2, 4, STREAMS});
        for (int i = 0; i < whole.length; i++) {
            double scale = 0;
            for (float v : whole[i]) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int j = 0; j < whole[i].length; j++) {
                assertEquals(whole[i][j], three[i][j], 1e-6 * scale, "parameter " + i + "[" + j + "]");
            }
        }
    }

    /** Rows [from, to) of a time-major [T, B, F] batch of {@code b} sequences with [B, O] targets. */
    private static Batch rows(float[] x, float[] y, int steps, int b, int f, int o, int from, int to) {
        int n = to - from;
        float[] xs = new float[steps * n * f];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(x, (t * b + from) * f, xs, t * n * f, n * f);
        }
        return Batch.features(steps, n, xs).valueTargets(java.util.Arrays.copyOfRange(y, from * o, to * o));
    }

    @Test
    void mseSharesAddUpToTheWholeStep() {
        int steps = 4;
        int b = 5;
        int f = 3;
        int o = 2;
        Rng data = new Rng(11);
        float[] x = new float[steps * b * f];
        float[] y = new float[b * o];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) data.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) data.nextGaussian();
        }
        java.util.function.Supplier<Trainer> make = () -> {
            RecurrentConfig rc = new RecurrentConfig(CellType.GRU, null, f, 6, 1, false, true, 0, false);
            SequenceModel model = new SequenceModel(new ModelConfig(0, rc, o, OutputMode.LAST_STEP, 0, false),
                    KernelProvider.get());
            Initializer.initialize(model, InitConfig.pytorch(), new Rng(3));
            return new Trainer(model, OptimizerSpec.adam(0.01).create(model.parameters()),
                    LearningRateSchedule.constant(0.01), ClipConfig.norm(0.5), LossKind.MSE, new Rng(9));
        };
        Trainer whole = make.get();
        StepResult expected = whole.step(rows(x, y, steps, b, f, o, 0, b));
        Trainer driver = make.get();
        Trainer share = make.get();
        List<Parameter> params = driver.model().parameters();
        double[][] sum = new double[params.size()][];
        double loss = 0;
        int[] cuts = {0, 2, b};
        for (int s = 0; s + 1 < cuts.length; s++) {
            Trainer.ShareLoss part = share.shareGradient(rows(x, y, steps, b, f, o, cuts[s], cuts[s + 1]), b * o);
            loss += part.loss();
            addGradients(share.model().parameters(), sum);
        }
        setGradients(params, sum);
        StepResult r = driver.applyGradient(loss, b);
        assertEquals(expected.loss(), r.loss(), 1e-12 * expected.loss());
        assertEquals(expected.gradNorm(), r.gradNorm(), 1e-6 * expected.gradNorm());
        List<Parameter> want = whole.model().parameters();
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(want.get(i).value(), params.get(i).value(), 1e-6f, "parameter " + i);
        }
    }

    /** {@code sum[i] += grad of parameter i}, in double, as a driver adds its shares. */
    private static void addGradients(List<Parameter> params, double[][] sum) {
        for (int i = 0; i < params.size(); i++) {
            float[] g = params.get(i).grad();
            sum[i] = sum[i] == null ? new double[g.length] : sum[i];
            for (int j = 0; j < g.length; j++) {
                sum[i][j] += g[j];
            }
        }
    }

    /** Parameter i's gradient becomes {@code sum[i]}, rounded to float. */
    private static void setGradients(List<Parameter> params, double[][] sum) {
        for (int i = 0; i < params.size(); i++) {
            float[] g = params.get(i).grad();
            for (int j = 0; j < g.length; j++) {
                g[j] = (float) sum[i][j];
            }
        }
    }
}
