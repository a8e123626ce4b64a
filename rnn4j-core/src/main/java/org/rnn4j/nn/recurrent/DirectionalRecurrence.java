package org.rnn4j.nn.recurrent;

import java.util.Arrays;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.PartedTask;
import org.rnn4j.nn.PackedWeight;
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
 *   <li>the input projection {@code xproj = X W_ihᵀ + b_ih} ({@code [T*B, G*H]}) is one multiply before
 *       the loop for small batches, and step by step inside it for larger ones (so that it is still in
 *       cache when the step reads it, see {@link #INPUT_PER_STEP_MIN_ROWS});</li>
 *   <li>each step does {@code hproj = h W_hhᵀ + b_hh} and the fused cell pointwise kernel; with several
 *       kernel threads, each runs its share of the batch through all steps (see {@link #runRows});</li>
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

    // the weights packed for the products, refreshed when a weight changes (see PackedWeight)
    private final PackedWeight ihForward;    // B = W_ihᵀ [I, G*H], for xproj = X·W_ihᵀ
    private final PackedWeight hhForward;    // B = W_hhᵀ [S, G*H], for hproj = h·W_hhᵀ
    private final PackedWeight hrForward;    // B = W_hrᵀ [H, P], or null
    private final PackedWeight ihBackward;   // B = W_ih [G*H, I], for dX = dG·W_ih
    private final PackedWeight hhBackward;   // B = W_hh [G*H, S], for dh = dG·W_hh
    private final PackedWeight hrBackward;   // B = W_hr [P, H], or null
    // the packed arrays of the running pass, read by the time loops
    private float[] ihPacked;
    private float[] hhPacked;
    private float[] hrPacked;

    // forward buffers, sized for capacity steps*batch rows
    private int capacityRows = -1;
    private float[] input;      // [T, B, I] reference to the layer's input of the last forward
    private float[] xproj;      // [T, B, G*H]
    private float[] hproj;      // [T, B, G*H] (GRU training; otherwise one step's rows are reused)
    private float[] gates;      // [T, B, G*H] activated gates (LSTM, GRU)
    private boolean keep;       // whether the last forward kept every step for backward
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
    private final float[] biasSum;  // [G*H] Σ over all steps of the gate gradients, for both biases

    private int steps;
    private int batch;
    private int[] lengths;
    // the output of the running forward pass, or the output gradient of the running backward pass
    private float[] out;        // [T, B, outWidth]
    private float[] dOut;       // [T, B, outWidth]
    private int outWidth;
    private int outCol;
    private final int layer;
    StepGradientProbe probe;

    /**
     * The input projection of a step is computed inside the time loop, just before the step reads
     * it, when each thread has at least this many sequences and the input weights are at most half
     * the size of the recurrent ones. A product of that many rows runs about as fast as one over all
     * steps, and the projection is then still in the core's cache (all steps' projections of a
     * 2×256 LSTM at batch 32 are 8 MiB, more than the L2); but both weight matrices must then stay
     * in the L2 together, which large input weights prevent. Measured in one process, alternating
     * pass by pass: D (RNN 64→256) +5%, E (LSTM 64→1024) +2-7%, A's first layer the same with the
     * second layer in one product; B and a per-step second layer of A no better. With fewer rows
     * (batch 1), one product over all T·B rows is much faster, unless there is one step: then the
     * two projections of the step go to the kernels as a pair, one hand-over to the threads instead
     * of two (a serving loop's step).
     */
    private static final int INPUT_PER_STEP_MIN_ROWS = 6;
    /** Whether the running forward pass projects the input step by step. */
    private boolean inputPerStep;

    private static final int FORWARD = 0;
    private static final int BACKWARD = 1;
    /** The time loop to run in {@link #rowTask}: FORWARD or BACKWARD. */
    private int loop;
    /** Where the forward and the backward time loops cut the batch between the threads. */
    private final RowSplit forwardSplit = new RowSplit();
    private final RowSplit backwardSplit = new RowSplit();
    /** Runs the time loop for the part's share of the batch; made once so that a pass allocates nothing. */
    private final PartedTask rowTask = (part, parts) -> {
        RowSplit split = loop == FORWARD ? forwardSplit : backwardSplit;
        boolean balanced = parts > 1 && parts == split.parts();
        int b0 = balanced ? split.start(part) : PartedTask.start(batch, part, parts);
        int b1 = balanced ? split.start(part + 1) : PartedTask.start(batch, part + 1, parts);
        if (b0 < b1) {
            long t0 = System.nanoTime();
            if (loop == FORWARD) {
                forwardRows(b0, b1);
            } else {
                backwardRows(b0, b1);
            }
            if (balanced) {
                split.record(part, System.nanoTime() - t0);
            }
        }
    };

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
        biasSum = new float[gateWidth];
        ihForward = PackedWeight.forInput(weightIh);
        hhForward = PackedWeight.forInput(weightHh);
        hrForward = proj > 0 ? PackedWeight.forInput(weightHr) : null;
        ihBackward = PackedWeight.forGradient(weightIh);
        hhBackward = PackedWeight.forGradient(weightHh);
        hrBackward = proj > 0 ? PackedWeight.forGradient(weightHr) : null;
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

    /**
     * Runs the forward or backward time loop over the whole batch. Sequences are independent through
     * the recurrence, so with several kernel threads each runs the loop for its share of the batch,
     * over all steps, and the threads meet once per pass instead of at every step's product; the
     * per-step pointwise work is split too. Every row is computed by the same operations either
     * way, so the results do not depend on the split, which follows how fast each thread ran its
     * share in the last passes ({@link RowSplit}). One sequence per thread is enough (a lone
     * sequence is better served by splitting each step's product, which the kernels do inside);
     * a gradient probe, which observes whole steps, keeps one range.
     */
    /** Fixes the threads' relative speeds the next passes cut the batch by (tests: uneven cuts). */
    void setRowSpeeds(double... speeds) {
        forwardSplit.setSpeeds(speeds);
        backwardSplit.setSpeeds(speeds);
    }

    private void runRows(int which) {
        loop = which;
        int parts = parts();
        if (parts > 1) {
            RowSplit split = which == FORWARD ? forwardSplit : backwardSplit;
            split.prepare(batch, parts);
            kernels.runParts(rowTask);
            split.update();
        } else {
            rowTask.runPart(0, 1);
        }
    }

    /** How many pieces the time loops cut the batch into: see {@link #runRows}. */
    private int parts() {
        int threads = kernels.parallelism();
        return probe == null && threads > 1 && batch >= threads ? threads : 1;
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
     * @param keep    whether to keep every step's projections and gates for {@link #backward}; without,
     *                one step's buffers are reused (inference)
     * @param x       [T, B, I] input, read (kept by reference for backward: do not modify until then)
     * @param h0      initial state [B, S] at offset h0Off, or null for zeros
     * @param c0      initial cell state [B, H] at offset c0Off (LSTM), or null for zeros
     * @param out     written: [T, B, outWidth] with this direction's state at column outCol, width S;
     *                exactly 0 at inactive positions
     * @param hN      written: final state [B, S] at offset hNOff
     * @param cN      written (LSTM): final cell state [B, H] at cNOff
     */
    void forward(boolean keep, float[] x, int steps, int batch, int[] lengths, float[] h0, int h0Off, float[] c0,
            int c0Off, float[] out, int outWidth, int outCol, float[] hN, int hNOff, float[] cN, int cNOff) {
        this.steps = steps;
        this.batch = batch;
        this.lengths = lengths;
        this.input = x;
        this.keep = keep;
        int rows = steps * batch;
        ensureCapacity(rows, batch);
        // packed here, on the calling thread, before the time loop's threads read them
        hhPacked = hhForward.packed(kernels);
        hrPacked = proj > 0 ? hrForward.packed(kernels) : null;

        int parts = parts();
        inputPerStep = steps == 1 || batch / parts >= INPUT_PER_STEP_MIN_ROWS && 2 * inputSize <= stateSize;
        if (inputPerStep) {
            ihPacked = ihForward.packed(kernels);
        } else {
            float[] bih = biasIh == null ? null : biasIh.value();
            kernels.broadcastRowsInPlace(rows, gateWidth, bih, 0, xproj, 0);
            ihForward.multAccumulate(kernels, rows, x, 0, xproj, 0);
        }

        int bs = batch * stateSize;
        int bh = batch * hidden;
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

        this.out = out;
        this.outWidth = outWidth;
        this.outCol = outCol;
        runRows(FORWARD);
        this.out = null;
        int last = reverse ? 0 : steps - 1;
        System.arraycopy(states, afterIndex(last) * bs, hN, hNOff, bs);
        if (cells != null && cN != null) {
            System.arraycopy(cells, afterIndex(last) * bh, cN, cNOff, bh);
        }
    }

    /**
     * The time loop of {@link #forward} for sequences [b0, b1) of the batch. Every step of a
     * sequence reads only that sequence's rows, so disjoint ranges can run on different threads.
     */
    private void forwardRows(int b0, int b1) {
        float[] bih = biasIh == null ? null : biasIh.value();
        float[] bhh = biasHh == null ? null : biasHh.value();
        int rows = b1 - b0;
        int bs = batch * stateSize;
        int bh = batch * hidden;
        int bg = batch * gateWidth;
        int so = b0 * stateSize;    // this range's first row in a [B, S] step slice
        int ho = b0 * hidden;       // ... in a [B, H] slice
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            int prev = prevIndex(t);
            int after = afterIndex(t);
            // This step's rows of xproj, hproj and gates: at step t where a later step or backward
            // reads them, else in the first step's slot, reused at every step so that it stays in
            // cache. Backward reads the gates (and GRU's hproj), never xproj; xproj made step by step
            // is only read by the step that made it.
            int here = t * bg + b0 * gateWidth;
            int slot = b0 * gateWidth;
            int g = keep ? here : slot;
            int gh = keep && cell == CellType.GRU ? here : slot;
            int gx = inputPerStep ? slot : here;
            kernels.broadcastRowsInPlace(rows, gateWidth, bhh, 0, hproj, gh);
            if (inputPerStep) {
                kernels.broadcastRowsInPlace(rows, gateWidth, bih, 0, xproj, gx);
                kernels.multPackedAccumulatePair(rows, gateWidth, inputSize, input, (t * batch + b0) * inputSize,
                        ihPacked, stateSize, states, prev * bs + so, hhPacked, xproj, gx, hproj, gh);
            } else {
                kernels.multPackedAccumulate(rows, gateWidth, stateSize, states, prev * bs + so, hhPacked, hproj, gh);
            }
            switch (cell) {
                case RNN:
                    // one call per sequence: an implementation may compute the last n % width elements
                    // of a call another way (the Vector API kernels do, within 2 ulp), so a call must
                    // cover the same elements whatever the split of the batch
                    for (int r = 0; r < rows; r++) {
                        kernels.rnnForward(activation, stateSize, xproj, gx + r * gateWidth, hproj, gh + r * gateWidth,
                                states, after * bs + so + r * stateSize);
                    }
                    break;
                case GRU:
                    kernels.gruForward(rows, hidden, xproj, gx, hproj, gh, states, prev * bs + so, gates, g,
                            states, after * bs + so);
                    break;
                case LSTM:
                    if (proj == 0) {
                        kernels.lstmForward(rows, hidden, xproj, gx, hproj, gh, cells, prev * bh + ho, gates, g,
                                cells, after * bh + ho, states, after * bs + so);
                    } else {
                        kernels.lstmForward(rows, hidden, xproj, gx, hproj, gh, cells, prev * bh + ho, gates, g,
                                cells, after * bh + ho, cellOut, t * bh + ho);
                        Arrays.fill(states, after * bs + so, after * bs + so + rows * stateSize, 0f);
                        kernels.multPackedAccumulate(rows, proj, hidden, cellOut, t * bh + ho, hrPacked,
                                states, after * bs + so);
                    }
                    break;
                default:
                    throw new AssertionError(cell);
            }
            for (int b = b0; b < b1; b++) {
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
    }

    /**
     * Backpropagation through time for the last forward pass. Accumulates into every parameter's
     * gradient and into {@code dX}.
     *
     * @param dOut  [T, B, outWidth], this direction's columns at outCol, read; padded positions ignored
     * @param dhN   gradient of the final state [B, S] at dhNOff, or null
     * @param dcN   gradient of the final cell state [B, H] at dcNOff (LSTM), or null
     * @param dX    [T, B, I], accumulated; null when the input gradient is not wanted
     * @param dh0   written: gradient of the initial state [B, S] at dh0Off, or null if not wanted
     * @param dc0   written: gradient of the initial cell state [B, H] at dc0Off, or null
     */
    void backward(float[] dOut, int outWidth, int outCol, float[] dhN, int dhNOff, float[] dcN, int dcNOff,
            float[] dX, float[] dh0, int dh0Off, float[] dc0, int dc0Off) {
        assert keep : "backward after an inference-only forward";
        int bs = batch * stateSize;
        int bh = batch * hidden;
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
        this.dOut = dOut;
        this.outWidth = outWidth;
        this.outCol = outCol;
        hhPacked = hhBackward.packed(kernels);
        hrPacked = proj > 0 ? hrBackward.packed(kernels) : null;
        runRows(BACKWARD);
        this.dOut = null;
        if (steps % 2 == 1) {
            // every range swapped its two state-gradient buffers once per step
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
            if (dHproj == dXproj) {
                // LSTM and RNN: both biases get the same sum; one pass over all steps' gradients
                Arrays.fill(biasSum, 0f);
                kernels.sumRowsAccumulate(rows, gateWidth, dXproj, 0, biasSum, 0);
                kernels.axpy(gateWidth, 1f, biasSum, 0, biasIh.grad(), 0);
                kernels.axpy(gateWidth, 1f, biasSum, 0, biasHh.grad(), 0);
            } else {
                kernels.sumRowsAccumulate(rows, gateWidth, dXproj, 0, biasIh.grad(), 0);
                kernels.sumRowsAccumulate(rows, gateWidth, dHproj, 0, biasHh.grad(), 0);
            }
        }
        if (proj > 0) {
            kernels.multTransAAccumulate(proj, hidden, rows, dStates, 0, cellOut, 0, weightHr.grad(), 0);
        }
        if (dX != null) {
            ihBackward.multAccumulate(kernels, rows, dXproj, 0, dX, 0);
        }
    }

    /**
     * The time loop of {@link #backward} for sequences [b0, b1), which, as in the forward pass,
     * touches only those sequences' rows. Ends with dL/dh of the initial state in {@code dh} when
     * T is even and in {@code dhPrev} when T is odd, the same for every range.
     */
    private void backwardRows(int b0, int b1) {
        int rows = b1 - b0;
        int bs = batch * stateSize;
        int bh = batch * hidden;
        int bg = batch * gateWidth;
        int so = b0 * stateSize;
        int ho = b0 * hidden;
        float[] dhCur = dh;         // dL/dh after step t, rows [b0, b1)
        float[] dhNext = dhPrev;    // becomes dL/dh before step t
        for (int s = steps - 1; s >= 0; s--) {
            int t = reverse ? steps - 1 - s : s;
            int prev = prevIndex(t);
            int after = afterIndex(t);
            int g = t * bg + b0 * gateWidth;
            boolean anyInactive = false;
            for (int b = b0; b < b1; b++) {
                if (active(t, b)) {
                    kernels.axpy(stateSize, 1f, dOut, (t * batch + b) * outWidth + outCol, dhCur, b * stateSize);
                } else {
                    anyInactive = true;
                }
            }
            if (probe != null) {
                probe.observe(layer, reverse ? 1 : 0, t, dhCur, 0, batch, stateSize);
            }
            if (anyInactive && cell == CellType.LSTM) {
                System.arraycopy(dc, ho, dcSaved, ho, rows * hidden);
            }
            switch (cell) {
                case RNN:
                    kernels.rnnBackward(activation, rows * stateSize, states, after * bs + so, dhCur, so, dXproj, g);
                    Arrays.fill(dhNext, so, so + rows * stateSize, 0f);
                    break;
                case GRU:
                    kernels.gruBackward(rows, hidden, gates, g, hproj, g, states, prev * bs + so, dhCur, so,
                            dXproj, g, dHproj, g, dhNext, so);
                    break;
                case LSTM:
                    float[] dmv = dhCur;
                    int dmo = so;
                    if (proj > 0) {
                        System.arraycopy(dhCur, so, dStates, (t * batch + b0) * proj, rows * proj);
                        Arrays.fill(dm, ho, ho + rows * hidden, 0f);
                        kernels.multPackedAccumulate(rows, hidden, proj, dhCur, so, hrPacked, dm, ho);
                        dmv = dm;
                        dmo = ho;
                    }
                    kernels.lstmBackward(rows, hidden, gates, g, cells, prev * bh + ho, cells, after * bh + ho,
                            dmv, dmo, dc, ho, dXproj, g);
                    Arrays.fill(dhNext, so, so + rows * stateSize, 0f);
                    break;
                default:
                    throw new AssertionError(cell);
            }
            if (anyInactive) {
                for (int b = b0; b < b1; b++) {
                    if (!active(t, b)) {
                        // the step did not happen for this sequence: no gate gradient, the state gradient passes through
                        int gb = t * bg + b * gateWidth;
                        Arrays.fill(dXproj, gb, gb + gateWidth, 0f);
                        if (dHproj != dXproj) {
                            Arrays.fill(dHproj, gb, gb + gateWidth, 0f);
                        }
                        if (dStates != null) {
                            Arrays.fill(dStates, (t * batch + b) * proj, (t * batch + b + 1) * proj, 0f);
                        }
                        System.arraycopy(dhCur, b * stateSize, dhNext, b * stateSize, stateSize);
                        if (cell == CellType.LSTM) {
                            System.arraycopy(dcSaved, b * hidden, dc, b * hidden, hidden);
                        }
                    }
                }
            }
            kernels.multPackedAccumulate(rows, stateSize, gateWidth, dHproj, g, hhPacked, dhNext, so);
            float[] swap = dhCur;
            dhCur = dhNext;
            dhNext = swap;
        }
    }
}
