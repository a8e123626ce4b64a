package org.rnn4j.serve;

import org.rnn4j.InvalidInputException;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.RecurrentConfig;

/**
 * {@code B} independent streams run through a model one step at a time; the recurrent state of each
 * stream is kept between calls. Made by {@link Predictor#newSession}.
 *
 * <p>Legend: {@code B} streams, {@code F} input features, {@code O} outputs. A step of a last-step
 * model (a classifier) returns the prediction for each stream's sequence so far.
 *
 * <p>A session is not thread-safe; use one per thread (they are independent).
 */
public final class Session {

    private final SequenceModel model;
    private final int batch;
    private final RecurrentState state;
    private long steps;

    Session(SequenceModel model, int batch) {
        if (batch < 1) {
            throw new InvalidInputException("a session needs at least one stream, got batch " + batch);
        }
        ModelConfig config = model.config();
        if (config.rnn().bidirectional()) {
            throw new InvalidInputException("this model is bidirectional: it reads each sequence from both ends,"
                    + " so it cannot be run one step at a time");
        }
        this.model = model;
        this.batch = batch;
        this.state = new RecurrentState(config.rnn(), batch);
        model.inferenceOnly();
    }

    /** B. */
    public int batch() {
        return batch;
    }

    /** Steps run since the session began (restoring a state does not change it). */
    public long steps() {
        return steps;
    }

    /**
     * One step of a token model.
     *
     * @param tokens [B] the next token id of every stream, read
     * @return [B, O] outputs, a new array
     */
    public float[] step(int[] tokens) {
        if (!model.config().tokenInput()) {
            throw new InvalidInputException("this model reads " + model.config().rnn().inputSize()
                    + " numeric features per step; call step(float[]) with B×F values");
        }
        if (tokens.length != batch) {
            throw new InvalidInputException("expected one token per stream, " + batch + ", got " + tokens.length);
        }
        int vocab = model.config().vocabSize();
        for (int b = 0; b < batch; b++) {
            if (tokens[b] < 0 || tokens[b] >= vocab) {
                throw new InvalidInputException(
                        "token " + tokens[b] + " of stream " + b + " is outside the vocabulary [0, "
                                + vocab + ")");
            }
        }
        return finish(model.forwardTokens(tokens, 1, batch, null, state));
    }

    /**
     * One step of a dense model.
     *
     * @param features [B, F] the next input row of every stream, read
     * @return [B, O] outputs, a new array
     */
    public float[] step(float[] features) {
        if (model.config().tokenInput()) {
            throw new InvalidInputException("this model reads token ids; call step(int[]) with one id per stream");
        }
        int f = model.config().rnn().inputSize();
        if (features.length != batch * f) {
            throw new InvalidInputException("expected B×F = " + batch + "×" + f + " = " + batch * f + " features, got "
                    + features.length + " — was the model trained on other columns?");
        }
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new InvalidInputException("feature " + (i % f) + " of stream " + (i / f) + " is " + features[i]
                        + "; expected a finite number");
            }
        }
        return finish(model.forwardDense(features, 1, batch, null, state));
    }

    private float[] finish(float[] head) {
        model.finalState(state);
        steps++;
        float[] out = new float[batch * model.config().outputSize()];
        System.arraycopy(head, 0, out, 0, out.length);
        return out;
    }

    /** A copy of the state of every stream, to {@link #restore} later. */
    public RecurrentState state() {
        RecurrentState copy = new RecurrentState(model.config().rnn(), batch);
        copy.copyFrom(state);
        return copy;
    }

    /**
     * Puts back a state taken from this session or another session of the same model and batch.
     *
     * @param saved read; not kept
     */
    public void restore(RecurrentState saved) {
        if (saved.batch() != batch || saved.hidden().length != state.hidden().length
                || (saved.cell() == null) != (state.cell() == null)
                || (saved.cell() != null && saved.cell().length != state.cell().length)) {
            throw new InvalidInputException(
                    "the state is for " + saved.batch() + " streams of another shape; this session"
                            + " has " + batch + " streams of this model");
        }
        state.copyFrom(saved);
    }

    /** A copy of stream {@code b}'s state alone, as a one-stream state, to {@link #restoreStream} later. */
    public RecurrentState streamState(int b) {
        checkStream(b);
        RecurrentState one = new RecurrentState(model.config().rnn(), 1);
        copyStream(state, b, batch, one, 0, 1);
        return one;
    }

    /**
     * Puts a one-stream state (from {@link #streamState}, of this or another session of the same model)
     * into stream {@code b}; the other streams are unchanged.
     */
    public void restoreStream(int b, RecurrentState saved) {
        checkStream(b);
        if (saved.batch() != 1 || saved.hidden().length * batch != state.hidden().length
                || (saved.cell() == null) != (state.cell() == null)) {
            throw new InvalidInputException(
                    "expected the state of one stream of this model, got one for " + saved.batch()
                            + " streams or of another shape");
        }
        copyStream(saved, 0, 1, state, b, batch);
    }

    /** Copies stream {@code from} of a [L*D, fromBatch, ·] state to stream {@code to} of a [L*D, toBatch, ·] one. */
    private void copyStream(RecurrentState src, int from, int fromBatch, RecurrentState dst, int to, int toBatch) {
        RecurrentConfig rc = model.config().rnn();
        int layersTimesDirections = rc.numLayers() * rc.directions();
        copyRows(src.hidden(), from, fromBatch, dst.hidden(), to, toBatch, layersTimesDirections, rc.stateSize());
        if (src.cell() != null) {
            copyRows(src.cell(), from, fromBatch, dst.cell(), to, toBatch, layersTimesDirections, rc.hiddenSize());
        }
    }

    private static void copyRows(float[] src, int from, int fromBatch, float[] dst, int to, int toBatch,
            int layersTimesDirections, int width) {
        for (int k = 0; k < layersTimesDirections; k++) {
            System.arraycopy(src, (k * fromBatch + from) * width, dst, (k * toBatch + to) * width, width);
        }
    }

    private void checkStream(int b) {
        if (b < 0 || b >= batch) {
            throw new InvalidInputException("stream " + b + " is outside [0, " + batch + ")");
        }
    }

    /** Zeroes every stream: each starts a new sequence. */
    public void reset() {
        state.zero();
    }

    /** Zeroes stream {@code b}: it starts a new sequence, the others go on. */
    public void reset(int b) {
        checkStream(b);
        state.resetStream(b);
    }
}
