package org.rnn4j.io;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.nn.Parameter;

/**
 * Moves parameters between rnn4j and a PyTorch {@code state_dict} stored as safetensors, under
 * PyTorch's names (for example {@code rnn.weight_ih_l0}, {@code decoder.bias}), so that weights
 * round-trip with PyTorch unchanged.
 */
public final class StateDicts {

    private StateDicts() {
    }

    /**
     * Copies every parameter's values from {@code file}, each found under {@code prefix + name} with
     * exactly the parameter's shape.
     *
     * @throws InvalidInputException naming the first tensor that is missing or has another shape
     */
    public static void load(List<Parameter> params, String prefix, SafeTensorsFile file) {
        for (Parameter p : params) {
            String key = prefix + p.name();
            if (!file.has(key)) {
                throw new InvalidInputException(file.source() + ": missing tensor '" + key + "' of shape "
                        + Arrays.toString(p.shape()) + " — was it saved from a model of the same configuration?");
            }
            TensorData t = file.get(key, p.shape());
            p.set(t.floats());
        }
    }

    /** The parameters as F32 tensors under {@code prefix + name}, in the list's order. */
    public static Map<String, TensorData> toTensors(List<Parameter> params, String prefix) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Parameter p : params) {
            out.put(prefix + p.name(), TensorData.ofFloats(p.value().clone(), p.shape()));
        }
        return out;
    }
}
