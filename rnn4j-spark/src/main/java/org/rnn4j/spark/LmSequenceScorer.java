package org.rnn4j.spark;

import java.util.List;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.serve.Session;

/**
 * Scores texts one by one under a character language model, each from the zero state: the mean
 * cross-entropy of every next character (nats), and the most likely character after the text. Texts
 * run side by side through one {@link Session} of {@code B} streams, {@code B} at a time; characters
 * outside the vocabulary are skipped and counted. Plain Java: the Spark scoring runs it per partition,
 * and the same call on one thread is the reference it must equal.
 */
public final class LmSequenceScorer {

    /**
     * One text's score.
     *
     * @param characters characters read (vocabulary characters only)
     * @param skipped    characters outside the vocabulary, left out
     * @param loss       mean cross-entropy of the {@code characters - 1} next characters, nats; NaN when
     *                   fewer than two characters
     * @param next       the most likely character after the text; empty for an empty text
     */
    public record Score(int characters, int skipped, double loss, String next) {
    }

    private final Session session;
    private final Vocabulary vocabulary;

    /**
     * @param session    a session of the model, its batch the block size B; used exclusively by this scorer
     * @param vocabulary the model's
     */
    public LmSequenceScorer(Session session, Vocabulary vocabulary) {
        this.session = session;
        this.vocabulary = vocabulary;
    }

    /** Scores {@code texts[from, to)} into {@code out[from, to)}, B at a time. */
    public void score(List<String> texts, int from, int to, Score[] out) {
        int block = session.batch();
        for (int start = from; start < to; start += block) {
            int n = Math.min(block, to - start);
            scoreBlock(texts, start, n, out);
        }
    }

    private void scoreBlock(List<String> texts, int start, int n, Score[] out) {
        int block = session.batch();
        int vocab = vocabulary.size();
        int[][] ids = new int[n][];
        int[] skipped = new int[n];
        int longest = 0;
        for (int b = 0; b < n; b++) {
            Vocabulary.Encoded e = vocabulary.encode(texts.get(start + b));
            ids[b] = e.ids();
            skipped[b] = e.skipped();
            longest = Math.max(longest, ids[b].length);
        }
        double[] sum = new double[n];
        String[] next = new String[n];
        int[] tokens = new int[block];
        session.reset();
        for (int t = 0; t < longest; t++) {
            for (int b = 0; b < n; b++) {
                // a finished text's stream reads a filler; nothing of it is used
                tokens[b] = t < ids[b].length ? ids[b][t] : 0;
            }
            float[] logits = session.step(tokens);
            for (int b = 0; b < n; b++) {
                int len = ids[b].length;
                if (t >= len) {
                    continue;
                }
                int off = b * vocab;
                if (t + 1 < len) {
                    sum[b] += crossEntropy(logits, off, vocab, ids[b][t + 1]);
                } else {
                    next[b] = vocabulary.symbol(argmax(logits, off, vocab));
                }
            }
        }
        for (int b = 0; b < n; b++) {
            int len = ids[b].length;
            out[start + b] = new Score(len, skipped[b], len >= 2 ? sum[b] / (len - 1) : Double.NaN,
                    next[b] == null ? "" : next[b]);
        }
    }

    /** {@code log Σ exp(z) - z[y]} over one row, the maximum subtracted first, in double. */
    static double crossEntropy(float[] z, int off, int classes, int y) {
        float max = Float.NEGATIVE_INFINITY;
        for (int v = 0; v < classes; v++) {
            max = Math.max(max, z[off + v]);
        }
        double s = 0;
        for (int v = 0; v < classes; v++) {
            s += Math.exp(z[off + v] - max);
        }
        return max + Math.log(s) - z[off + y];
    }

    private static int argmax(float[] z, int off, int classes) {
        int best = 0;
        for (int v = 1; v < classes; v++) {
            if (z[off + v] > z[off + best]) {
                best = v;
            }
        }
        return best;
    }
}
