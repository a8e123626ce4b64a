package org.rnn4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.train.Batch;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.DataCursor;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.train.TokenStreams;
import org.rnn4j.train.Trainer;
import org.rnn4j.util.Rng;

/**
 * Runs one partition's share of a language-model step on an executor: the broadcast weights into a
 * model, the share's streams at the broadcast position ({@link TokenStreams} over the share's tokens
 * reads exactly the share's columns of the global batch), the streams' carried state in, and
 * {@link Trainer#shareGradient} out.
 *
 * <p>Everything a share computes comes from its inputs, so a retried or speculative task computes the
 * same bits. Workers are only a cache of allocated models, borrowed by one task at a time.
 */
final class LmShareWorker {

    /**
     * What does not change during a run, broadcast once.
     *
     * @param runId       names this run's cached workers
     * @param modelJson   {@code ModelDirectory.modelToJson} of the network
     * @param chunk       k, steps per batch
     * @param dropoutSeed the base of each share's dropout generator
     */
    record RunSpec(String runId, String modelJson, int chunk, long dropoutSeed) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A test seam: what runs before a share's computation (on the executor), e.g. a failing first attempt. */
    interface ShareHook {
        /** Called with the step and the share about to run; a throw fails this task attempt. */
        void beforeShare(int step, int share);
    }

    /**
     * Test seam only, null (nothing) otherwise: set by a local-mode test, whose executors share its JVM,
     * to fail a task attempt and check that the retry changes no result.
     */
    static volatile ShareHook testHook;

    private static final Map<String, Queue<LmShareWorker>> IDLE = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SequenceModel model;
    private final Trainer trainer;
    private final Rng dropout = new Rng(0);

    private LmShareWorker(ModelConfig config) {
        model = new SequenceModel(config, KernelProvider.get());
        // the worker never updates: its optimizer is only there because a Trainer has one
        trainer = new Trainer(model, OptimizerSpec.sgd(1).create(model.parameters()),
                LearningRateSchedule.constant(1), ClipConfig.none(), LossKind.CROSS_ENTROPY, dropout);
    }

    /** The share's result for {@code in}, on a cached worker of run {@code spec}. */
    static ShareResult run(RunSpec spec, LmShard shard, StepInput in) {
        ShareHook hook = testHook;
        if (hook != null) {
            hook.beforeShare(in.step(), shard.index());
        }
        Queue<LmShareWorker> idle = IDLE.computeIfAbsent(spec.runId(), k -> new ConcurrentLinkedQueue<>());
        LmShareWorker w = idle.poll();
        if (w == null) {
            w = new LmShareWorker(config(spec.modelJson()));
        }
        ShareResult r = w.compute(spec, shard, in);
        idle.add(w);
        return r;
    }

    /** Drops the cached workers of run {@code runId} in this JVM. */
    static void release(String runId) {
        IDLE.remove(runId);
    }

    private ShareResult compute(RunSpec spec, LmShard shard, StepInput in) {
        List<Parameter> params = model.parameters();
        for (int i = 0; i < params.size(); i++) {
            params.get(i).set(in.weights()[i]);
        }
        TokenStreams streams = new TokenStreams(shard.tokens(), shard.streams(), spec.chunk());
        streams.restore(DataCursor.of("position", in.position(), "epoch", in.epoch()));
        Batch batch = streams.next();
        int k = model.config().rnn().numLayers() * model.config().rnn().directions();
        int b = in.hidden() == null ? 0 : in.hidden().length / (k * stateWidth(model.config(), false));
        RecurrentState carried = null;
        if (in.hidden() != null) {
            carried = new RecurrentState(model.config().rnn(), shard.streams());
            float[] h = StreamColumns.extract(in.hidden(), k, b, shard.firstStream(), shard.streams());
            float[] c = in.cell() == null
                    ? null
                    : StreamColumns.extract(in.cell(), k, b, shard.firstStream(), shard.streams());
            carried.copyFrom(h, c);
        }
        trainer.setCarriedState(carried);
        dropout.setState(shareSeed(spec.dropoutSeed(), in.step(), shard.index()));
        Trainer.ShareLoss share = trainer.shareGradient(batch, in.positions());
        float[][] gradient = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            gradient[i] = params.get(i).grad().clone();
        }
        RecurrentState out = trainer.carriedState();
        return new ShareResult(shard.index(), share.loss(), share.positions(), gradient,
                out.hidden().clone(), out.cell() == null ? null : out.cell().clone());
    }

    /** S (hidden values per stream and layer) or H (cell values). */
    static int stateWidth(ModelConfig config, boolean cell) {
        return cell ? config.rnn().hiddenSize() : config.rnn().stateSize();
    }

    /** The dropout generator's state for share {@code share} of step {@code step}: fixed by the inputs. */
    static long shareSeed(long base, int step, int share) {
        long z = base + 0x9E3779B97F4A7C15L * step + 0xC2B2AE3D27D4EB4FL * (share + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static ModelConfig config(String json) {
        try {
            return ModelDirectory.modelFromJson(JSON.readTree(json), "the broadcast model");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
