package org.rnn4j.nn.recurrent;

import java.util.Arrays;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.nn.Parameter;

/**
 * One direction of one layer, unrolled over time: forward and full backpropagation through time.
 *
 * <p>Legend: {@code T} steps, {@code B} sequences, {@code I} input width, {@code H} hidden size,
 * {@code P} projection size, {@code S = Hout} state size ({@code P} if {@code P > 0} else {@code H}),
 * {@code G} gate blocks. All buffers are time-major, so step {@code t} is the contiguous slice
 * {@code [t*B*w, (t+1)*B*w)} of a {@code [T, B, w]} buffer.
 *
 * <p>How a pass is organized, so that matrix products are as large as possible and the per-step
 * loop allocates nothing:
 * <ul>
 *   <li>the input projection of every step, {@code xproj = X W_ihᵀ + b_ih} ({@code [T*B, G*H]}), is one
 *       multiply before the loop;</li>
 *   <li>each step does {@code hproj = h W_hhᵀ + b_hh} and the fused cell pointwise kernel;</li>
 *   <li>backward stores the pre-activation gradients of every step and then forms {@code dW_ih},
 *       {@code dW_hh} and {@code dX} as single multiplies over all {@code T*B} rows.</li>
 * </ul>
 *
 * <p>States are kept in a {@code [T+1, B, S]} buffer {@code states}. The forward direction keeps its
 * initial state at index 0 and the state after step {@code t} at {@code t+1}; the reverse direction
 * keeps its initial state at index {@code T} and the state after step {@code t} at {@code t}. Either
 * way the states entering steps {@code 0..T-1}, in time order, are one contiguous block, which is what
 * the single {@code dW_hh} multiply needs.
 *
 * <p>Variable lengths ({@code FORMAT.md} §3.6): at step {@code t}, sequence {@code b} is active when
 * {@code t < length[b]}. An inactive sequence keeps its state and outputs exactly 0. Because the
 * reverse direction also runs {@code t = T-1 … 0} and keeps its initial state until it first becomes
 * active at {@code length[b]-1}, one mask rule serves both directions.
 */
final class DirectionalRecurrence {

    private final Kernels kernels;
    private final CellType cell;
    private final Activation activation;
    private final boolean reverse;
    private final int inputSize;
    private final int hidden;
    private final int proj;
    private final int stateSize;
    private final int gateWidth;

    final Parameter weightIh;   // [G*H, I]
    final Parameter weightHh;   // [G*H, S]
    final Parameter biasIh;     // [G*H] or null
    final Parameter biasHh;     // [G*H] or null
    final Parameter weightHr;   // [P, H] or null

    // transposed weight copies, refreshed at every forward so that products are in the A·B form
    private float[] weightIhT;  // [I, G*H]
    private float[] weightHhT;  // [S, G*H]
    private float[] weightHrT;  // [H, P]
    private long versionIh = -1; // versions of the weights the transposed copies were made from
    private long versionHh = -1;
    private long versionHr = -1;

    // forward buffers, sized for capacity steps*batch rows
    private int capacityRows = -1;
    private float[] input;      // [T, B, I] reference to the layer's input of the last forward
    private float[] xproj;      // [T, B, G*H]
    private float[] hproj;      // [T, B, G*H]
    private float[] gates;      // [T, B, G*H] activated gates (LSTM, GRU)
    private float[] states;     // [T+1, B, S]
    private float[] cells;      // [T+1, B, H] LSTM only, same indexing as states
    private float[] cellOut;    // [T, B, H] LSTM with projection: m = o ⊙ tanh(c) before W_hr
    // backward buffers
    private float[] dXproj;     // [T, B, G*H]
    private float[] dHproj;     // [T, B, G*H]; the same array as dXproj unless GRU
    private float[] dStates;    // [T, B, P] LSTM with projection: dL/dh of every step, for dW_hr
    private float[] dh;         // [B, S] gradient reaching the state after the current step
    private float[] dhPrev;     // [B, S]
    private float[] dc;         // [B, H]
    private float[] dcSaved;    // [B, H]
    private float[] dm;         // [B, H]

    private int steps;
    private int batch;
    private int[] lengths;
    private final int layer;
    StepGradientProbe probe;

