package org.rnn4j.cli;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.SafeTensorsFile;
import org.rnn4j.kernel.Activation;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;

/**
 * Works out a model's architecture from the names and shapes of a PyTorch {@code state_dict} of a module
 * with submodules {@code embedding} (optional nn.Embedding), {@code rnn} (nn.RNN, nn.LSTM or nn.GRU) and
 * {@code decoder} (nn.Linear):
 *
 * <ul>
 *   <li>layers: the {@code rnn.weight_ih_l<k>} present; bidirectional: {@code rnn.weight_ih_l0_reverse};
 *       biases: {@code rnn.bias_ih_l0}; projection: {@code rnn.weight_hr_l0} of shape {@code [P, H]};</li>
 *   <li>the cell from the gate blocks: {@code rnn.weight_hh_l0} is {@code [G·H, S]} with {@code G} = 1 (RNN),
 *       3 (GRU) or 4 (LSTM);</li>
 *   <li>input: {@code embedding.weight [V, E]} (tokens) or the columns of {@code rnn.weight_ih_l0}
 *       (features); output: the rows of {@code decoder.weight}.</li>
 * </ul>
 * What shapes cannot tell is given: the RNN nonlinearity, and whether the head reads every step or the
 * last one.
 */
final class TorchArchitecture {

    /** Metadata of an {@code export-torch} file: the architecture as rnn4j's model JSON. */
    static final String MODEL_METADATA = "rnn4j_model";
    /** Metadata of an {@code export-torch} file: the task data (vocabulary, normalization, classes). */
    static final String TASK_METADATA = "rnn4j_task";

    private static final Pattern LAYER = Pattern.compile("rnn\\.weight_ih_l(\\d+)(_reverse)?");

    private TorchArchitecture() {
    }

    /**
     * @param activation the RNN nonlinearity (ignored for LSTM and GRU)
     * @param output     where the head reads; null = every step for a token model whose output width
     *                   equals its vocabulary (a language model), else the last step
     */
    static ModelConfig infer(SafeTensorsFile f, Activation activation, OutputMode output) {
        String src = f.source();
        int layers = 0;
        boolean reverse = false;
        for (String name : f.names()) {
            Matcher m = LAYER.matcher(name);
            if (m.matches()) {
                layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
                reverse |= m.group(2) != null;
            }
        }
        if (layers == 0) {
            throw new InvalidInputException(src + " has no tensor rnn.weight_ih_l0; expected the state_dict of a module"
                    + " with submodules rnn (nn.RNN/LSTM/GRU), decoder (nn.Linear) and optionally embedding (nn.Embedding)");
        }
        int[] ih = shape(f, "rnn.weight_ih_l0", 2);
        int[] hh = shape(f, "rnn.weight_hh_l0", 2);
        int projSize = 0;
        int hidden;
        if (f.has("rnn.weight_hr_l0")) {
            int[] hr = shape(f, "rnn.weight_hr_l0", 2);
            projSize = hr[0];
            hidden = hr[1];
        } else {
            hidden = hh[1];
        }
        if (hidden <= 0 || hh[0] % hidden != 0) {
            throw new InvalidInputException(src + ": rnn.weight_hh_l0 has shape " + Arrays.toString(hh)
                    + ", which is not [G·H, H] for any gate count G");
        }
        CellType cell = switch (hh[0] / hidden) {
            case 1 -> CellType.RNN;
            case 3 -> CellType.GRU;
            case 4 -> CellType.LSTM;
            default ->
                throw new InvalidInputException(src + ": rnn.weight_hh_l0 has " + hh[0] / hidden + " gate blocks of "
                        + hidden + " rows; expected 1 (RNN), 3 (GRU) or 4 (LSTM)");
        };
        boolean bias = f.has("rnn.bias_ih_l0");
        int vocab = 0;
        int input = ih[1];
        if (f.has("embedding.weight")) {
            int[] emb = shape(f, "embedding.weight", 2);
            vocab = emb[0];
            if (emb[1] != input) {
                throw new InvalidInputException(src + ": embedding.weight is " + Arrays.toString(emb)
                        + " but rnn.weight_ih_l0 reads " + input + " inputs");
            }
        }
        int[] dec = shape(f, "decoder.weight", 2);
        RecurrentConfig rc;
        try {
            rc = RecurrentConfig.builder(cell, input, hidden).activation(activation).layers(layers)
                    .bidirectional(reverse)
                    .bias(bias).projSize(projSize).build();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(src + ": " + e.getMessage());
        }
        if (dec[1] != rc.outputSize()) {
            throw new InvalidInputException(src + ": decoder.weight is " + Arrays.toString(dec) + " but the recurrent"
                    + " module outputs " + rc.outputSize() + " values per step");
        }
        OutputMode mode = output != null
                ? output
                : vocab > 0 && dec[0] == vocab && !reverse ? OutputMode.EVERY_STEP : OutputMode.LAST_STEP;
        return new ModelConfig(vocab, rc, dec[0], mode, 0, false);
    }

    /** Tensors of {@code f} that a model of {@code expected} names does not have. */
    static Set<String> unexpected(SafeTensorsFile f, Set<String> expected) {
        Set<String> extra = new TreeSet<>(f.names());
        extra.removeAll(expected);
        return extra;
    }

    private static int[] shape(SafeTensorsFile f, String name, int rank) {
        if (!f.has(name)) {
            throw new InvalidInputException(f.source() + " has no tensor " + name);
        }
        int[] s = f.get(name).shape();
        if (s.length != rank) {
            throw new InvalidInputException(
                    f.source() + ": " + name + " has shape " + Arrays.toString(s) + ", expected "
                            + rank + " dimensions");
        }
        return s;
    }
}
