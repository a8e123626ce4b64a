package org.rnn4j.spark;

import java.io.Serializable;

/**
 * The tokens of one partition's streams: streams {@code [firstStream, firstStream + streams)} of the
 * global batch, stream {@code b} reading training tokens {@code [b·L, (b+1)·L]}, so the shard holds
 * tokens {@code [firstStream·L, (firstStream + streams)·L]}, {@code streams·L + 1} ids.
 *
 * @param index       the partition, = the share
 * @param firstStream the first global stream
 * @param streams     streams in this share
 * @param tokens      [streams·L + 1] token ids
 */
public record LmShard(int index, int firstStream, int streams, int[] tokens) implements Serializable {
    private static final long serialVersionUID = 1L;
}