    DirectionalRecurrence(Kernels kernels, RecurrentConfig config, int layer, boolean reverse, String prefix) {
        this.kernels = kernels;
        this.cell = config.cell();
        this.activation = config.activation();
        this.reverse = reverse;
        this.layer = layer;
        this.inputSize = config.layerInputSize(layer);
        this.hidden = config.hiddenSize();
        this.proj = config.projSize();
        this.stateSize = config.stateSize();
        this.gateWidth = cell.gates() * hidden;
        String suffix = layer + (reverse ? "_reverse" : "");
        weightIh = new Parameter(prefix + "weight_ih_l" + suffix, gateWidth, inputSize);
        weightHh = new Parameter(prefix + "weight_hh_l" + suffix, gateWidth, stateSize);
        biasIh = config.bias() ? new Parameter(prefix + "bias_ih_l" + suffix, gateWidth) : null;
        biasHh = config.bias() ? new Parameter(prefix + "bias_hh_l" + suffix, gateWidth) : null;
        weightHr = proj > 0 ? new Parameter(prefix + "weight_hr_l" + suffix, proj, hidden) : null;
        weightIhT = new float[inputSize * gateWidth];
        weightHhT = new float[stateSize * gateWidth];
        weightHrT = proj > 0 ? new float[hidden * proj] : null;
    }

    private void ensureCapacity(int rows, int batchSize) {
        if (rows <= capacityRows && dh != null && dh.length >= batchSize * stateSize) {
            return;
        }
        int cap = Math.max(rows, capacityRows);
        xproj = new float[cap * gateWidth];
        hproj = new float[cap * gateWidth];
        gates = cell == CellType.RNN ? null : new float[cap * gateWidth];
        // one extra step of states for the initial state
        int bcap = Math.max(batchSize, dh == null ? 0 : dh.length / stateSize);
        states = new float[(cap + bcap) * stateSize];
        cells = cell == CellType.LSTM ? new float[(cap + bcap) * hidden] : null;
        cellOut = proj > 0 ? new float[cap * hidden] : null;
        dXproj = new float[cap * gateWidth];
        dHproj = cell == CellType.GRU ? new float[cap * gateWidth] : dXproj;
        dStates = proj > 0 ? new float[cap * proj] : null;
        dh = new float[bcap * stateSize];
        dhPrev = new float[bcap * stateSize];
        dc = new float[bcap * hidden];
        dcSaved = new float[bcap * hidden];
        dm = new float[bcap * hidden];
        capacityRows = cap;
    }

    /** Refreshes the transposed weight copies whose parameter changed since they were made. */
    private void refreshTransposes() {
        if (weightIh.version() != versionIh) {
            kernels.transposeInPlace(gateWidth, inputSize, weightIh.value(), 0, weightIhT, 0);
            versionIh = weightIh.version();
        }
        if (weightHh.version() != versionHh) {
            kernels.transposeInPlace(gateWidth, stateSize, weightHh.value(), 0, weightHhT, 0);
            versionHh = weightHh.version();
        }
        if (proj > 0 && weightHr.version() != versionHr) {
            kernels.transposeInPlace(proj, hidden, weightHr.value(), 0, weightHrT, 0);
            versionHr = weightHr.version();
        }
    }

    private int prevIndex(int t) {
        return reverse ? t + 1 : t;
    }

    private int afterIndex(int t) {
        return reverse ? t : t + 1;
    }

    private boolean active(int t, int b) {
        return lengths == null || t < lengths[b];
    }

