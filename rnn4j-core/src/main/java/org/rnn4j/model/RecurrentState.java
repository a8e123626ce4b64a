package org.rnn4j.model;

import java.util.Arrays;
import org.rnn4j.nn.recurrent.RecurrentConfig;

/**
 * The carried state of a recurrent stack for a batch of streams: {@code h} of shape {@code [L*D, B, S]}
 * and, for LSTM, {@code c} of shape {@code [L*D, B, H]}. Owned by whoever carries it (truncated BPTT,
 * a serving stream); the model copies it in and out.
 */
public final class RecurrentState {

    private final int layersTimesDirections;
    private final int batch;
    private final int stateSize;
    private final int hiddenSize;
    private final float[] h;
    private final float[] c;

    public RecurrentState(RecurrentConfig config, int batch) {
        this.layersTimesDirections = config.numLayers() * config.directions();
        this.batch = batch;
        this.stateSize = config.stateSize();
        this.hiddenSize = config.hiddenSize();
        this.h = new float[layersTimesDirections * batch * stateSize];
        this.c = config.hasCellState() ? new float[layersTimesDirections * batch * hiddenSize] : null;
    }

    public int batch() {
        return batch;
    }

    /** [L*D, B, S], shared. */
    public float[] hidden() {
        return h;
    }

    /** [L*D, B, H] for LSTM, shared; null otherwise. */
    public float[] cell() {
        return c;
    }

    public void zero() {
        Arrays.fill(h, 0f);
        if (c != null) {
            Arrays.fill(c, 0f);
        }
    }

    /** Zeroes the state of stream {@code b} in every layer and direction (a new document starts). */
    public void resetStream(int b) {
        for (int k = 0; k < layersTimesDirections; k++) {
            Arrays.fill(h, (k * batch + b) * stateSize, (k * batch + b + 1) * stateSize, 0f);
            if (c != null) {
                Arrays.fill(c, (k * batch + b) * hiddenSize, (k * batch + b + 1) * hiddenSize, 0f);
            }
        }
    }

    /** Copies {@code hN} (and {@code cN}) in, as left by a forward pass. */
    public void copyFrom(float[] hN, float[] cN) {
        System.arraycopy(hN, 0, h, 0, h.length);
        if (c != null) {
            System.arraycopy(cN, 0, c, 0, c.length);
        }
    }

    public void copyFrom(RecurrentState other) {
        copyFrom(other.h, other.c);
    }
}
