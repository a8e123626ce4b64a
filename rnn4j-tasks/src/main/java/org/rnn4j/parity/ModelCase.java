package org.rnn4j.parity;

import java.util.List;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.StateDicts;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.AdamConfig;
import org.rnn4j.optim.ClipResult;
import org.rnn4j.optim.GradientClipping;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.optim.Sgd;
import org.rnn4j.optim.SgdConfig;

/**
 * Runs {@code kind = model} ({@code FORMAT.md} §4) and {@code kind = tbptt} (§5) cases: embedding →
 * recurrent module → decoder at every step → mean cross-entropy, then clipping and optimizer steps,
 * with the recurrent state carried across truncated-BPTT chunks.
 */
final class ModelCase {

    private ModelCase() {
    }

    static void run(GoldenCase gc, Kernels kernels, Tolerance tol, boolean truncated) {
        int vocab = gc.integer("vocab_size");
        int embed = gc.integer("embedding_dim");
        int batch = gc.integer("batch_size");
        int steps = gc.integer("seq_len");
        RecurrentConfig rc = gc.recurrentConfig(embed);
        if (truncated && rc.bidirectional()) {
            throw new InvalidInputException(gc.file().source() + ": truncated-BPTT cases are unidirectional");
        }
        SequenceModel model = new SequenceModel(new ModelConfig(vocab, rc, vocab, OutputMode.EVERY_STEP, 0, false),
                kernels);
        List<Parameter> params = model.parameters();
        StateDicts.load(params, "", gc.file());

        int[] tokens = gc.ints("tokens", 0, vocab, batch, steps);
        int[] targets = gc.ints("targets", 0, vocab, batch, steps);
        Optimizer optimizer = optimizer(gc, params);
        String clip = gc.string("clip");
        int chunk = truncated ? gc.integer("chunk_len") : steps;
        if (chunk <= 0) {
            throw new InvalidInputException(gc.file().source() + ": chunk_len must be positive, got " + chunk);
        }
        int chunks = (steps + chunk - 1) / chunk;
        if (truncated && gc.integer("num_chunks", chunks) != chunks) {
            throw new InvalidInputException(gc.file().source() + ": num_chunks " + gc.integer("num_chunks")
                    + " does not equal ceil(seq_len / chunk_len) = " + chunks);
        }
        float[] losses = new float[chunks];
        float[] norms = new float[chunks];
        RecurrentState state = new RecurrentState(rc, batch);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        for (int j = 0; j < chunks; j++) {
            int start = j * chunk;
            int len = Math.min(start + chunk, steps) - start;
            int[] tok = new int[len * batch];
            int[] tgt = new int[len * batch];
            for (int t = 0; t < len; t++) {
                for (int b = 0; b < batch; b++) {
                    tok[t * batch + b] = tokens[b * steps + start + t];
                    tgt[t * batch + b] = targets[b * steps + start + t];
                }
            }
            model.zeroGrad();
            float[] logits = model.forwardTokens(tok, len, batch, null, state);
            losses[j] = (float) loss.forward(logits, len * batch, vocab, tgt);
            model.backward(loss.backward());
            ClipResult clipped = clip(gc, clip, params);
            norms[j] = (float) clipped.totalNorm();
            optimizer.step();
            model.finalState(state);
        }

        if (truncated) {
            tol.compare("losses", new int[] {chunks}, gc.floats("expected.losses", chunks), new int[] {chunks}, losses);
            tol.compare("total_norms", new int[] {chunks}, gc.floats("expected.total_norms", chunks),
                    new int[] {chunks}, norms);
            int[] hShape = {rc.numLayers(), batch, rc.stateSize()};
            tol.compare("h_n", hShape, gc.floats("expected.h_n", hShape), hShape, state.hidden());
            if (rc.hasCellState()) {
                int[] cShape = {rc.numLayers(), batch, rc.hiddenSize()};
                tol.compare("c_n", cShape, gc.floats("expected.c_n", cShape), cShape, state.cell());
            }
        } else {
            tol.compare("loss", new int[] {1}, gc.floats("expected.loss", 1), new int[] {1}, losses);
            tol.compare("total_norm", new int[] {1}, gc.floats("expected.total_norm", 1), new int[] {1}, norms);
        }
        for (Parameter p : params) {
            tol.compare("grad." + p.name(), p.shape(), gc.floats("expected.grad." + p.name(), p.shape()), p.shape(),
                    p.grad());
            tol.compare("param." + p.name(), p.shape(), gc.floats("expected.param." + p.name(), p.shape()), p.shape(),
                    p.value());
        }
    }

    private static ClipResult clip(GoldenCase gc, String clip, List<Parameter> params) {
        switch (clip) {
            case "norm":
                if (gc.integer("norm_type", 2) != 2) {
                    throw new InvalidInputException(gc.file().source() + ": only norm_type 2 is defined, got "
                            + gc.string("norm_type"));
                }
                return GradientClipping.clipGlobalNorm(params, gc.real("max_norm"));
            case "value":
                return GradientClipping.clipValue(params, gc.real("clip_value"));
            default:
                throw new InvalidInputException(
                        gc.file().source() + ": clip must be 'norm' or 'value', got '" + clip + "'");
        }
    }

    private static Optimizer optimizer(GoldenCase gc, List<Parameter> params) {
        String name = gc.string("optimizer");
        double lr = gc.real("lr");
        double wd = gc.real("weight_decay");
        switch (name) {
            case "adam": {
                String[] betas = gc.string("betas").split(",");
                if (betas.length != 2) {
                    throw new InvalidInputException(gc.file().source() + ": betas should be 'b1,b2', got '"
                            + gc.string("betas") + "'");
                }
                double b1 = Double.parseDouble(betas[0].trim());
                double b2 = Double.parseDouble(betas[1].trim());
                return new Adam(params, new AdamConfig(lr, b1, b2, gc.real("eps"), wd));
            }
            case "sgd":
                return new Sgd(params,
                        new SgdConfig(lr, gc.real("momentum"), gc.real("dampening"), gc.bool("nesterov"), wd));
            default:
                throw new InvalidInputException(
                        gc.file().source() + ": optimizer must be 'adam' or 'sgd', got '" + name + "'");
        }
    }
}
