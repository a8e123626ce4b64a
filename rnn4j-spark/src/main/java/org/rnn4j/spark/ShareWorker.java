package org.rnn4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.train.Trainer;
import org.rnn4j.util.Rng;

/**
 * An executor's model and trainer for the shares of one run: allocated once per run and JVM, then
 * borrowed by one task at a time, so a step allocates no network. A worker never updates its weights
 * (its optimizer is only there because a {@link Trainer} has one): every share starts from the step's
 * broadcast weights, so a retried task computes the same bits.
 */
final class ShareWorker {

    private static final Map<String, Queue<ShareWorker>> IDLE = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    final SequenceModel model;
    final Trainer trainer;
    final Rng dropout = new Rng(0);

    private ShareWorker(ModelConfig config, LossKind loss, double[] classWeights) {
        model = new SequenceModel(config, KernelProvider.get());
        trainer = new Trainer(model, OptimizerSpec.sgd(1).create(model.parameters()),
                LearningRateSchedule.constant(1), ClipConfig.none(), loss, dropout);
        trainer.setClassWeights(classWeights);
    }

    /** {@code work} on an idle worker of run {@code runId} (a new one when none is idle). */
    static <T> T with(String runId, String modelJson, LossKind loss, double[] classWeights,
            Function<ShareWorker, T> work) {
        Queue<ShareWorker> idle = IDLE.computeIfAbsent(runId, k -> new ConcurrentLinkedQueue<>());
        ShareWorker w = idle.poll();
        if (w == null) {
            w = new ShareWorker(config(modelJson), loss, classWeights);
        }
        T result = work.apply(w);
        idle.add(w);
        return result;
    }

    /** Drops the cached workers of run {@code runId} in this JVM. */
    static void release(String runId) {
        IDLE.remove(runId);
    }

    /** Sets the model's weights to {@code weights}, in parameter order. */
    void setWeights(float[][] weights) {
        List<Parameter> params = model.parameters();
        for (int i = 0; i < params.size(); i++) {
            params.get(i).set(weights[i]);
        }
    }

    /** A copy of every parameter's gradient, or zeros of their sizes with {@code zero}. */
    float[][] gradients(boolean zero) {
        List<Parameter> params = model.parameters();
        float[][] g = new float[params.size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = zero ? new float[params.get(i).grad().length] : params.get(i).grad().clone();
        }
        return g;
    }

    private static ModelConfig config(String json) {
        try {
            return ModelDirectory.modelFromJson(JSON.readTree(json), "the broadcast model");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
