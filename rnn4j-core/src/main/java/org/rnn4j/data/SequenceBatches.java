package org.rnn4j.data;

import java.util.Arrays;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.train.Batch;
import org.rnn4j.train.BatchSource;
import org.rnn4j.train.DataCursor;
import org.rnn4j.util.Rng;

/**
 * Batches of whole labelled sequences for many-to-one classification: each batch is padded to its
 * longest sequence and carries the lengths, so padding never affects a result. In shuffled mode
 * every epoch visits the sequences in a new order drawn from the generator; in order mode (for
 * evaluation) they come in file order and the last batch may be smaller.
 */
public final class SequenceBatches implements BatchSource {

    private final LabelledSequences data;
    private final int batch;
    private final Rng rng;
    private final int[] order;
    private long epoch;
    private int index;
    private long epochSeed;

    /**
     * @param rng generator for the epoch orders, or null for file order (evaluation)
     */
    public SequenceBatches(LabelledSequences data, int batch, Rng rng) {
        this(data, data.size(), batch, rng);
    }

    private void startEpoch(long seed) {
        epochSeed = seed;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (rng != null) {
            Rng shuffle = new Rng(seed);
            for (int i = order.length - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
        }
        index = 0;
    }

    /**
     * The shuffled epoch orders of {@code size} sequences without the sequences: {@link #nextMembers}
     * gives each batch's indices and the cursor moves exactly as over the data, for a driver whose
     * batches are built where the data is (a data-parallel run).
     */
    public static SequenceBatches indicesOnly(int size, int batch, Rng rng) {
        if (rng == null) {
            throw new IllegalArgumentException("an order of indices needs a generator");
        }
        return new SequenceBatches(null, size, batch, rng);
    }

    private SequenceBatches(LabelledSequences data, int size, int batch, Rng rng) {
        if (batch <= 0) {
            throw new InvalidInputException("batch must be positive, got " + batch);
        }
        this.data = data;
        this.batch = batch;
        this.rng = rng;
        this.order = new int[size];
        startEpoch(rng == null ? 0 : rng.nextLong());
    }

    /**
     * The sequence indices of the next batch, in batch order, moving the cursor as {@link #next} does
     * (shuffled mode).
     */
    public int[] nextMembers() {
        if (rng == null) {
            throw new IllegalStateException("members are drawn in shuffled mode only");
        }
        int b = Math.min(batch, order.length);
        int[] members = new int[b];
        for (int i = 0; i < b; i++) {
            if (index == order.length) {
                epoch++;
                startEpoch(rng.nextLong());
            }
            members[i] = order[index++];
        }
        return members;
    }

    /** Batches in one epoch. */
    public long batchesPerEpoch() {
        return (order.length + batch - 1) / batch;
    }

    @Override
    public Batch next() {
        if (data == null) {
            throw new IllegalStateException("an order of indices yields members, not batches");
        }
        int[] members;
        if (rng != null) {
            members = nextMembers();
        } else {
            members = Arrays.copyOfRange(order, index, Math.min(order.length, index + batch));
            index += members.length;
            if (index == order.length) {
                epoch++;
                index = 0;
            }
        }
        return batchOf(data, members);
    }

    /** Sequences {@code members} of {@code data}, in that order, as one padded batch with their lengths and labels. */
    public static Batch batchOf(LabelledSequences data, int[] members) {
        int b = members.length;
        int steps = 0;
        int[] lengths = new int[b];
        int[] labels = new int[b];
        for (int i = 0; i < b; i++) {
            lengths[i] = data.length(members[i]);
            labels[i] = data.labels()[members[i]];
            steps = Math.max(steps, lengths[i]);
        }
        Batch.Inputs input;
        if (data.dense()) {
            int f = data.featureCount();
            float[] features = new float[steps * b * f];
            for (int i = 0; i < b; i++) {
                float[][] seq = data.features()[members[i]];
                for (int t = 0; t < seq.length; t++) {
                    System.arraycopy(seq[t], 0, features, (t * b + i) * f, f);
                }
            }
            input = Batch.features(steps, b, features);
        } else {
            int[] tokens = new int[steps * b];
            for (int i = 0; i < b; i++) {
                int[] seq = data.tokens()[members[i]];
                for (int t = 0; t < seq.length; t++) {
                    tokens[t * b + i] = seq[t];
                }
            }
            input = Batch.tokens(steps, b, tokens);
        }
        return input.lengths(lengths).classTargets(labels);
    }

    /** The sequence indices of the batch {@link #next()} returned last is not kept; use order mode to align outputs. */
    public int[] fileOrder() {
        return Arrays.copyOf(order, order.length);
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public Map<String, Long> cursor() {
        return DataCursor.of("epoch", epoch, "index", index, "epoch_seed", epochSeed, "rng",
                rng == null ? 0L : rng.state());
    }

    @Override
    public void restore(Map<String, Long> cursor) {
        DataCursor.Reader saved = DataCursor.read(cursor,
                "does not fit these sequences — was the checkpoint made with other data?");
        long e = saved.value("epoch");
        long i = saved.inRange("index", 0, order.length);
        long s = saved.value("epoch_seed");
        long r = saved.value("rng");
        if (rng != null) {
            rng.setState(r);
        }
        startEpoch(s);
        epoch = e;
        index = (int) i;
    }
}