    /**
     * Runs the recurrence over all steps.
     *
     * @param x       [T, B, I] input, read (kept by reference for backward: do not modify until then)
     * @param h0      initial state [B, S] at offset h0Off, or null for zeros
     * @param c0      initial cell state [B, H] at offset c0Off (LSTM), or null for zeros
     * @param out     written: [T, B, outWidth] with this direction's state at column outCol, width S;
     *                exactly 0 at inactive positions
     * @param hN      written: final state [B, S] at offset hNOff
     * @param cN      written (LSTM): final cell state [B, H] at cNOff
     */
    void forward(float[] x, int steps, int batch, int[] lengths, float[] h0, int h0Off, float[] c0, int c0Off,
                 float[] out, int outWidth, int outCol, float[] hN, int hNOff, float[] cN, int cNOff) {
        this.steps = steps;
        this.batch = batch;
        this.lengths = lengths;
        this.input = x;
        int rows = steps * batch;
        ensureCapacity(rows, batch);
        refreshTransposes();

        float[] bih = biasIh == null ? null : biasIh.value();
        float[] bhh = biasHh == null ? null : biasHh.value();
        kernels.broadcastRowsInPlace(rows, gateWidth, bih, 0, xproj, 0);
        kernels.multAccumulate(rows, gateWidth, inputSize, x, 0, weightIhT, 0, xproj, 0);

        int bs = batch * stateSize;
        int bh = batch * hidden;
        int bg = batch * gateWidth;
        int first = reverse ? steps - 1 : 0;
        int initial = prevIndex(first) * bs;
        if (h0 == null) {
            Arrays.fill(states, initial, initial + bs, 0f);
        } else {
            System.arraycopy(h0, h0Off, states, initial, bs);
        }
        if (cells != null) {
            int ci = prevIndex(first) * bh;
            if (c0 == null) {
                Arrays.fill(cells, ci, ci + bh, 0f);
            } else {
                System.arraycopy(c0, c0Off, cells, ci, bh);
            }
        }

        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            int prev = prevIndex(t);
            int after = afterIndex(t);
            int g = t * bg;
            kernels.broadcastRowsInPlace(batch, gateWidth, bhh, 0, hproj, g);
            kernels.multAccumulate(batch, gateWidth, stateSize, states, prev * bs, weightHhT, 0, hproj, g);
            switch (cell) {
                case RNN:
                    kernels.rnnForward(activation, bs, xproj, g, hproj, g, states, after * bs);
                    break;
                case GRU:
                    kernels.gruForward(batch, hidden, xproj, g, hproj, g, states, prev * bs, gates, g, states, after * bs);
                    break;
                case LSTM:
                    if (proj == 0) {
                        kernels.lstmForward(batch, hidden, xproj, g, hproj, g, cells, prev * bh, gates, g,
                                cells, after * bh, states, after * bs);
                    } else {
                        kernels.lstmForward(batch, hidden, xproj, g, hproj, g, cells, prev * bh, gates, g,
                                cells, after * bh, cellOut, t * bh);
                        Arrays.fill(states, after * bs, after * bs + bs, 0f);
                        kernels.multAccumulate(batch, proj, hidden, cellOut, t * bh, weightHrT, 0, states, after * bs);
                    }
                    break;
                default:
                    throw new AssertionError(cell);
            }
            for (int b = 0; b < batch; b++) {
                int o = (t * batch + b) * outWidth + outCol;
                if (active(t, b)) {
                    System.arraycopy(states, after * bs + b * stateSize, out, o, stateSize);
                } else {
                    System.arraycopy(states, prev * bs + b * stateSize, states, after * bs + b * stateSize, stateSize);
                    if (cells != null) {
                        System.arraycopy(cells, prev * bh + b * hidden, cells, after * bh + b * hidden, hidden);
                    }
                    Arrays.fill(out, o, o + stateSize, 0f);
                }
            }
        }
        int last = reverse ? 0 : steps - 1;
        System.arraycopy(states, afterIndex(last) * bs, hN, hNOff, bs);
        if (cells != null && cN != null) {
            System.arraycopy(cells, afterIndex(last) * bh, cN, cNOff, bh);
        }
    }

    /**
     * Backpropagation through time for the last forward pass. Accumulates into every parameter's
     * gradient and into {@code dX}.
     *
     * @param dOut  [T, B, outWidth], this direction's columns at outCol, read; padded positions ignored
     * @param dhN   gradient of the final state [B, S] at dhNOff, or null
     * @param dcN   gradient of the final cell state [B, H] at dcNOff (LSTM), or null
     * @param dX    [T, B, I], accumulated
     * @param dh0   written: gradient of the initial state [B, S] at dh0Off, or null if not wanted
     * @param dc0   written: gradient of the initial cell state [B, H] at dc0Off, or null
     */
    void backward(float[] dOut, int outWidth, int outCol, float[] dhN, int dhNOff, float[] dcN, int dcNOff,
                  float[] dX, float[] dh0, int dh0Off, float[] dc0, int dc0Off) {
        int bs = batch * stateSize;
        int bh = batch * hidden;
        int bg = batch * gateWidth;
        int rows = steps * batch;
        if (dhN == null) {
            Arrays.fill(dh, 0, bs, 0f);
        } else {
            System.arraycopy(dhN, dhNOff, dh, 0, bs);
        }
        if (cell == CellType.LSTM) {
            if (dcN == null) {
                Arrays.fill(dc, 0, bh, 0f);
            } else {
                System.arraycopy(dcN, dcNOff, dc, 0, bh);
            }
        }
        for (int s = steps - 1; s >= 0; s--) {
            int t = reverse ? steps - 1 - s : s;
            int prev = prevIndex(t);
            int after = afterIndex(t);
            int g = t * bg;
            boolean anyInactive = false;
            for (int b = 0; b < batch; b++) {
                if (active(t, b)) {
                    kernels.axpy(stateSize, 1f, dOut, (t * batch + b) * outWidth + outCol, dh, b * stateSize);
                } else {
                    anyInactive = true;
                }
            }
            if (probe != null) {
                probe.observe(layer, reverse ? 1 : 0, t, dh, 0, batch, stateSize);
            }
            if (anyInactive && cell == CellType.LSTM) {
                System.arraycopy(dc, 0, dcSaved, 0, bh);
            }
            switch (cell) {
                case RNN:
                    kernels.rnnBackward(activation, bs, states, after * bs, dh, 0, dXproj, g);
                    Arrays.fill(dhPrev, 0, bs, 0f);
                    break;
                case GRU:
                    kernels.gruBackward(batch, hidden, gates, g, hproj, g, states, prev * bs, dh, 0,
                            dXproj, g, dHproj, g, dhPrev, 0);
                    break;
                case LSTM:
                    float[] dmv = dh;
                    if (proj > 0) {
                        System.arraycopy(dh, 0, dStates, t * batch * proj, bs);
                        Arrays.fill(dm, 0, bh, 0f);
                        kernels.multAccumulate(batch, hidden, proj, dh, 0, weightHr.value(), 0, dm, 0);
                        dmv = dm;
                    }
                    kernels.lstmBackward(batch, hidden, gates, g, cells, prev * bh, cells, after * bh, dmv, 0, dc, 0,
                            dXproj, g);
                    Arrays.fill(dhPrev, 0, bs, 0f);
                    break;
                default:
                    throw new AssertionError(cell);
            }
            if (anyInactive) {
                for (int b = 0; b < batch; b++) {
                    if (!active(t, b)) {
                        // the step did not happen for this sequence: no gate gradient, the state gradient passes through
                        Arrays.fill(dXproj, g + b * gateWidth, g + (b + 1) * gateWidth, 0f);
                        if (dHproj != dXproj) {
                            Arrays.fill(dHproj, g + b * gateWidth, g + (b + 1) * gateWidth, 0f);
                        }
                        if (dStates != null) {
                            Arrays.fill(dStates, (t * batch + b) * proj, (t * batch + b + 1) * proj, 0f);
                        }
                        System.arraycopy(dh, b * stateSize, dhPrev, b * stateSize, stateSize);
                        if (cell == CellType.LSTM) {
                            System.arraycopy(dcSaved, b * hidden, dc, b * hidden, hidden);
                        }
                    }
                }
            }
            kernels.multAccumulate(batch, stateSize, gateWidth, dHproj, g, weightHh.value(), 0, dhPrev, 0);
            float[] swap = dh;
            dh = dhPrev;
            dhPrev = swap;
        }
        if (dh0 != null) {
            System.arraycopy(dh, 0, dh0, dh0Off, bs);
        }
        if (dc0 != null && cell == CellType.LSTM) {
            System.arraycopy(dc, 0, dc0, dc0Off, bh);
        }

        kernels.multTransAAccumulate(gateWidth, inputSize, rows, dXproj, 0, input, 0, weightIh.grad(), 0);
        int prevBlock = (reverse ? 1 : 0) * bs;
        kernels.multTransAAccumulate(gateWidth, stateSize, rows, dHproj, 0, states, prevBlock, weightHh.grad(), 0);
        if (biasIh != null) {
            kernels.sumRowsAccumulate(rows, gateWidth, dXproj, 0, biasIh.grad(), 0);
            kernels.sumRowsAccumulate(rows, gateWidth, dHproj, 0, biasHh.grad(), 0);
        }
        if (proj > 0) {
            kernels.multTransAAccumulate(proj, hidden, rows, dStates, 0, cellOut, 0, weightHr.grad(), 0);
        }
        kernels.multAccumulate(rows, inputSize, gateWidth, dXproj, 0, weightIh.value(), 0, dX, 0);
    }
}
