package org.rnn4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.util.Rng;

/** Small deterministic texts for the Spark tests. */
final class SparkTestTexts {

    private SparkTestTexts() {
    }

    /** {@code lines} lines of pseudo-words over a 12-letter alphabet, each with its newline. */
    static List<String> lines(int lines, long seed) {
        return lines(lines, seed, 3, 6);
    }

    /** {@code lines} lines of {@code minWords} to {@code minWords + spread - 1} pseudo-words. */
    static List<String> lines(int lines, long seed, int minWords, int spread) {
        Rng rng = new Rng(seed);
        String letters = "abcdeghilnor";
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            StringBuilder b = new StringBuilder();
            int words = minWords + rng.nextInt(spread);
            for (int w = 0; w < words; w++) {
                int len = 1 + rng.nextInt(5);
                for (int k = 0; k < len; k++) {
                    b.append(letters.charAt(rng.nextInt(letters.length())));
                }
                b.append(w + 1 < words ? ' ' : '.');
            }
            out.add(b.append('\n').toString());
        }
        return out;
    }
}
