package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.SequenceModel;

/**
 * A trained model ready to serve: its configuration, weights and task data, loaded once. Sessions
 * made from it ({@link #newSession}) each get their own copy of the weights and buffers, so sessions
 * may run on different threads at the same time. A predictor itself is immutable.
 */
public final class Predictor {

    private final ModelConfig config;
    private final Kernels kernels;
    private final float[][] weights;  // per parameter, in state_dict order; never written
    private final ObjectNode task;

    private Predictor(SequenceModel model, ObjectNode task, Kernels kernels) {
        this.config = model.config();
        this.kernels = kernels;
        this.weights = new float[model.parameters().size()][];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = model.parameters().get(i).value().clone();
        }
        this.task = task.deepCopy();
    }

    /** Loads a model directory (see {@link ModelDirectory}) with the kernels of this JVM. */
    public static Predictor load(Path dir) throws IOException {
        return load(dir, KernelProvider.get());
    }

    public static Predictor load(Path dir, Kernels kernels) throws IOException {
        ModelDirectory.Contents contents = ModelDirectory.load(dir, kernels);
        return new Predictor(contents.model(), contents.task(), kernels);
    }

    /** A predictor for a model in memory; its weights are copied, later changes to {@code model} are not seen. */
    public static Predictor of(SequenceModel model, ObjectNode task) {
        return new Predictor(model, task == null ? ModelDirectory.newObject() : task, KernelProvider.get());
    }

    public ModelConfig config() {
        return config;
    }

    /** The task data saved with the model (vocabulary, normalization, ...), a copy. */
    public ObjectNode task() {
        return task.deepCopy();
    }

    /** The task's name ({@code lm}, {@code forecast}, {@code classify}), or empty when the directory has none. */
    public String taskName() {
        return task.path("task").asText("");
    }

    /** Whether {@link Session#step(int[])} (token ids) rather than {@link Session#step(float[])} applies. */
    public boolean tokenInput() {
        return config.tokenInput();
    }

    /** Features per stream and step for dense models; 0 for token models. */
    public int inputFeatures() {
        return config.tokenInput() ? 0 : config.rnn().inputSize();
    }

    /** Outputs per stream and step: O. */
    public int outputSize() {
        return config.outputSize();
    }

    /**
     * A session of {@code batch} streams, all starting from the zero state.
     *
     * @param batch B ≥ 1
     */
    public Session newSession(int batch) {
        SequenceModel model = new SequenceModel(config, kernels);
        for (int i = 0; i < weights.length; i++) {
            model.parameters().get(i).set(weights[i]);
        }
        return new Session(model, batch);
    }
}
