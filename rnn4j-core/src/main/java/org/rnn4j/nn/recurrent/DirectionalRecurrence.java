package org.rnn4j.nn.recurrent;

import java.util.Arrays;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.PartedTask;
import org.rnn4j.kernel.Precision;
import org.rnn4j.kernel.QuantizedMatrix;
import org.rnn4j.nn.PackedWeight;
import org.rnn4j.nn.Parameter;

/**
 * One direction of one layer, unrolled over time: forward and full backpropagation through time.
 * What happens inside a step is the {@link Cell}'s; this class runs the steps.
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
 *   <li>each step does {@code hproj = h W_hhᵀ + b_hh} and the cell's fused pointwise kernel; with
 *       several kernel threads, each runs its share of the batch through all steps (see
 *       {@link #runRows});</li>
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

    /**
     * The input projection of a step is computed inside the time loop, just before the step reads
     * it, when each thread has at least this many sequences and the input weights are at most half
     * the size of the recurrent ones: a product of that many rows runs about as fast as one over all
     * steps, and the projection is then still in the core's cache, while both weight matrices still
     * fit in the L2 together. With fewer rows (batch 1) one product over all T·B rows is faster,
     * unless there is one step: then the step's two projections go to the kernels as a pair, one
     * hand-over to the threads instead of two (a serving loop's step).
     */
    private static final int INPUT_PER_STEP_MIN_ROWS = 6;

    private final Kernels kernels;
    private final Cell cell;
    private final boolean reverse;
    private final int layer;
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

    private final RecurrenceBuffers buffers;
    private final float[] biasSum;  // [G*H] Σ over all steps of the gate gradients, for both biases
    /** The last forward pass, which a backward pass differentiates; null before the first. */
    private ForwardPass last;
    /** Where the forward and the backward time loops cut the batch between the threads. */
    private final RowSplit forwardSplit = new RowSplit();
    private final RowSplit backwardSplit = new RowSplit();
    StepGradientProbe probe;
    /** The precision inference-only passes read the weights in; training passes always read float32. */
    Precision precision = Precision.FP32;

    /** The weights a forward pass reads: float32 packed, or (inference only) in reduced precision. */
    private static final class Weights {
        float[] ih;                 // null unless the input is projected step by step in float32
        float[] hh;
        float[] hr;
        QuantizedMatrix ihQ;
        QuantizedMatrix hhQ;
        QuantizedMatrix hrQ;
        boolean perStep;            // whether the input is projected step by step
    }

    /** The time loop over sequences {@code [b0, b1)} of a pass. */
    @FunctionalInterface
    private interface RowRange {
        void run(int b0, int b1);
    }

    DirectionalRecurrence(Kernels kernels, RecurrentConfig config, int layer, boolean reverse, String prefix) {
        this.kernels = kernels;
        this.cell = Cell.of(config, kernels);
        this.reverse = reverse;
        this.layer = layer;
        this.inputSize = config.layerInputSize(layer);
        this.hidden = config.hiddenSize();
        this.proj = config.projSize();
        this.stateSize = config.stateSize();
        this.gateWidth = config.cell().gates() * hidden;
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
        buffers = new RecurrenceBuffers(config.cell(), hidden, stateSize, proj);
    }

    /** Fixes the threads' relative speeds the next passes cut the batch by (tests: uneven cuts). */
    void setRowSpeeds(double... speeds) {
        forwardSplit.setSpeeds(speeds);
        backwardSplit.setSpeeds(speeds);
    }

    /**
     * Runs a time loop over the whole batch. Sequences are independent through the recurrence, so
     * with several kernel threads each runs the loop for its share of the batch, over all steps, and
     * the threads meet once per pass instead of at every step's product; the per-step pointwise work
     * is split too. Every row is computed by the same operations either way, so the results do not
     * depend on the split, which follows how fast each thread ran its share in the last passes
     * ({@link RowSplit}). One sequence per thread is enough (a lone sequence is better served by
     * splitting each step's product, which the kernels do inside); a gradient probe, which observes
     * whole steps, keeps one range.
     */
    private void runRows(int batch, RowSplit split, RowRange loop) {
        int parts = parts(batch);
        if (parts == 1) {
            loop.run(0, batch);
            return;
        }
        split.prepare(batch, parts);
        kernels.runParts((part, n) -> {
            boolean balanced = n > 1 && n == split.parts();
            int b0 = balanced ? split.start(part) : PartedTask.start(batch, part, n);
            int b1 = balanced ? split.start(part + 1) : PartedTask.start(batch, part + 1, n);
            if (b0 < b1) {
                long t0 = System.nanoTime();
                loop.run(b0, b1);
                if (balanced) {
                    split.record(part, System.nanoTime() - t0);
                }
            }
        });
        split.update();
    }

    /** How many pieces the time loops cut a batch into: see {@link #runRows}. */
    private int parts(int batch) {
        int threads = kernels.parallelism();
        return probe == null && threads > 1 && batch >= threads ? threads : 1;
    }

    private int prevIndex(int t) {
        return reverse ? t + 1 : t;
    }

    private int afterIndex(int t) {
        return reverse ? t : t + 1;
    }

    /** Runs the recurrence over all steps of {@code p}. */
    void forward(ForwardPass p) {
        int steps = p.steps();
        int batch = p.batch();
        int rows = steps * batch;
        buffers.ensureCapacity(rows, batch);
        RecurrenceBuffers b = buffers;
        // packed here, on the calling thread, before the time loop's threads read them
        Weights w = new Weights();
        boolean reduced = precision != Precision.FP32 && !p.keep();
        if (reduced) {
            w.hhQ = hhForward.quantized(kernels, precision);
            w.hrQ = proj > 0 ? hrForward.quantized(kernels, precision) : null;
        } else {
            w.hh = hhForward.packed(kernels);
            w.hr = proj > 0 ? hrForward.packed(kernels) : null;
        }
        boolean inputPerStep = steps == 1
                || batch / parts(batch) >= INPUT_PER_STEP_MIN_ROWS && 2 * inputSize <= stateSize;
        if (inputPerStep) {
            w.perStep = true;
            if (reduced) {
                w.ihQ = ihForward.quantized(kernels, precision);
            } else {
                w.ih = ihForward.packed(kernels);
            }
        } else {
            float[] bih = biasIh == null ? null : biasIh.value();
            kernels.broadcastRowsInPlace(rows, gateWidth, bih, 0, b.xproj, 0);
            ihForward.multAccumulate(kernels, reduced ? precision : Precision.FP32, rows, p.input(), 0, b.xproj, 0);
        }

        int bs = batch * stateSize;
        int bh = batch * hidden;
        int first = reverse ? steps - 1 : 0;
        copyOrZero(p.h0(), b.states, prevIndex(first) * bs, bs);
        if (b.cells != null) {
            copyOrZero(p.c0(), b.cells, prevIndex(first) * bh, bh);
        }
        runRows(batch, forwardSplit, (b0, b1) -> forwardRows(p, w, b0, b1));
        int end = afterIndex(reverse ? 0 : steps - 1);
        System.arraycopy(b.states, end * bs, p.hN().array(), p.hN().offset(), bs);
        if (b.cells != null && p.cN() != null) {
            System.arraycopy(b.cells, end * bh, p.cN().array(), p.cN().offset(), bh);
        }
        last = p;
    }

    private static void copyOrZero(Slice from, float[] to, int at, int n) {
        if (from == null) {
            Arrays.fill(to, at, at + n, 0f);
        } else {
            System.arraycopy(from.array(), from.offset(), to, at, n);
        }
    }

    /**
     * The time loop of {@link #forward} for sequences [b0, b1) of the batch. Every step of a
     * sequence reads only that sequence's rows, so disjoint ranges can run on different threads.
     *
     * @param w the weights of the pass, float32 packed or quantized
     */
    private void forwardRows(ForwardPass p, Weights w, int b0, int b1) {
        RecurrenceBuffers b = buffers;
        float[] bih = biasIh == null ? null : biasIh.value();
        float[] bhh = biasHh == null ? null : biasHh.value();
        int steps = p.steps();
        int batch = p.batch();
        int bs = batch * stateSize;
        int bh = batch * hidden;
        int bg = batch * gateWidth;
        boolean keepHproj = p.keep() && cell instanceof GruCell;
        Columns out = p.out();
        Step s = new Step(b0, b1, stateSize, hidden);
        s.projection = w.hr;
        s.projectionQuantized = w.hrQ;
        for (int k = 0; k < steps; k++) {
            int t = reverse ? steps - 1 - k : k;
            // This step's rows of xproj, hproj and gates: at step t where a later step or backward
            // reads them, else in the first step's slot, reused at every step so that it stays in
            // cache. Backward reads the gates (and GRU's hproj), never xproj; xproj made step by step
            // is only read by the step that made it.
            int here = t * bg + b0 * gateWidth;
            int slot = b0 * gateWidth;
            s.t = t;
            s.gates = p.keep() ? here : slot;
            s.hproj = keepHproj ? here : slot;
            s.xproj = w.perStep ? slot : here;
            s.statePrev = prevIndex(t) * bs + s.state;
            s.stateAfter = afterIndex(t) * bs + s.state;
            s.cellPrev = prevIndex(t) * bh + s.cell;
            s.cellAfter = afterIndex(t) * bh + s.cell;
            s.cellOut = t * bh + s.cell;
            kernels.broadcastRowsInPlace(s.rows, gateWidth, bhh, 0, b.hproj, s.hproj);
            int x = (t * batch + b0) * inputSize;
            if (w.perStep) {
                kernels.broadcastRowsInPlace(s.rows, gateWidth, bih, 0, b.xproj, s.xproj);
            }
            if (w.hhQ != null && w.perStep) {
                kernels.multQuantizedAccumulatePair(s.rows, p.input(), x, w.ihQ, b.states, s.statePrev, w.hhQ,
                        b.xproj, s.xproj, b.hproj, s.hproj);
            } else if (w.hhQ != null) {
                kernels.multQuantizedAccumulate(s.rows, b.states, s.statePrev, w.hhQ, b.hproj, s.hproj);
            } else if (w.perStep) {
                kernels.multPackedAccumulatePair(s.rows, gateWidth, inputSize, p.input(), x, w.ih, stateSize,
                        b.states, s.statePrev, w.hh, b.xproj, s.xproj, b.hproj, s.hproj);
            } else {
                kernels.multPackedAccumulate(s.rows, gateWidth, stateSize, b.states, s.statePrev, w.hh, b.hproj,
                        s.hproj);
            }
            cell.forward(s, b);
            int prevBase = prevIndex(t) * bs;
            int afterBase = afterIndex(t) * bs;
            for (int r = b0; r < b1; r++) {
                int o = (t * batch + r) * out.width() + out.column();
                if (p.active(t, r)) {
                    System.arraycopy(b.states, afterBase + r * stateSize, out.array(), o, stateSize);
                } else {
                    // the step did not happen for this sequence: its state passes through, its output is 0
                    System.arraycopy(b.states, prevBase + r * stateSize, b.states, afterBase + r * stateSize,
                            stateSize);
                    if (b.cells != null) {
                        System.arraycopy(b.cells, prevIndex(t) * bh + r * hidden, b.cells,
                                afterIndex(t) * bh + r * hidden,
                                hidden);
                    }
                    Arrays.fill(out.array(), o, o + stateSize, 0f);
                }
            }
        }
    }

    /**
     * Backpropagation through time for the last forward pass. Accumulates into every parameter's
     * gradient and into {@code dX}.
     */
    void backward(BackwardPass g) {
        ForwardPass p = last;
        assert p != null && p.keep() : "backward needs a forward pass that kept its activations";
        RecurrenceBuffers b = buffers;
        int steps = p.steps();
        int batch = p.batch();
        int bs = batch * stateSize;
        int bh = batch * hidden;
        int rows = steps * batch;
        copyOrZero(g.dhN(), b.dh, 0, bs);
        if (b.cells != null) {
            copyOrZero(g.dcN(), b.dc, 0, bh);
        }
        float[] hh = hhBackward.packed(kernels);
        float[] hr = proj > 0 ? hrBackward.packed(kernels) : null;
        runRows(batch, backwardSplit, (b0, b1) -> backwardRows(p, g, hh, hr, b0, b1));
        if (steps % 2 == 1) {
            // every range swapped its two state-gradient buffers once per step
            float[] swap = b.dh;
            b.dh = b.dhPrev;
            b.dhPrev = swap;
        }
        if (g.dh0() != null) {
            System.arraycopy(b.dh, 0, g.dh0().array(), g.dh0().offset(), bs);
        }
        if (g.dc0() != null && b.cells != null) {
            System.arraycopy(b.dc, 0, g.dc0().array(), g.dc0().offset(), bh);
        }

        kernels.multTransAAccumulate(gateWidth, inputSize, rows, b.dXproj, 0, p.input(), 0, weightIh.grad(), 0);
        int prevBlock = (reverse ? 1 : 0) * bs;
        kernels.multTransAAccumulate(gateWidth, stateSize, rows, b.dHproj, 0, b.states, prevBlock, weightHh.grad(), 0);
        if (biasIh != null) {
            if (b.dHproj == b.dXproj) {
                // LSTM and RNN: both biases get the same sum; one pass over all steps' gradients
                Arrays.fill(biasSum, 0f);
                kernels.sumRowsAccumulate(rows, gateWidth, b.dXproj, 0, biasSum, 0);
                kernels.axpy(gateWidth, 1f, biasSum, 0, biasIh.grad(), 0);
                kernels.axpy(gateWidth, 1f, biasSum, 0, biasHh.grad(), 0);
            } else {
                kernels.sumRowsAccumulate(rows, gateWidth, b.dXproj, 0, biasIh.grad(), 0);
                kernels.sumRowsAccumulate(rows, gateWidth, b.dHproj, 0, biasHh.grad(), 0);
            }
        }
        if (proj > 0) {
            kernels.multTransAAccumulate(proj, hidden, rows, b.dStates, 0, b.cellOut, 0, weightHr.grad(), 0);
        }
        if (g.dX() != null) {
            ihBackward.multAccumulate(kernels, rows, b.dXproj, 0, g.dX(), 0);
        }
    }

    /**
     * The time loop of {@link #backward} for sequences [b0, b1), which, as in the forward pass,
     * touches only those sequences' rows. Ends with dL/dh of the initial state in {@code dh} when
     * T is even and in {@code dhPrev} when T is odd, the same for every range.
     */
    private void backwardRows(ForwardPass p, BackwardPass g, float[] hh, float[] hr, int b0, int b1) {
        RecurrenceBuffers b = buffers;
        int steps = p.steps();
        int batch = p.batch();
        int bs = batch * stateSize;
        int bh = batch * hidden;
        int bg = batch * gateWidth;
        Columns dOut = g.dOut();
        Step s = new Step(b0, b1, stateSize, hidden);
        s.projection = hr;
        float[] dhCur = b.dh;         // dL/dh after step t, rows [b0, b1)
        float[] dhNext = b.dhPrev;    // becomes dL/dh before step t
        for (int k = steps - 1; k >= 0; k--) {
            int t = reverse ? steps - 1 - k : k;
            s.t = t;
            s.gates = t * bg + b0 * gateWidth;
            s.xproj = s.gates;
            s.hproj = s.gates;
            s.statePrev = prevIndex(t) * bs + s.state;
            s.stateAfter = afterIndex(t) * bs + s.state;
            s.cellPrev = prevIndex(t) * bh + s.cell;
            s.cellAfter = afterIndex(t) * bh + s.cell;
            s.dState = (t * batch + b0) * proj;
            boolean anyInactive = false;
            for (int r = b0; r < b1; r++) {
                if (p.active(t, r)) {
                    kernels.axpy(stateSize, 1f, dOut.array(), (t * batch + r) * dOut.width() + dOut.column(), dhCur,
                            r * stateSize);
                } else {
                    anyInactive = true;
                }
            }
            if (probe != null) {
                probe.observe(layer, reverse ? 1 : 0, t, dhCur, 0, batch, stateSize);
            }
            if (anyInactive && b.cells != null) {
                System.arraycopy(b.dc, s.cell, b.dcSaved, s.cell, s.rows * hidden);
            }
            cell.backward(s, b, dhCur, dhNext);
            if (anyInactive) {
                for (int r = b0; r < b1; r++) {
                    if (!p.active(t, r)) {
                        // the step did not happen for this sequence: no gate gradient, the state gradient passes through
                        int gr = t * bg + r * gateWidth;
                        Arrays.fill(b.dXproj, gr, gr + gateWidth, 0f);
                        if (b.dHproj != b.dXproj) {
                            Arrays.fill(b.dHproj, gr, gr + gateWidth, 0f);
                        }
                        if (b.dStates != null) {
                            Arrays.fill(b.dStates, (t * batch + r) * proj, (t * batch + r + 1) * proj, 0f);
                        }
                        System.arraycopy(dhCur, r * stateSize, dhNext, r * stateSize, stateSize);
                        if (b.cells != null) {
                            System.arraycopy(b.dcSaved, r * hidden, b.dc, r * hidden, hidden);
                        }
                    }
                }
            }
            kernels.multPackedAccumulate(s.rows, stateSize, gateWidth, b.dHproj, s.hproj, hh, dhNext, s.state);
            float[] swap = dhCur;
            dhCur = dhNext;
            dhNext = swap;
        }
    }
}
