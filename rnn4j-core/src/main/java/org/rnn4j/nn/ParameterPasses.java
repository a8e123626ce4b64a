package org.rnn4j.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.PartedTask;
import org.rnn4j.util.FloatArrays;

/**
 * The passes a training step makes over every element of every parameter — zeroing the gradients,
 * their sum of squares, scaling or clamping them, the optimizer's update, the finite checks — cut
 * into pieces that run on the kernels' threads ({@link Kernels#runParts}).
 *
 * <p>The results do not depend on the number of threads. An elementwise pass touches each element
 * once whatever the cut. A sum of squares is the sum, in order, of fixed chunks of
 * {@link #CHUNK} elements of each parameter, each chunk summed on one thread as
 * {@link FloatArrays#sumOfSquares(float[], int, int)} does: a parameter of at most one chunk gets
 * exactly the bits of summing it whole.
 *
 * <p>Below {@link #PARALLEL_MIN} elements in all everything runs on the calling thread (a hand-over
 * costs more than such a pass). Not thread-safe: one training loop uses one instance.
 */
public final class ParameterPasses {

    /** An elementwise pass over elements {@code [from, to)} of parameter {@code index}; pieces run concurrently. */
    @FunctionalInterface
    public interface Range {
        void apply(int index, int from, int to);
    }

    /** Elements per sum-of-squares chunk. */
    public static final int CHUNK = 1 << 16;
    /** Elements in all from which the passes are split over the threads. */
    static final long PARALLEL_MIN = 1 << 16;

    private final Kernels kernels;
    private final List<Parameter> parameters;
    /** starts[i] = elements before parameter i; starts[n] = all elements. */
    private final long[] starts;
    /** chunkStarts[i] = chunks before parameter i; chunkStarts[n] = all chunks. */
    private final int[] chunkStarts;
    private final double[] chunkSums;
    private final AtomicBoolean flag = new AtomicBoolean();

    // the pass in progress, read by the pieces (set before runParts, which hands them over)
    private Range range;
    private boolean ofGradients;
    private final PartedTask elementPieces = (part, parts) -> piece(range, part, parts);
    private final PartedTask chunkPieces = this::chunkPiece;
    private final Range zero = (i, from, to) -> Arrays.fill(parameter(i).grad(), from, to, 0f);
    private final Range finiteCheck = (i, from, to) -> {
        Parameter p = parameter(i);
        if (!FloatArrays.allFinite(ofGradients ? p.grad() : p.value(), from, to)) {
            flag.set(true);
        }
    };

