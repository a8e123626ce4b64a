package org.rnn4j.data;

import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.train.Batch;
import org.rnn4j.train.BatchSource;
import org.rnn4j.train.DataCursor;
import org.rnn4j.util.Rng;

/**
 * Many-to-one training pairs from a multivariate series: a window of {@code W} consecutive rows of
 * input features, and as target the next row's target values. Each batch draws {@code B} window
 * starts uniformly from the valid range, so an "epoch" is {@code ceil(windows / B)} batches.
 *
 * <p>Legend: {@code N} rows, {@code F} input features per row, {@code K} targets per row.
 */
public final class WindowBatches implements BatchSource {

    private final float[][] inputs;   // [N][F]
    private final float[][] targets;  // [N][K]
    private final int window;
    private final int batch;
    private final Rng rng;
    private final long batchesPerEpoch;
    private long drawn;
    private final float[] x;
    private final float[] y;

    /**
     * @param inputs  [N][F] input features of every row
     * @param targets [N][K] target values of every row; the pair for a window ending at row i is row i+1
     * @param window  W, steps the model reads
     * @param batch   B
     * @param rng     draws window starts; its state is part of the cursor
     */
    public WindowBatches(float[][] inputs, float[][] targets, int window, int batch, Rng rng) {
        if (window <= 0 || batch <= 0) {
            throw new InvalidInputException(
                    "window and batch must be positive, got window " + window + " and batch " + batch);
        }
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException("inputs and targets need the same rows");
        }
        if (inputs.length < window + 1) {
            throw new InvalidInputException(
                    "the series has " + inputs.length + " training rows, too few for a window of "
                            + window + " plus one target row; use a shorter --window or more data");
        }
        this.inputs = inputs;
        this.targets = targets;
        this.window = window;
        this.batch = batch;
        this.rng = rng;
        long windows = inputs.length - window;
        this.batchesPerEpoch = (windows + batch - 1) / batch;
        this.x = new float[window * batch * inputs[0].length];
        this.y = new float[batch * targets[0].length];
    }

    /** The number of distinct windows. */
    public int windows() {
        return inputs.length - window;
    }

    @Override
    public Batch next() {
        int f = inputs[0].length;
        int k = targets[0].length;
        for (int b = 0; b < batch; b++) {
            int start = rng.nextInt(windows());
            for (int t = 0; t < window; t++) {
                System.arraycopy(inputs[start + t], 0, x, (t * batch + b) * f, f);
            }
            System.arraycopy(targets[start + window], 0, y, b * k, k);
        }
        drawn++;
        return Batch.features(window, batch, x).valueTargets(y);
    }

    @Override
    public long epoch() {
        return drawn / batchesPerEpoch;
    }

    @Override
    public Map<String, Long> cursor() {
        return DataCursor.of("drawn", drawn, "rng", rng.state());
    }

    @Override
    public void restore(Map<String, Long> cursor) {
        DataCursor.Reader saved = DataCursor.read(cursor, "is not a window-batch cursor");
        long d = saved.count("drawn");
        long r = saved.value("rng");
        drawn = d;
        rng.setState(r);
    }
}
