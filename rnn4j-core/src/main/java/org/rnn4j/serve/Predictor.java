package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.Precision;
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
    private final Precision precision;

    private Predictor(SequenceModel model, ObjectNode task, Kernels kernels, Precision precision) {
        this.config = model.config();
        this.kernels = kernels;
        this.precision = precision;
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
        return load(dir, kernels, Precision.FP32);
    }

    /**
     * Loads a model directory whose sessions read the recurrent and head weights in {@code precision}:
     * {@link Precision#BF16} or {@link Precision#INT8} read a half or a quarter of the bytes of float32
     * per step (activations and sums stay float32); {@link Precision#FP32} is PyTorch-exact.
     */
    public static Predictor load(Path dir, Precision precision) throws IOException {
        return load(dir, KernelProvider.get(), precision);
    }

    public static Predictor load(Path dir, Kernels kernels, Precision precision) throws IOException {
        ModelDirectory.Contents contents = ModelDirectory.load(dir, kernels);
        return new Predictor(contents.model(), contents.task(), kernels, precision);
    }

    /** A predictor for a model in memory; its weights are copied, later changes to {@code model} are not seen. */
    public static Predictor of(SequenceModel model, ObjectNode task) {
        return new Predictor(model, task == null ? ModelDirectory.newObject() : task, KernelProvider.get(),
                model.precision());
    }

    public ModelConfig config() {
        return config;
    }

    /** The precision its sessions read the weights in. */
    public Precision precision() {
        return precision;
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
        model.setPrecision(precision);
        return new Session(model, batch);
    }
}
