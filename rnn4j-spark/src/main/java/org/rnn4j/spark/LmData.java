package org.rnn4j.spark;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.lm.CharCorpus;
import scala.Tuple2;

/**
 * A character language model's data on Spark, cut as {@link CharCorpus#split} and
 * {@code TokenStreams} cut it on one machine: the text (the pieces of a {@code JavaRDD<String>}
 * concatenated in order) is split by code point into a training head and a validation tail, the
 * vocabulary is the head's, and the head is cut into {@code B} streams of {@code L = (N-1)/B} steps,
 * whose tokens are gathered into one cached partition per share ({@link LmShard}).
 *
 * <p>Executors read and encode the text; the driver receives per-partition counts, the vocabulary,
 * the validation slice and (for the data fingerprint) streams the text through a digest once.
 *
 * @param vocabulary         the training head's characters, in code-point order
 * @param trainTokens        N, characters in the training head
 * @param streamLength       L, steps per stream and epoch
 * @param shards             one {@link LmShard} per partition, cached
 * @param validation         the first {@code validationSlice + 1} ids of the validation tail (unseen
 *                           characters skipped); empty when there is none
 * @param validationSkipped  unseen characters skipped in that slice
 * @param validationFraction the share of the text held out at its end
 * @param sha256             SHA-256 of the whole text in UTF-8, hex, as {@link CharCorpus#sha256()}
 */
