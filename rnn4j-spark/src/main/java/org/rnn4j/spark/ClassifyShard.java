package org.rnn4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.data.SequenceBatches;
import org.rnn4j.train.Batch;

/**
 * The encoded sequences one partition holds for a classifier's data-parallel run: the training (or
 * validation) sequences whose index falls in its range, kept for the whole run.
 *
 * @param index  the partition
 * @param rows   the sequences' indices in the training (validation) part, increasing
 * @param tokens [n][T_i] their token ids
 * @param labels [n] their class ids
 */
record ClassifyShard(int index, int[] rows, int[][] tokens, int[] labels) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The shard's sequences, named by index. */
    LabelledSequences sequences(List<String> classNames) {
        List<String> ids = new ArrayList<>(rows.length);
        for (int r : rows) {
            ids.add("row " + r);
        }
        return new LabelledSequences(ids, null, tokens, labels, classNames);
    }

    /**
     * The members of a global batch this shard holds, in batch order, as one padded batch; null when it
     * holds none.
     */
    Batch batch(int[] members, List<String> classNames) {
        int[] local = new int[members.length];
        int n = 0;
        for (int m : members) {
            int at = Arrays.binarySearch(rows, m);
            if (at >= 0) {
                local[n++] = at;
            }
        }
        return n == 0 ? null : SequenceBatches.batchOf(sequences(classNames), Arrays.copyOf(local, n));
    }

    /** The shortest and longest sequence, {@code {MAX, MIN}} for an empty shard. */
    int[] lengthRange() {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int[] t : tokens) {
            min = Math.min(min, t.length);
            max = Math.max(max, t.length);
        }
        return new int[] {min, max};
    }
}
