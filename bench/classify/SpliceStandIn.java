import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic stand-in for the UCI "splice" set (which is not in ../shared): 3 classes of 60-base DNA
 * strings, EI (exon → intron, a donor site), IE (intron → exon, an acceptor site) and N (neither), with
 * the boundary between bases 30 and 31 (1-based), in the UCI set's class shares (24% / 24% / 52%).
 * It is NOT the real set: it only has the same shape and a splice-like rule.
 *
 * <ul>
 * <li>Background: exon bases from a 3-periodic (codon-position) composition with a random phase per
 *     sequence, intron bases from an AT-rich composition.
 * <li>EI: exon 1..30, intron 31..60, and a donor position weight matrix over 28..36 (MAG|GTRAGT, with
 *     GT at 31..32 always, as in real donors).
 * <li>IE: intron 1..30, exon 31..60, a weak branch point at 6..10, a pyrimidine tract at 13..26 and an
 *     acceptor matrix over 27..31 (YAG|G, with AG at 29..30 always).
 * <li>N: all exon-like or all intron-like, and in 10% of them a decoy GT at 31..32 and in another 20% a
 *     decoy AG at 29..30, so that the two central bases alone do not decide the class.
 * <li>Label noise: 3% of the labels are replaced by another class drawn uniformly.
 * </ul>
 * Because the generator is known, {@link #bayes} gives the best possible answer (the posterior of the
 * generator's own likelihoods), whose accuracy on the noisy labels is the ceiling of any classifier.
 */
final class SpliceStandIn {

    static final String[] CLASSES = {"EI", "IE", "N"};
    static final double[] PRIOR = {0.24, 0.24, 0.52};
    static final double LABEL_NOISE = 0.03;
    /** Of the N sequences: no decoy, a GT at 31..32, an AG at 29..30. */
    static final double[] DECOY = {.7, .1, .2};
    static final int LENGTH = 60;
    private static final String BASES = "ACGT";

    // compositions over A, C, G, T
    private static final double[][] EXON = {{.28, .24, .32, .16}, {.30, .24, .18, .28}, {.20, .30, .26, .24}};
    private static final double[] INTRON = {.28, .20, .20, .32};
    private static final double[] PYRIMIDINE = {.05, .44, .06, .45};
    private static final double[][] DONOR = {   // positions 28..36
        {.38, .38, .16, .08}, {.74, .07, .09, .10}, {.04, .03, .89, .04}, {0, 0, 1, 0}, {0, 0, 0, 1},
        {.64, .02, .33, .01}, {.76, .06, .08, .10}, {.05, .03, .87, .05}, {.12, .12, .14, .62}};
    private static final double[][] BRANCH = {  // positions 6..10
        {.15, .40, .20, .25}, {.15, .20, .15, .50}, {.35, .10, .35, .20}, {.60, .12, .13, .15},
        {.12, .38, .12, .38}};
    private static final double[][] ACCEPTOR = {  // positions 27..31
        {.20, .34, .08, .38}, {.02, .72, .01, .25}, {1, 0, 0, 0}, {0, 0, 1, 0}, {.22, .12, .56, .10}};
    private static final double[] GT_AT_31 = {0, 0, 1, 0};
    private static final double[] T_AT_32 = {0, 0, 0, 1};
    private static final double[] A_AT_29 = {1, 0, 0, 0};
    private static final double[] G_AT_30 = {0, 0, 1, 0};

    /** A labelled sequence; {@code clean} is the class it was generated from, before label noise. */
    record Example(String sequence, int label, int clean) {
    }

    private SpliceStandIn() {
    }

    /** {@code n} sequences drawn with {@code seed}. */
    static List<Example> generate(int n, long seed) {
        Random rnd = new Random(seed);
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int c = draw(PRIOR, rnd);
            double[][] pos = switch (c) {
                case 0 -> ei(rnd.nextInt(3));
                case 1 -> ie(rnd.nextInt(3));
                default -> n(rnd.nextInt(4), draw(DECOY, rnd));
            };
            StringBuilder s = new StringBuilder(LENGTH);
            for (double[] p : pos) {
                s.append(BASES.charAt(draw(p, rnd)));
            }
            int label = c;
            if (rnd.nextDouble() < LABEL_NOISE) {
                label = (c + 1 + rnd.nextInt(2)) % 3;
            }
            out.add(new Example(s.toString(), label, c));
        }
        return out;
    }

    /** The most probable class of {@code s} under the generator (the Bayes rule). */
    static int bayes(String s) {
        double[] logPost = new double[3];
        List<double[][]> ei = new ArrayList<>();
        List<double[][]> ie = new ArrayList<>();
        List<double[][]> nn = new ArrayList<>();
        List<Double> nnWeight = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            ei.add(ei(p));
            ie.add(ie(p));
        }
        double[] decoy = DECOY;
        for (int kind = 0; kind < 4; kind++) {
            for (int d = 0; d < 3; d++) {
                nn.add(n(kind, d));
                nnWeight.add(0.25 * decoy[d]);
            }
        }
        logPost[0] = Math.log(PRIOR[0]) + logMixture(s, ei, List.of(1 / 3.0, 1 / 3.0, 1 / 3.0));
        logPost[1] = Math.log(PRIOR[1]) + logMixture(s, ie, List.of(1 / 3.0, 1 / 3.0, 1 / 3.0));
        logPost[2] = Math.log(PRIOR[2]) + logMixture(s, nn, nnWeight);
        int best = 0;
        for (int c = 1; c < 3; c++) {
            if (logPost[c] > logPost[best]) {
                best = c;
            }
        }
        return best;
    }

    private static double logMixture(String s, List<double[][]> components, List<Double> weights) {
        double[] logs = new double[components.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < logs.length; k++) {
            double l = Math.log(weights.get(k));
            double[][] pos = components.get(k);
            for (int i = 0; i < LENGTH && l > Double.NEGATIVE_INFINITY; i++) {
                l += Math.log(pos[i][BASES.indexOf(s.charAt(i))]);
            }
            logs[k] = l;
            max = Math.max(max, l);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return max + Math.log(sum);
    }

    /** Per-position base distributions of a donor sequence whose exon part has codon phase {@code phase}. */
    private static double[][] ei(int phase) {
        double[][] pos = new double[LENGTH][];
        for (int i = 0; i < LENGTH; i++) {
            pos[i] = i < 30 ? EXON[(i + phase) % 3] : INTRON;
        }
        for (int k = 0; k < DONOR.length; k++) {
            pos[27 + k] = DONOR[k];
        }
        return pos;
    }

    /** Per-position base distributions of an acceptor sequence whose exon part has codon phase {@code phase}. */
    private static double[][] ie(int phase) {
        double[][] pos = new double[LENGTH][];
        for (int i = 0; i < LENGTH; i++) {
            pos[i] = i < 30 ? INTRON : EXON[(i + phase) % 3];
        }
        for (int k = 0; k < BRANCH.length; k++) {
            pos[5 + k] = BRANCH[k];
        }
        for (int i = 12; i < 26; i++) {
            pos[i] = PYRIMIDINE;
        }
        for (int k = 0; k < ACCEPTOR.length; k++) {
            pos[26 + k] = ACCEPTOR[k];
        }
        return pos;
    }

    /**
     * Per-position base distributions of a sequence of neither class: {@code kind} 0..2 exon-like in that
     * phase, 3 intron-like; {@code decoy} 0 none, 1 GT at 31..32, 2 AG at 29..30.
     */
    private static double[][] n(int kind, int decoy) {
        double[][] pos = new double[LENGTH][];
        for (int i = 0; i < LENGTH; i++) {
            pos[i] = kind < 3 ? EXON[(i + kind) % 3] : INTRON;
        }
        if (decoy == 1) {
            pos[30] = GT_AT_31;
            pos[31] = T_AT_32;
        } else if (decoy == 2) {
            pos[28] = A_AT_29;
            pos[29] = G_AT_30;
        }
        return pos;
    }

    private static int draw(double[] p, Random rnd) {
        double u = rnd.nextDouble();
        double acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            if (u < acc) {
                return i;
            }
        }
        return p.length - 1;
    }
}