public record LmData(Vocabulary vocabulary, long trainTokens, int streamLength, JavaRDD<LmShard> shards,
        int[] validation, int validationSkipped, double validationFraction, String sha256) {

    /**
     * Prepares {@code text} for {@code batch} streams over {@code partitions} shares.
     *
     * @param text            the text's pieces, in order (lines of a file with their newline, documents...)
     * @param validationSlice how many validation characters to keep for scoring on the driver
     * @throws InvalidInputException for an empty text, parts too short, or fewer streams than partitions
     */
    public static LmData prepare(JavaRDD<String> text, double validationFraction, int batch, int partitions,
            int validationSlice) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new InvalidInputException("the validation fraction must be in [0, 1), got " + validationFraction);
        }
        if (batch < partitions) {
            throw new InvalidInputException("the global batch of " + batch + " sequences is smaller than the "
                    + partitions + " partitions: every partition needs at least one (raise --batch or lower"
                    + " --partitions)");
        }
        text.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return prepareCached(text, validationFraction, batch, partitions, validationSlice);
        } finally {
            text.unpersist(false);
        }
    }

    private static LmData prepareCached(JavaRDD<String> text, double validationFraction, int batch, int partitions,
            int validationSlice) {
        // pass 1: code points per input partition, hence each partition's global offset
        List<long[]> counts = text.mapPartitionsWithIndex((index, rows) -> {
            long n = 0;
            while (rows.hasNext()) {
                String r = rows.next();
                n += r.codePointCount(0, r.length());
            }
            return List.of(new long[] {index, n}).iterator();
        }, true).collect();
        long[] offsets = new long[counts.size() + 1];
        for (long[] c : counts) {
            offsets[(int) c[0] + 1] = c[1];
        }
        for (int i = 1; i < offsets.length; i++) {
            offsets[i] += offsets[i - 1];
        }
        long codePoints = offsets[offsets.length - 1];
        if (codePoints == 0) {
            throw new InvalidInputException("the text is empty; a language model needs text to learn from");
        }
        long validationCount = (long) Math.floor(codePoints * validationFraction);
        long trainCount = codePoints - validationCount;
        if (trainCount < CharCorpus.MIN_TRAIN_CHARACTERS) {
            throw new InvalidInputException("the text has " + codePoints + " characters, " + trainCount
                    + " for training; at least " + CharCorpus.MIN_TRAIN_CHARACTERS + " are needed");
        }
        if (validationFraction > 0 && validationCount < 2) {
            throw new InvalidInputException("the text has " + codePoints + " characters; a validation fraction of "
                    + validationFraction + " leaves " + validationCount + " for validation, at least 2 are needed");
        }
        if (trainCount > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("the training part has " + trainCount + " characters; at most "
                    + (Integer.MAX_VALUE - 8) + " are supported");
        }
        if (trainCount < batch + 1) {
            throw new InvalidInputException("the text has " + trainCount + " training characters, too few for "
                    + batch + " streams: need at least " + (batch + 1) + " (lower --batch)");
        }
        long[] starts = offsets;
        long cut = trainCount;

        // pass 2: the training head's characters
        List<int[]> seen = text.mapPartitionsWithIndex((index, rows) -> {
            TreeSet<Integer> set = new TreeSet<>();
            long g = starts[index];
            while (rows.hasNext() && g < cut) {
                String r = rows.next();
                for (int i = 0; i < r.length() && g < cut; g++) {
                    int cp = r.codePointAt(i);
                    set.add(cp);
                    i += Character.charCount(cp);
                }
            }
            return List.of(set.stream().mapToInt(Integer::intValue).toArray()).iterator();
        }, true).collect();
        TreeSet<Integer> all = new TreeSet<>();
        for (int[] s : seen) {
            for (int cp : s) {
                all.add(cp);
            }
        }
        StringBuilder symbols = new StringBuilder();
        all.forEach(symbols::appendCodePoint);
        Vocabulary vocabulary = Vocabulary.of(symbols.toString());
        List<String> vocabSymbols = vocabulary.symbols();

        // pass 3: each partition's head tokens to the shares whose streams read them
        int streamLength = (int) ((trainCount - 1) / batch);
        long[] shareFirst = new long[partitions + 1];
        for (int p = 0; p <= partitions; p++) {
            shareFirst[p] = (long) SparkOptions.shareStart(batch, p, partitions) * streamLength;
        }
        JavaPairRDD<Integer, Piece> pieces = text.mapPartitionsWithIndex((index, rows) -> {
            Vocabulary v = Vocabulary.ofSymbols(vocabSymbols);
            List<Tuple2<Integer, Piece>> out = new ArrayList<>();
            long g = starts[index];
            while (rows.hasNext() && g < cut) {
                String r = rows.next();
                int[] ids = new int[r.codePointCount(0, r.length())];
                int n = 0;
                long from = g;
                for (int i = 0; i < r.length() && g < cut; g++) {
                    int cp = r.codePointAt(i);
                    ids[n++] = v.id(cp);
                    i += Character.charCount(cp);
                }
                for (int p = 0; p < partitions; p++) {
                    // share p reads tokens [shareFirst[p], shareFirst[p+1]] (one past its last stream's end)
                    long lo = Math.max(from, shareFirst[p]);
                    long hi = Math.min(from + n, shareFirst[p + 1] + 1);
                    if (lo < hi) {
                        out.add(new Tuple2<>(p, new Piece(lo, Arrays.copyOfRange(ids, (int) (lo - from),
                                (int) (hi - from)))));
                    }
                }
            }
            return out.iterator();
        }, true).mapToPair(t -> t);
        int streamLen = streamLength;
        JavaRDD<LmShard> shards = pieces.partitionBy(new SharePartitioner(partitions))
                .mapPartitionsWithIndex((index, it) -> List.of(gather(index, it, batch, partitions, streamLen,
                        shareFirst[index])).iterator(), true);
        shards.persist(StorageLevel.MEMORY_AND_DISK());
        long built = shards.count();
        if (built != partitions) {
            throw new IllegalStateException("built " + built + " shares for " + partitions + " partitions");
        }

        // the validation slice and the fingerprint, on the driver
        MessageDigest digest = newDigest();
        int want = validationFraction > 0 ? validationSlice + 1 : 0;
        int[] validation = new int[Math.max(want, 0)];
        int kept = 0;
        int skipped = 0;
        long g = 0;
        Iterator<String> rows = text.toLocalIterator();
        while (rows.hasNext()) {
            String r = rows.next();
            digest.update(r.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < r.length() && kept < want; g++) {
                int cp = r.codePointAt(i);
                i += Character.charCount(cp);
                if (g < cut) {
                    continue;
                }
                int id = vocabulary.id(cp);
                if (id < 0) {
                    skipped++;
                } else {
                    validation[kept++] = id;
                }
            }
        }
        return new LmData(vocabulary, trainCount, streamLength, shards, Arrays.copyOf(validation, kept), skipped,
                validationFraction, HexFormat.of().formatHex(digest.digest()));
    }

    /** Share {@code index}'s tokens from its pieces, in order. */
    private static LmShard gather(int index, Iterator<Tuple2<Integer, Piece>> it, int batch, int partitions,
            int streamLength, long first) {
        int firstStream = SparkOptions.shareStart(batch, index, partitions);
        int streams = SparkOptions.shareStart(batch, index + 1, partitions) - firstStream;
        int[] tokens = new int[streams * streamLength + 1];
        int filled = 0;
        List<Piece> list = new ArrayList<>();
        it.forEachRemaining(t -> list.add(t._2()));
        list.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        for (Piece p : list) {
            System.arraycopy(p.ids(), 0, tokens, (int) (p.offset() - first), p.ids().length);
            filled += p.ids().length;
        }
        if (filled != tokens.length) {
            throw new IllegalStateException("share " + index + " gathered " + filled + " of " + tokens.length
                    + " tokens");
        }
        return new LmShard(index, firstStream, streams, tokens);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Token ids starting at global token {@code offset}. */
    record Piece(long offset, int[] ids) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Key {@code p} to partition {@code p}: share p's pieces meet in partition p. */
    static final class SharePartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        SharePartitioner(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SharePartitioner s && s.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }
}
