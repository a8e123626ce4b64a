package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.optim.OptimAssert.assertClose;
import static org.rnn4j.optim.OptimAssert.parameter;
import static org.rnn4j.optim.OptimAssert.setGrad;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.nn.Parameter;

class GradientClippingTest {

    /** Gradients [3, 4] and [12]: global norm sqrt(9 + 16 + 144) = 13. */
    private static List<Parameter> thirteen() {
        Parameter a = parameter("a", 0f, 0f);
        Parameter b = parameter("b", 0f);
        setGrad(a, 3f, 4f);
        setGrad(b, 12f);
        return List.of(a, b);
    }

    @Test
    void globalNormCoversEveryGradient() {
        assertEquals(13.0, GradientClipping.globalNorm(thirteen()));
    }

    @Test
    void underTheLimitNothingChanges() {
        List<Parameter> ps = thirteen();
        ClipResult r = GradientClipping.clipGlobalNorm(ps, 20);
        assertEquals(new ClipResult(13.0, false), r);
        assertArrayEquals(new float[] {3f, 4f}, ps.get(0).grad());
        assertArrayEquals(new float[] {12f}, ps.get(1).grad());
    }

    @Test
    void overTheLimitEveryGradientIsScaledByTheSameFactor() {
        List<Parameter> ps = thirteen();
        ClipResult r = GradientClipping.clipGlobalNorm(ps, 6.5);
        assertEquals(13.0, r.totalNorm(), "the norm before clipping");
        assertTrue(r.clipped());
        double coef = 6.5 / (13 + 1e-6);
        assertClose(new double[] {3 * coef, 4 * coef}, ps.get(0).grad(), "a");
        assertClose(new double[] {12 * coef}, ps.get(1).grad(), "b");
        assertEquals(6.5, GradientClipping.globalNorm(ps), 1e-5);
    }

    @Test
    void atExactlyTheLimitTheEpsilonStillScales() {
        // PyTorch's coef = max_norm / (total_norm + 1e-6) is just below 1 when total_norm == max_norm.
        List<Parameter> ps = thirteen();
        assertTrue(GradientClipping.clipGlobalNorm(ps, 13).clipped());
        assertTrue(ps.get(1).grad()[0] < 12f);
    }

    @Test
    void zeroGradientsAreLeftAlone() {
        Parameter p = parameter("w", 1f, 2f);
        assertEquals(new ClipResult(0.0, false), GradientClipping.clipGlobalNorm(List.of(p), 1));
        assertArrayEquals(new float[] {0f, 0f}, p.grad());
    }

    @Test
    void nonFiniteNormIsReportedAndNothingIsScaled() {
        List<Parameter> ps = thirteen();
        ps.get(1).grad()[0] = Float.NaN;
        ClipResult r = GradientClipping.clipGlobalNorm(ps, 1);
        assertTrue(Double.isNaN(r.totalNorm()));
        assertFalse(r.finite());
        assertFalse(r.clipped());
        assertArrayEquals(new float[] {3f, 4f}, ps.get(0).grad());

        List<Parameter> inf = thirteen();
        inf.get(0).grad()[1] = Float.NEGATIVE_INFINITY;
        ClipResult ri = GradientClipping.clipGlobalNorm(inf, 1);
        assertEquals(Double.POSITIVE_INFINITY, ri.totalNorm());
        assertFalse(ri.finite());
        assertArrayEquals(new float[] {12f}, inf.get(1).grad());
    }

    @Test
    void normIsSummedInDouble() {
        // 4096 squares of 1e-4-ish values plus one large value: a float sum would lose the small ones.
        Parameter p = new Parameter("w", 4097);
        p.grad()[0] = 1000f;
        for (int j = 1; j < p.size(); j++) {
            p.grad()[j] = 0.01f;
        }
        double expected = Math.sqrt(1e6 + 4096 * (double) 0.01f * 0.01f);
        assertEquals(expected, GradientClipping.globalNorm(List.of(p)), 1e-9);
    }

    @Test
    void clipValueClampsEachElementAndReportsTheNormBefore() {
        Parameter a = parameter("a", 0f, 0f, 0f);
        setGrad(a, 0.5f, -2f, 0.25f);
        ClipResult r = GradientClipping.clipValue(List.of(a), 1);
        assertEquals(Math.sqrt(0.25 + 4 + 0.0625), r.totalNorm());
        assertTrue(r.clipped());
        assertArrayEquals(new float[] {0.5f, -1f, 0.25f}, a.grad());

        ClipResult again = GradientClipping.clipValue(List.of(a), 1);
        assertFalse(again.clipped(), "values already inside the bounds are not clamped");
        assertEquals(Math.sqrt(0.25 + 1 + 0.0625), again.totalNorm());
    }

    @Test
    void perParameterClippingUsesEachParametersOwnNorm() {
        Parameter big = parameter("big", 0f, 0f);
        Parameter small = parameter("small", 0f, 0f);
        setGrad(big, 3f, 4f);       // norm 5
        setGrad(small, 0.375f, 0.5f); // norm 0.625
        ClipResult r = GradientClipping.clipNormPerParameter(List.of(big, small), 1);
        assertEquals(Math.sqrt(25 + 0.390625), r.totalNorm());
        assertTrue(r.clipped());
        double coef = 1 / (5 + 1e-6);
        assertClose(new double[] {3 * coef, 4 * coef}, big.grad(), "big");
        assertArrayEquals(new float[] {0.375f, 0.5f}, small.grad(), "a parameter under the limit is untouched");
    }

    @Test
    void rejectsNonPositiveLimits() {
        assertEquals("gradient clipping max norm must be > 0, got 0.0",
                assertThrows(InvalidInputException.class, () -> GradientClipping.clipGlobalNorm(thirteen(), 0))
                        .getMessage());
        assertThrows(InvalidInputException.class, () -> GradientClipping.clipGlobalNorm(thirteen(), Double.NaN));
        assertEquals("gradient clipping clip value must be > 0, got -1.0",
                assertThrows(InvalidInputException.class, () -> GradientClipping.clipValue(thirteen(), -1))
                        .getMessage());
        assertThrows(InvalidInputException.class, () -> GradientClipping.clipNormPerParameter(thirteen(), -2));
    }
}
