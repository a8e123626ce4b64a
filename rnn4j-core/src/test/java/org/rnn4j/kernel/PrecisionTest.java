package org.rnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rounding of reduced-precision weights, and the specification's products with them. */
class PrecisionTest {

    private static final ScalarKernels SCALAR = new ScalarKernels();

    @Test
    void bf16RoundsToNearestTiesToEven() {
        assertEquals(1f, Precision.toBf16(1f));
        // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: the even one, 1
        assertEquals(1f, Precision.toBf16(1f + 0x1p-8f));
        // 1 + 3·2^-8 lies halfway between 1 + 2^-7 and 1 + 2^-6: the even one, 1 + 2^-6
        assertEquals(1f + 0x1p-6f, Precision.toBf16(1f + 3 * 0x1p-8f));
        // just above the halfway point rounds up
        assertEquals(1f + 0x1p-7f, Precision.toBf16(1f + 0x1p-8f + 0x1p-20f));
        assertEquals(-2.5f, Precision.toBf16(-2.5f));
        assertEquals(Float.POSITIVE_INFINITY, Precision.toBf16(Float.POSITIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, Precision.toBf16(Float.MAX_VALUE), "overflows as IEEE rounding does");
        assertTrue(Float.isNaN(Precision.toBf16(Float.NaN)));
        assertTrue(Float.isNaN(Precision.toBf16(Float.intBitsToFloat(0x7F80_0001))),
                "a NaN with only low bits stays NaN");
        assertEquals(0, Precision.bf16Bits(1.2345f) & 0xFFFF);
        Random rnd = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            float x = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10));
            float r = Precision.toBf16(x);
            assertTrue(Math.abs(r - x) <= Math.abs(x) * 0x1p-8f, x + " -> " + r);
        }
    }

    @Test
    void int8UsesOneScalePerRowAndClampsToPlusMinus127() {
        assertEquals(2f / 127, Precision.int8Scale(2f));
        float s = Precision.int8Scale(2f);
        assertEquals(127, Precision.quantizeInt8(2f, s));
        assertEquals(-127, Precision.quantizeInt8(-2f, s));
        assertEquals(64, Precision.quantizeInt8(1.0039f, s));
        assertEquals(0, Precision.quantizeInt8(0.001f, s));
        assertEquals(0, Precision.quantizeInt8(5f, 0f), "a zero row stays zero");
        assertEquals(127, Precision.quantizeInt8(2.1f, s), "clamped");
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertEquals(Precision.INT8, Precision.parse("Int8"));
    }

    @Test
    void theSpecificationsProductsUseTheRoundedWeights() {
        Random rnd = new Random(11);
        int m = 3;
        int k = 37;
        int n = 5;
        float[] a = new float[m * k];
        float[] bt = new float[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < bt.length; i++) {
            bt[i] = (float) rnd.nextGaussian();
        }
        for (Precision p : new Precision[] {Precision.BF16, Precision.INT8}) {
            float[] c = new float[m * n];
            SCALAR.multQuantizedAccumulate(m, a, 0, SCALAR.quantizeBTransposed(p, k, n, bt, 0), c, 0);
            for (int j = 0; j < n; j++) {
                float max = 0;
                for (int q = 0; q < k; q++) {
                    max = Math.max(max, Math.abs(bt[j * k + q]));
                }
                float scale = Precision.int8Scale(max);
                for (int i = 0; i < m; i++) {
                    double exact = 0;
                    double fp32 = 0;
                    for (int q = 0; q < k; q++) {
                        float w = bt[j * k + q];
                        double rounded = p == Precision.BF16
                                ? Precision.toBf16(w)
                                : Precision.quantizeInt8(w, scale) * (double) scale;
                        exact += a[i * k + q] * rounded;
                        fp32 += a[i * k + q] * (double) w;
                    }
                    assertEquals(exact, c[i * n + j], 1e-5 * Math.sqrt(k), p + " (" + i + ", " + j + ")");
                    // and the rounding itself stays within the format's precision of the float32 product
                    assertEquals(fp32, c[i * n + j], (p == Precision.BF16 ? 0x1p-8 : 0.5 / 127) * 3 * Math.sqrt(k),
                            p + " against float32");
                }
            }
        }
    }
}
