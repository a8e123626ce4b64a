package org.rnn4j.analysis;

/**
 * One norm per layer, direction and time step, as measured by {@link GradientFlow}, with lookups by
 * lag and the memory horizon.
 *
 * <p>Lag: the number of steps between step {@code t} and the last step the direction processes.
 * For the forward direction that is {@code T-1-t}; the backward direction processes step 0 last,
 * so its lag is {@code t}. Lag 0 is the direction's final state.
 */
public final class StepNorms {

    /** The memory horizon is where a norm first falls below this fraction of its value at lag 0. */
    public static final double HORIZON_FRACTION = 1e-3;

    private final int layers;
    private final int directions;
    private final int steps;
    private final double[][] norms;  // [L*D][T], indexed layer*D + direction, then time step

    /**
     * @param norms [L*D][T], indexed {@code layer*D + direction}, then time step; kept, not copied
     */
    StepNorms(int layers, int directions, int steps, double[][] norms) {
        if (norms.length != layers * directions) {
            throw new IllegalArgumentException("expected " + layers * directions + " rows, got " + norms.length);
        }
        for (double[] row : norms) {
            if (row.length != steps) {
                throw new IllegalArgumentException("expected " + steps + " steps per row, got " + row.length);
            }
        }
        this.layers = layers;
        this.directions = directions;
        this.steps = steps;
        this.norms = norms;
    }

    public int layers() {
        return layers;
    }

    public int directions() {
        return directions;
    }

    /** T. */
    public int steps() {
        return steps;
    }

    /** The norm at time step {@code t} of {@code layer}'s {@code direction} (0 forward, 1 backward). */
    public double at(int layer, int direction, int t) {
        return norms[row(layer, direction)][t];
    }

    /** Lag of step {@code t} for a direction: {@code T-1-t} forward, {@code t} backward. */
    public int lag(int direction, int t) {
        return direction == 0 ? steps - 1 - t : t;
    }

    /** The norms ordered by lag: element {@code k} is the norm at lag {@code k}. A new array. */
    public double[] byLag(int layer, int direction) {
        double[] out = new double[steps];
        double[] src = norms[row(layer, direction)];
        for (int t = 0; t < steps; t++) {
            out[lag(direction, t)] = src[t];
        }
        return out;
    }

    /**
     * The memory horizon: the smallest lag at which the norm is below {@link #HORIZON_FRACTION} of its
     * value at lag 0, or -1 when it never is within the {@code T} steps measured (the horizon is then
     * more than {@code T-1}). Also -1 when the value at lag 0 is zero or not finite.
     */
    public int horizon(int layer, int direction) {
        return horizon(byLag(layer, direction), HORIZON_FRACTION);
    }

    /** The smallest {@code k} with {@code byLag[k] < fraction · byLag[0]}, or -1 (see {@link #horizon(int, int)}). */
    public static int horizon(double[] byLag, double fraction) {
        double reference = byLag[0];
        if (!(reference > 0) || !Double.isFinite(reference)) {
            return -1;
        }
        double limit = fraction * reference;
        for (int k = 1; k < byLag.length; k++) {
            if (byLag[k] < limit) {
                return k;
            }
        }
        return -1;
    }

    private int row(int layer, int direction) {
        if (layer < 0 || layer >= layers || direction < 0 || direction >= directions) {
            throw new IndexOutOfBoundsException("layer " + layer + " direction " + direction + " of " + layers
                    + " layers and " + directions + " directions");
        }
        return layer * directions + direction;
    }
}
