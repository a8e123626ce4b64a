package org.rnn4j.train;

import java.util.Arrays;
import java.util.Map;
import org.rnn4j.InvalidInputException;

/**
 * Language-model batches from one token sequence, cut into {@code B} contiguous streams read side by
 * side in chunks of {@code k} steps (Zaremba et al. 2014): stream {@code b} covers tokens
 * {@code [b·L, (b+1)·L]} with {@code L = (N-1)/B}, the input of a chunk is its tokens and the targets
 * the next tokens. The hidden state is carried from chunk to chunk; when the streams reach their
 * end they start over, and the state is reset.
 */
public final class TokenStreams implements BatchSource {

    private final int[] tokens;
    private final int streams;
    private final int chunk;
    private final int streamLength;
    private long position;
    private long epoch;
    private int[] input;
    private int[] target;
    private final boolean[] reset;

    /**
     * @param tokens  the token ids
     * @param streams B, parallel streams
     * @param chunk   k, steps per batch (truncated-BPTT length)
     */
    public TokenStreams(int[] tokens, int streams, int chunk) {
        if (streams <= 0 || chunk <= 0) {
            throw new InvalidInputException("batch and sequence length must be positive, got batch " + streams
                    + " and sequence length " + chunk);
        }
        if (tokens.length < streams + 1) {
            throw new InvalidInputException("the text has " + tokens.length + " tokens, too few for " + streams
                    + " streams: need at least " + (streams + 1) + " (lower --batch)");
        }
        this.tokens = tokens;
        this.streams = streams;
        this.chunk = chunk;
        this.streamLength = (tokens.length - 1) / streams;
        this.reset = new boolean[streams];
    }

    /** Steps per stream and epoch: L. */
    public int streamLength() {
        return streamLength;
    }

    /** Batches in one pass over the data. */
    public long batchesPerEpoch() {
        return (streamLength + chunk - 1) / chunk;
    }

    @Override
    public Batch next() {
        int len = (int) Math.min(chunk, streamLength - position);
        if (input == null || input.length != len * streams) {
            input = new int[len * streams];
            target = new int[len * streams];
        }
        for (int t = 0; t < len; t++) {
            for (int b = 0; b < streams; b++) {
                int i = (int) (b * (long) streamLength + position + t);
                input[t * streams + b] = tokens[i];
                target[t * streams + b] = tokens[i + 1];
            }
        }
        Arrays.fill(reset, position == 0);
        position += len;
        if (position >= streamLength) {
            position = 0;
            epoch++;
        }
        return Batch.tokens(len, streams, input).classTargets(target).carryingState(reset);
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public Map<String, Long> cursor() {
        return DataCursor.of("position", position, "epoch", epoch);
    }

    @Override
    public void restore(Map<String, Long> cursor) {
        DataCursor.Reader saved = DataCursor.read(cursor, "does not fit this text (stream length " + streamLength
                + ") — was the checkpoint made with other data or another --batch?");
        long p = saved.inRange("position", 0, streamLength - 1);
        long e = saved.count("epoch");
        position = p;
        epoch = e;
    }
}
