package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.SplittingKernels;
import org.rnn4j.util.FloatArrays;

/** The whole-parameter passes give the same bits on one thread and cut into pieces on several. */
public class ParameterPassesTest {

    /** Sizes across chunk boundaries: two chunks and a bit, a tiny one, exactly one chunk, three and one. */
    private static final int[] SIZES = {ParameterPasses.CHUNK + 4_464, 5, ParameterPasses.CHUNK,
        2 * ParameterPasses.CHUNK + 1};

    private static final SplittingKernels TWO = new SplittingKernels(2);
    private static final SplittingKernels THREE = new SplittingKernels(3);

    @AfterAll
    static void close() {
        TWO.close();
        THREE.close();
    }

    public static List<Parameter> parameters(long seed) {
        Random r = new Random(seed);
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            Parameter p = new Parameter("p" + i, SIZES[i]);
            for (int j = 0; j < p.size(); j++) {
                p.value()[j] = (float) r.nextGaussian();
                p.grad()[j] = (float) (r.nextGaussian() * Math.exp(4 * r.nextGaussian()));
            }
            ps.add(p);
        }
        return ps;
    }

    @Test
    void everyElementIsVisitedOnceWhateverTheCut() {
        for (SplittingKernels k : List.of(TWO, THREE)) {
            List<Parameter> ps = parameters(1);
            int[][] hits = new int[ps.size()][];
            for (int i = 0; i < ps.size(); i++) {
                hits[i] = new int[ps.get(i).size()];
            }
            int[] calls = new int[1];
            new ParameterPasses(k, ps).forEach((i, from, to) -> {
                synchronized (calls) {
                    calls[0]++;
                }
                for (int j = from; j < to; j++) {
                    hits[i][j]++;
                }
            });
            for (int[] h : hits) {
                for (int count : h) {
                    assertEquals(1, count);
                }
            }
            assertTrue(calls[0] > ps.size(), "the cut should split some parameter: " + calls[0] + " ranges");
        }
    }

    @Test
    void sumsOfSquaresHaveTheSameBitsOnAnyNumberOfThreads() {
        List<Parameter> ps = parameters(2);
        double[] serial = new double[ps.size()];
        double total = new ParameterPasses(null, ps).gradientSquares(serial);
        for (SplittingKernels k : List.of(TWO, THREE)) {
            double[] split = new double[ps.size()];
            assertEquals(total, new ParameterPasses(k, ps).gradientSquares(split));
            assertArrayEquals(serial, split);
        }
        // a parameter of one chunk or less: the bits of summing it whole
        assertEquals(FloatArrays.sumOfSquares(ps.get(1).grad(), SIZES[1]), serial[1]);
        assertEquals(FloatArrays.sumOfSquares(ps.get(2).grad(), SIZES[2]), serial[2]);
        // and the chunked ones agree with a plain double sum
        for (int i = 0; i < ps.size(); i++) {
            double plain = 0;
            for (float g : ps.get(i).grad()) {
                plain += (double) g * g;
            }
            assertEquals(plain, serial[i], 1e-12 * plain);
        }
    }

    @Test
    void elementwisePassesMatchTheSerialOnes() {
        for (SplittingKernels k : List.of(TWO, THREE)) {
            List<Parameter> a = parameters(3);
            List<Parameter> b = parameters(3);
            ParameterPasses serial = new ParameterPasses(null, a);
            ParameterPasses split = new ParameterPasses(k, b);
            serial.scaleGradients(0.37f);
            split.scaleGradients(0.37f);
            assertEquals(serial.clampGradients(-0.5f, 0.5f), split.clampGradients(-0.5f, 0.5f));
            assertFalse(split.clampGradients(-0.5f, 0.5f), "nothing left to clamp");
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).grad(), b.get(i).grad());
            }
            split.zeroGradients();
            for (Parameter p : b) {
                for (float g : p.grad()) {
                    assertEquals(0f, g);
                }
            }
        }
    }

    @Test
    void findsTheFirstNonFiniteParameterFromAnyPiece() {
        for (SplittingKernels k : List.of(TWO, THREE)) {
            List<Parameter> ps = parameters(4);
            ParameterPasses passes = new ParameterPasses(k, ps);
            assertEquals("", passes.firstNonFinite(true));
            assertEquals("", passes.firstNonFinite(false));
            ps.get(3).grad()[SIZES[3] - 1] = Float.NaN;
            ps.get(0).value()[7] = Float.NEGATIVE_INFINITY;
            ps.get(2).value()[SIZES[2] / 2] = Float.POSITIVE_INFINITY;
            assertEquals("p3", passes.firstNonFinite(true));
            assertEquals("p0", passes.firstNonFinite(false));
        }
    }
}
