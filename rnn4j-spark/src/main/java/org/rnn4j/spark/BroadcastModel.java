package org.rnn4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;

/**
 * A task model's network and task object as plain values, broadcast once to every executor, where each
 * partition rebuilds its own model from it (models are not thread-safe, so tasks never share one).
 *
 * @param modelJson the network's configuration
 * @param taskJson  the model directory's task object
 * @param weights   [parameters][elements] in the model's order
 */
record BroadcastModel(String modelJson, String taskJson, float[][] weights) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The bytes of {@code model} with its task object. */
    static BroadcastModel of(SequenceModel model, ObjectNode task) {
        List<Parameter> params = model.parameters();
        float[][] weights = new float[params.size()][];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = params.get(i).value().clone();
        }
        return new BroadcastModel(ModelDirectory.modelToJson(model.config()).toString(), task.toString(), weights);
    }

    /** A fresh network with the broadcast weights, and the task object, as a model directory would give them. */
    ModelDirectory.Contents contents() {
        try {
            SequenceModel m = new SequenceModel(
                    ModelDirectory.modelFromJson(JSON.readTree(modelJson), "the broadcast model"),
                    KernelProvider.get());
            for (int i = 0; i < weights.length; i++) {
                m.parameters().get(i).set(weights[i]);
            }
            return new ModelDirectory.Contents(m, (ObjectNode) JSON.readTree(taskJson), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
