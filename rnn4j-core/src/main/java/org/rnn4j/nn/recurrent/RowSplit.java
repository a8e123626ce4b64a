package org.rnn4j.nn.recurrent;

import java.util.Arrays;

/**
 * Where a time loop cuts its batch between the kernel threads, adjusted to how fast each piece ran
 * last time.
 *
 * <p>The threads do not run equally fast on shared cores (a worker's half of a time loop can take
 * longer than the calling thread's, whichever core or half of the batch it has; see
 * bench/RESULTS-2026-12-01.md), and the whole pass waits for the slowest. So each piece's share of
 * the rows follows a running estimate of its speed (rows per nanosecond of the last passes,
 * smoothed), and the pieces finish closer together.
 *
 * <p>The cut does not change results: every row goes through the same operations whichever piece
 * computes it (see {@code DirectionalRecurrence#runRows}). Piece 0 always runs on the calling
 * thread, piece 1 normally on the same worker, so the estimates stay attached to the same thread.
 * Not thread-safe except as used: {@link #record} from the pieces, each its own slot, the rest from
 * the calling thread before and after the pieces run.
 */
final class RowSplit {

    /** Weight of the newest pass in the speed estimates. */
    private static final double SMOOTHING = 0.25;
    /** Bounds of a piece's relative speed: one slow pass (a thread descheduled) moves the cut only so far. */
    private static final double MIN_SPEED = 0.5;
    private static final double MAX_SPEED = 2.0;

    private double[] speed = new double[0];
    private int[] starts = new int[1];
    private long[] nanos = new long[0];
    private double[] observed = new double[0];

    /** Cuts {@code rows} rows (at least one per piece) into {@code parts} pieces by the current estimates. */
    void prepare(int rows, int parts) {
        if (parts < 1 || rows < parts) {
            throw new IllegalArgumentException(
                    "cannot cut " + rows + " rows into " + parts + " pieces of at least one");
        }
        if (speed.length != parts) {
            speed = new double[parts];
            Arrays.fill(speed, 1.0);
            starts = new int[parts + 1];
            nanos = new long[parts];
            observed = new double[parts];
        }
        Arrays.fill(nanos, 0L);
        double total = 0;
        for (double s : speed) {
            total += s;
        }
        // Cuts at even rows when every piece can have two or more: an odd piece leaves one row to
        // the single-row tile, which reads all of B for that row alone.
        int unit = rows % 2 == 0 && rows >= 2 * parts ? 2 : 1;
        double sum = 0;
        starts[0] = 0;
        for (int p = 1; p < parts; p++) {
            sum += speed[p - 1];
            int cut = (int) Math.round(rows * sum / total / unit) * unit;
            // at least one unit for each piece before and after this cut
            starts[p] = Math.max(starts[p - 1] + unit, Math.min(cut, rows - (parts - p) * unit));
        }
        starts[parts] = rows;
    }

    /** The number of pieces of the last {@link #prepare}. */
    int parts() {
        return speed.length;
    }

    /** First row of piece {@code part}; {@code start(parts())} is the row count. */
    int start(int part) {
        return starts[part];
    }

    /** How long piece {@code part} took; called by the piece itself. */
    void record(int part, long elapsedNanos) {
        nanos[part] = elapsedNanos;
    }

    /**
     * Folds the recorded times into the estimates. Pieces without a time (the pass ran in one piece
     * after all, the pool being busy) leave them as they are.
     */
    void update() {
        int parts = speed.length;
        double mean = 0;
        for (int p = 0; p < parts; p++) {
            if (nanos[p] <= 0) {
                return;
            }
            observed[p] = (starts[p + 1] - starts[p]) / (double) nanos[p];
            mean += observed[p] / parts;
        }
        double total = 0;
        for (int p = 0; p < parts; p++) {
            double s = (1 - SMOOTHING) * speed[p] + SMOOTHING * observed[p] / mean;
            speed[p] = s;
            total += s;
        }
        for (int p = 0; p < parts; p++) {
            speed[p] = Math.max(MIN_SPEED, Math.min(MAX_SPEED, speed[p] * parts / total));
        }
    }

    /** Sets the estimates (tests: a fixed uneven cut). */
    void setSpeeds(double... speeds) {
        speed = speeds.clone();
        starts = new int[speeds.length + 1];
        nanos = new long[speeds.length];
        observed = new double[speeds.length];
    }
}