    /**
     * @param kernels    whose threads run the pieces; {@code null} runs everything on the calling thread
     * @param parameters the parameters, in the order sums are taken
     */
    public ParameterPasses(Kernels kernels, List<Parameter> parameters) {
        this.kernels = kernels;
        this.parameters = List.copyOf(Objects.requireNonNull(parameters, "parameters"));
        int n = this.parameters.size();
        starts = new long[n + 1];
        chunkStarts = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int size = this.parameters.get(i).size();
            starts[i + 1] = starts[i] + size;
            chunkStarts[i + 1] = chunkStarts[i] + (size + CHUNK - 1) / CHUNK;
        }
        chunkSums = new double[chunkStarts[n]];
    }

    private Parameter parameter(int index) {
        return parameters.get(index);
    }

    /** The parameters, in order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Runs {@code action} over every element of every parameter, pieces possibly on several threads. */
    public void forEach(Range action) {
        if (!split()) {
            for (int i = 0; i < parameters.size(); i++) {
                action.apply(i, 0, parameters.get(i).size());
            }
            return;
        }
        range = action;
        try {
            kernels.runParts(elementPieces);
        } finally {
            range = null;
        }
    }

    /** Sets every gradient to zero. */
    public void zeroGradients() {
        forEach(zero);
    }

    /** Multiplies every gradient element by {@code scale}. */
    public void scaleGradients(float scale) {
        forEach((i, from, to) -> scale(parameters.get(i).grad(), from, to, scale));
    }

    /** Multiplies every element of parameter {@code index}'s gradient by {@code scale}, on the calling thread. */
    public void scaleGradient(int index, float scale) {
        float[] g = parameters.get(index).grad();
        scale(g, 0, g.length, scale);
    }

    private static void scale(float[] g, int from, int to, float scale) {
        for (int j = from; j < to; j++) {
            g[j] = g[j] * scale;
        }
    }

    /** Clamps every gradient element to {@code [lo, hi]} (NaN stays NaN); whether any element changed. */
    public boolean clampGradients(float lo, float hi) {
        flag.set(false);
        forEach((i, from, to) -> {
            float[] g = parameters.get(i).grad();
            boolean clamped = false;
            for (int j = from; j < to; j++) {
                if (g[j] > hi) {
                    g[j] = hi;
                    clamped = true;
                } else if (g[j] < lo) {
                    g[j] = lo;
                    clamped = true;
                }
            }
            if (clamped) {
                flag.set(true);
            }
        });
        return flag.get();
    }

    /**
     * Each parameter's {@code Σ g²} of its gradient, in double, into {@code perParameter} (one slot per
     * parameter); returns their sum in parameter order.
     */
    public double gradientSquares(double[] perParameter) {
        if (split() && chunkSums.length > 1) {
            kernels.runParts(chunkPieces);
        } else {
            chunkPiece(0, 1);
        }
        double total = 0;
        for (int i = 0; i < parameters.size(); i++) {
            double s = chunkSums[chunkStarts[i]];
            for (int c = chunkStarts[i] + 1; c < chunkStarts[i + 1]; c++) {
                s += chunkSums[c];
            }
            if (perParameter != null) {
                perParameter[i] = s;
            }
            total += s;
        }
        return total;
    }

    /** {@code Σ g²} over every gradient element, in double; see {@link #gradientSquares(double[])}. */
    public double gradientSquares() {
        return gradientSquares(null);
    }

    /** The first parameter with a NaN or infinite gradient element ({@code gradients}) or value, or "" if none. */
    public String firstNonFinite(boolean gradients) {
        ofGradients = gradients;
        flag.set(false);
        forEach(finiteCheck);
        if (!flag.get()) {
            return "";
        }
        for (Parameter p : parameters) {
            if (!FloatArrays.allFinite(gradients ? p.grad() : p.value())) {
                return p.name();
            }
        }
        return "";
    }

    private boolean split() {
        return kernels != null && kernels.parallelism() > 1 && starts[parameters.size()] >= PARALLEL_MIN;
    }

    /** Piece {@code part} of {@code parts} of the elements of all parameters, taken as one sequence. */
    private void piece(Range action, int part, int parts) {
        long total = starts[parameters.size()];
        long lo = total * part / parts;
        long hi = total * (part + 1) / parts;
        for (int i = 0; i < parameters.size() && lo < hi; i++) {
            if (starts[i + 1] <= lo) {
                continue;
            }
            int from = (int) (lo - starts[i]);
            int to = (int) (Math.min(hi, starts[i + 1]) - starts[i]);
            action.apply(i, from, to);
            lo = starts[i] + to;
        }
    }

    private void chunkPiece(int part, int parts) {
        int c0 = PartedTask.start(chunkSums.length, part, parts);
        int c1 = PartedTask.start(chunkSums.length, part + 1, parts);
        int i = 0;
        for (int c = c0; c < c1; c++) {
            while (chunkStarts[i + 1] <= c) {
                i++;
            }
            float[] g = parameters.get(i).grad();
            int from = (c - chunkStarts[i]) * CHUNK;
            chunkSums[c] = FloatArrays.sumOfSquares(g, from, Math.min(CHUNK, g.length - from));
        }
    }
}
