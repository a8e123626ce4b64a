package org.rnn4j.train;

import java.util.Map;

/**
 * A deterministic stream of batches. Its position is a small map of numbers, so that a checkpoint
 * can save it and a resumed run continues with exactly the batch that would have come next.
 */
public interface BatchSource {

    /** The next batch. Arrays of the returned batch may be reused by the following call. */
    Batch next();

    /** Completed passes over the data. */
    long epoch();

    /** The position, to save in a checkpoint. */
    Map<String, Long> cursor();

    /** Restores a position saved by {@link #cursor()}. */
    void restore(Map<String, Long> cursor);
}
