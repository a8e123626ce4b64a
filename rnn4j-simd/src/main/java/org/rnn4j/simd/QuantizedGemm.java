package org.rnn4j.simd;

import static org.rnn4j.simd.Gemm.L;
import static org.rnn4j.simd.Gemm.S;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.rnn4j.kernel.Precision;
import org.rnn4j.kernel.QuantizedMatrix;

/**
 * Products with a bfloat16 or int8 right-hand side ({@link org.rnn4j.kernel.Kernels#multQuantizedAccumulate}),
 * single-threaded over a range of columns; {@link VectorKernels} splits the columns between threads.
 *
 * <p>Layouts, in units of {@link #UNIT} = 4 vectors of columns, each unit's k rows contiguous, the last
 * unit zero-padded:
 * <ul>
 *   <li>bf16: an int holds two weights, column {@code l} of a half-unit in its low 16 bits and column
 *       {@code l + L} in its high 16 bits. Both become float32 with one integer operation each (a
 *       shift, a mask): the high half of a float32 is a bfloat16.</li>
 *   <li>int8: bytes in column order, one scale per column; a vector of bytes widens to floats in
 *       one conversion.</li>
 * </ul>
 *
 * <p>Every element gets the same operations whichever tile or thread computes it: bf16
 * {@code c = fma(a(i,p), w(p,j), c)} for p = 0..k-1 from the value in C; int8 {@code acc = fma(a, q, acc)}
 * from 0, then {@code c = c + acc·s_j}. So the results do not depend on the thread count or the cut.
 */
final class QuantizedGemm {

    /** Columns per unit: 4 vectors (a 4-row tile keeps 16 accumulators, 8 chains for a lone row across two units). */
    static final int UNIT = 4 * L;
    static final String BF16_LAYOUT = "vector-bf16-pairs-" + L;
    static final String INT8_LAYOUT = "vector-int8-" + L;
    /** Bytes of L lanes for the int8 loads: 128 bits with 16-lane floats, 64 with 8. */
    private static final VectorSpecies<Byte> BYTES = L >= 8
            ? VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * L))
            : null;
    private static final VectorSpecies<Integer> INTS = S.withLanes(int.class);
    private static final IntVector HIGH_HALF = IntVector.broadcast(INTS, 0xFFFF_0000);

    private QuantizedGemm() {
    }

    /** Whether this machine's vector width has a byte species for the int8 loads (8 or 16 float lanes). */
    static boolean supported() {
        return L >= 8;
    }

    static int units(int n) {
        return (n + UNIT - 1) / UNIT;
    }

    // ---------------------------------------------------------------- packing

    static QuantizedMatrix quantize(Precision precision, int k, int n, float[] bt, int btOff) {
        int units = units(n);
        if (precision == Precision.BF16) {
            int[] q = new int[units * k * 2 * L];
            for (int j = 0; j < n; j++) {
                int unit = j / UNIT;
                int within = j % UNIT;
                int half = within / (2 * L);          // which int vector of the unit
                int lane = within % L;
                boolean high = within % (2 * L) >= L;
                for (int p = 0; p < k; p++) {
                    int bits = Precision.bf16Bits(bt[btOff + j * k + p]);
                    int at = ((unit * k + p) * 2 + half) * L + lane;
                    q[at] = high ? (q[at] & 0xFFFF) | bits : (q[at] & 0xFFFF_0000) | (bits >>> 16);
                }
            }
            return QuantizedMatrix.bf16(BF16_LAYOUT, k, n, q);
        }
        if (precision == Precision.INT8) {
            byte[] q = new byte[units * k * UNIT];
            float[] scales = new float[units * UNIT];
            for (int j = 0; j < n; j++) {
                float max = 0f;
                for (int p = 0; p < k; p++) {
                    max = Math.max(max, Math.abs(bt[btOff + j * k + p]));
                }
                float s = Precision.int8Scale(max);
                scales[j] = s;
                int unit = j / UNIT;
                int within = j % UNIT;
                for (int p = 0; p < k; p++) {
                    q[(unit * k + p) * UNIT + within] = Precision.quantizeInt8(bt[btOff + j * k + p], s);
                }
            }
            return QuantizedMatrix.int8(INT8_LAYOUT, k, n, q, scales);
        }
        throw new IllegalArgumentException("float32 weights are packed with packBTransposed, not quantized");
    }

    // ---------------------------------------------------------------- products

    /**
     * {@code C[0:m, units u0..u1) += A · B} for the columns of units [u0, u1), A {@code [m, k]} row-major
     * from {@code aOff}, C with row length {@code b.n()} from {@code cOff}; {@code tail} is scratch of
     * {@code 4·UNIT} floats for the last, partial unit.
     */
    static void multRange(int m, float[] a, int aOff, QuantizedMatrix b, float[] c, int cOff, int u0, int u1,
            float[] tail) {
        int n = b.n();
        int k = b.k();
        boolean bf16 = b.precision() == Precision.BF16;
        int full = Math.min(u1, n / UNIT);
        if (!bf16 && m >= 4) {
            multRangeWidened(m, a, aOff, b, c, cOff, u0, u1, tail);
            return;
        }
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            for (int u = u0; u < full; u++) {
                tile4(k, a, aOff + i * k, k, b, u, c, cOff + i * n + u * UNIT, n);
            }
        }
        for (; i < m; i++) {
            int u = u0;
            for (; u + 2 <= full; u += 2) {
                tile1x8(bf16, k, a, aOff + i * k, b, u, c, cOff + i * n + u * UNIT);
            }
            for (; u < full; u++) {
                tile1(bf16, k, a, aOff + i * k, b, u, c, cOff + i * n + u * UNIT);
            }
        }
        if (full < u1) {
            // the last unit is partial: run it on padded copies of C's rows, four at a time
            int u = full;
            int w = n - u * UNIT;
            for (int r0 = 0; r0 < m; r0 += 4) {
                int rows = Math.min(4, m - r0);
                java.util.Arrays.fill(tail, 0f);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(c, cOff + (r0 + r) * n + u * UNIT, tail, r * UNIT, w);
                }
                if (rows == 4) {
                    tile4(k, a, aOff + r0 * k, k, b, u, tail, 0, UNIT);
                } else {
                    for (int r = 0; r < rows; r++) {
                        tile1(bf16, k, a, aOff + (r0 + r) * k, b, u, tail, r * UNIT);
                    }
                }
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(tail, r * UNIT, c, cOff + (r0 + r) * n + u * UNIT, w);
                }
            }
        }
    }

    /**
     * int8 for several rows: each unit's bytes are widened to float once into a per-thread panel, which
     * every 4-row tile then reads as float32 tiles read B: each weight is widened once, not again for
     * every four rows.
     */
    private static void multRangeWidened(int m, float[] a, int aOff, QuantizedMatrix b, float[] c, int cOff, int u0,
            int u1, float[] tail) {
        int n = b.n();
        int k = b.k();
        int full = Math.min(u1, n / UNIT);
        float[] panel = Gemm.SCRATCH.get().quantizedPanel(k);
        byte[] q = b.int8();
        float[] s = b.scales();
        for (int u = u0; u < u1; u++) {
            widenUnit(q, u * k * UNIT, k, panel);
            boolean partial = u >= full;
            int w = partial ? n - u * UNIT : UNIT;
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                if (partial) {
                    java.util.Arrays.fill(tail, 0f);
                    for (int r = 0; r < 4; r++) {
                        System.arraycopy(c, cOff + (i + r) * n + u * UNIT, tail, r * UNIT, w);
                    }
                    panel4(k, a, aOff + i * k, k, panel, s, u * UNIT, tail, 0, UNIT);
                    for (int r = 0; r < 4; r++) {
                        System.arraycopy(tail, r * UNIT, c, cOff + (i + r) * n + u * UNIT, w);
                    }
                } else {
                    panel4(k, a, aOff + i * k, k, panel, s, u * UNIT, c, cOff + i * n + u * UNIT, n);
                }
            }
            for (; i < m; i++) {
                if (partial) {
                    java.util.Arrays.fill(tail, 0, UNIT, 0f);
                    System.arraycopy(c, cOff + i * n + u * UNIT, tail, 0, w);
                    panel1(k, a, aOff + i * k, panel, s, u * UNIT, tail, 0);
                    System.arraycopy(tail, 0, c, cOff + i * n + u * UNIT, w);
                } else {
                    panel1(k, a, aOff + i * k, panel, s, u * UNIT, c, cOff + i * n + u * UNIT);
                }
            }
        }
    }

    /** {@code panel[p, :] = (float) q[at + p*UNIT ..]} for the k rows of one unit. */
    private static void widenUnit(byte[] q, int at, int k, float[] panel) {
        int n = k * UNIT;
        for (int i = 0; i < n; i += L) {
            widen(q, at + i).intoArray(panel, i);
        }
    }

    /** 4 rows × one unit of bf16 (int8 takes {@link #multRangeWidened} from 4 rows). */
    private static void tile4(int k, float[] a, int ai, int lda, QuantizedMatrix b, int u, float[] c, int ci,
            int ldc) {
        bf16x4(k, a, ai, lda, b.bf16(), u * k * 2 * L, c, ci, ldc);
    }

    private static void tile1(boolean bf16, int k, float[] a, int ai, QuantizedMatrix b, int u, float[] c, int ci) {
        if (bf16) {
            bf16x1(k, a, ai, b.bf16(), u * k * 2 * L, c, ci);
        } else {
            int8x1(k, a, ai, b.int8(), u * k * UNIT, b.scales(), u * UNIT, c, ci);
        }
    }

    private static void tile1x8(boolean bf16, int k, float[] a, int ai, QuantizedMatrix b, int u, float[] c,
            int ci) {
        if (bf16) {
            bf16x1x8(k, a, ai, b.bf16(), u * k * 2 * L, (u + 1) * k * 2 * L, c, ci);
        } else {
            int8x1x8(k, a, ai, b.int8(), u * k * UNIT, (u + 1) * k * UNIT, b.scales(), u * UNIT, c, ci);
        }
    }

    // ---------------------------------------------------------------- bf16 tiles (written out: see Tiles)

    // @formatter:off
    /** 4 rows × one unit: 16 accumulators; per k step two int loads become four weight vectors. */
    private static void bf16x4(int k, float[] a, int ai, int lda, int[] q, int qi, float[] c, int ci, int ldc) {
        int c0 = ci, c1 = ci + ldc, c2 = ci + 2 * ldc, c3 = ci + 3 * ldc;
        FloatVector s00 = FloatVector.fromArray(S, c, c0), s01 = FloatVector.fromArray(S, c, c0 + L), s02 = FloatVector.fromArray(S, c, c0 + 2 * L), s03 = FloatVector.fromArray(S, c, c0 + 3 * L);
        FloatVector s10 = FloatVector.fromArray(S, c, c1), s11 = FloatVector.fromArray(S, c, c1 + L), s12 = FloatVector.fromArray(S, c, c1 + 2 * L), s13 = FloatVector.fromArray(S, c, c1 + 3 * L);
        FloatVector s20 = FloatVector.fromArray(S, c, c2), s21 = FloatVector.fromArray(S, c, c2 + L), s22 = FloatVector.fromArray(S, c, c2 + 2 * L), s23 = FloatVector.fromArray(S, c, c2 + 3 * L);
        FloatVector s30 = FloatVector.fromArray(S, c, c3), s31 = FloatVector.fromArray(S, c, c3 + L), s32 = FloatVector.fromArray(S, c, c3 + 2 * L), s33 = FloatVector.fromArray(S, c, c3 + 3 * L);
        for (int p = 0; p < k; p++) {
            int qp = qi + p * 2 * L;
            IntVector v0 = IntVector.fromArray(INTS, q, qp);
            IntVector v1 = IntVector.fromArray(INTS, q, qp + L);
            FloatVector w0 = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w1 = v0.and(HIGH_HALF).reinterpretAsFloats();
            FloatVector w2 = v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w3 = v1.and(HIGH_HALF).reinterpretAsFloats();
            FloatVector x0 = FloatVector.broadcast(S, a[ai + p]);
            s00 = x0.fma(w0, s00); s01 = x0.fma(w1, s01); s02 = x0.fma(w2, s02); s03 = x0.fma(w3, s03);
            FloatVector x1 = FloatVector.broadcast(S, a[ai + lda + p]);
            s10 = x1.fma(w0, s10); s11 = x1.fma(w1, s11); s12 = x1.fma(w2, s12); s13 = x1.fma(w3, s13);
            FloatVector x2 = FloatVector.broadcast(S, a[ai + 2 * lda + p]);
            s20 = x2.fma(w0, s20); s21 = x2.fma(w1, s21); s22 = x2.fma(w2, s22); s23 = x2.fma(w3, s23);
            FloatVector x3 = FloatVector.broadcast(S, a[ai + 3 * lda + p]);
            s30 = x3.fma(w0, s30); s31 = x3.fma(w1, s31); s32 = x3.fma(w2, s32); s33 = x3.fma(w3, s33);
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + L); s02.intoArray(c, c0 + 2 * L); s03.intoArray(c, c0 + 3 * L);
        s10.intoArray(c, c1); s11.intoArray(c, c1 + L); s12.intoArray(c, c1 + 2 * L); s13.intoArray(c, c1 + 3 * L);
        s20.intoArray(c, c2); s21.intoArray(c, c2 + L); s22.intoArray(c, c2 + 2 * L); s23.intoArray(c, c2 + 3 * L);
        s30.intoArray(c, c3); s31.intoArray(c, c3 + L); s32.intoArray(c, c3 + 2 * L); s33.intoArray(c, c3 + 3 * L);
    }

    /** 1 row × one unit. */
    private static void bf16x1(int k, float[] a, int ai, int[] q, int qi, float[] c, int ci) {
        FloatVector s0 = FloatVector.fromArray(S, c, ci), s1 = FloatVector.fromArray(S, c, ci + L), s2 = FloatVector.fromArray(S, c, ci + 2 * L), s3 = FloatVector.fromArray(S, c, ci + 3 * L);
        for (int p = 0; p < k; p++) {
            int qp = qi + p * 2 * L;
            IntVector v0 = IntVector.fromArray(INTS, q, qp);
            IntVector v1 = IntVector.fromArray(INTS, q, qp + L);
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            s0 = x.fma(v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s0);
            s1 = x.fma(v0.and(HIGH_HALF).reinterpretAsFloats(), s1);
            s2 = x.fma(v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s2);
            s3 = x.fma(v1.and(HIGH_HALF).reinterpretAsFloats(), s3);
        }
        s0.intoArray(c, ci); s1.intoArray(c, ci + L); s2.intoArray(c, ci + 2 * L); s3.intoArray(c, ci + 3 * L);
    }

    /** 1 row × two units (units at qi and qj, C contiguous): 8 independent chains for a lone row. */
    private static void bf16x1x8(int k, float[] a, int ai, int[] q, int qi, int qj, float[] c, int ci) {
        FloatVector s0 = FloatVector.fromArray(S, c, ci), s1 = FloatVector.fromArray(S, c, ci + L), s2 = FloatVector.fromArray(S, c, ci + 2 * L), s3 = FloatVector.fromArray(S, c, ci + 3 * L);
        FloatVector s4 = FloatVector.fromArray(S, c, ci + 4 * L), s5 = FloatVector.fromArray(S, c, ci + 5 * L), s6 = FloatVector.fromArray(S, c, ci + 6 * L), s7 = FloatVector.fromArray(S, c, ci + 7 * L);
        for (int p = 0; p < k; p++) {
            int qp = qi + p * 2 * L;
            int qr = qj + p * 2 * L;
            IntVector v0 = IntVector.fromArray(INTS, q, qp);
            IntVector v1 = IntVector.fromArray(INTS, q, qp + L);
            IntVector v2 = IntVector.fromArray(INTS, q, qr);
            IntVector v3 = IntVector.fromArray(INTS, q, qr + L);
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            s0 = x.fma(v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s0);
            s1 = x.fma(v0.and(HIGH_HALF).reinterpretAsFloats(), s1);
            s2 = x.fma(v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s2);
            s3 = x.fma(v1.and(HIGH_HALF).reinterpretAsFloats(), s3);
            s4 = x.fma(v2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s4);
            s5 = x.fma(v2.and(HIGH_HALF).reinterpretAsFloats(), s5);
            s6 = x.fma(v3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s6);
            s7 = x.fma(v3.and(HIGH_HALF).reinterpretAsFloats(), s7);
        }
        s0.intoArray(c, ci); s1.intoArray(c, ci + L); s2.intoArray(c, ci + 2 * L); s3.intoArray(c, ci + 3 * L);
        s4.intoArray(c, ci + 4 * L); s5.intoArray(c, ci + 5 * L); s6.intoArray(c, ci + 6 * L); s7.intoArray(c, ci + 7 * L);
    }

    // ---------------------------------------------------------------- int8 tiles

    private static FloatVector widen(byte[] q, int at) {
        return (FloatVector) ByteVector.fromArray(BYTES, q, at).convertShape(VectorOperators.B2F, S, 0);
    }

    /** {@code c + acc·s} for the 4 vectors of a unit's row. */
    private static void addScaled(FloatVector acc0, FloatVector acc1, FloatVector acc2, FloatVector acc3, float[] s,
            int si, float[] c, int ci) {
        FloatVector.fromArray(S, c, ci).add(acc0.mul(FloatVector.fromArray(S, s, si))).intoArray(c, ci);
        FloatVector.fromArray(S, c, ci + L).add(acc1.mul(FloatVector.fromArray(S, s, si + L))).intoArray(c, ci + L);
        FloatVector.fromArray(S, c, ci + 2 * L).add(acc2.mul(FloatVector.fromArray(S, s, si + 2 * L))).intoArray(c, ci + 2 * L);
        FloatVector.fromArray(S, c, ci + 3 * L).add(acc3.mul(FloatVector.fromArray(S, s, si + 3 * L))).intoArray(c, ci + 3 * L);
    }

    /** 4 rows × one unit of a widened int8 panel: 16 accumulators, scaled at the end. */
    private static void panel4(int k, float[] a, int ai, int lda, float[] w, float[] s, int si, float[] c, int ci, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s10 = z, s11 = z, s12 = z, s13 = z;
        FloatVector s20 = z, s21 = z, s22 = z, s23 = z, s30 = z, s31 = z, s32 = z, s33 = z;
        for (int p = 0; p < k; p++) {
            int wp = p * UNIT;
            FloatVector w0 = FloatVector.fromArray(S, w, wp), w1 = FloatVector.fromArray(S, w, wp + L), w2 = FloatVector.fromArray(S, w, wp + 2 * L), w3 = FloatVector.fromArray(S, w, wp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[ai + p]);
            s00 = x0.fma(w0, s00); s01 = x0.fma(w1, s01); s02 = x0.fma(w2, s02); s03 = x0.fma(w3, s03);
            FloatVector x1 = FloatVector.broadcast(S, a[ai + lda + p]);
            s10 = x1.fma(w0, s10); s11 = x1.fma(w1, s11); s12 = x1.fma(w2, s12); s13 = x1.fma(w3, s13);
            FloatVector x2 = FloatVector.broadcast(S, a[ai + 2 * lda + p]);
            s20 = x2.fma(w0, s20); s21 = x2.fma(w1, s21); s22 = x2.fma(w2, s22); s23 = x2.fma(w3, s23);
            FloatVector x3 = FloatVector.broadcast(S, a[ai + 3 * lda + p]);
            s30 = x3.fma(w0, s30); s31 = x3.fma(w1, s31); s32 = x3.fma(w2, s32); s33 = x3.fma(w3, s33);
        }
        // scaled as addScaled does, written out: vectors passed to a call C2 does not inline are boxed
        FloatVector v0 = FloatVector.fromArray(S, s, si), v1 = FloatVector.fromArray(S, s, si + L), v2 = FloatVector.fromArray(S, s, si + 2 * L), v3 = FloatVector.fromArray(S, s, si + 3 * L);
        int c0 = ci, c1 = ci + ldc, c2 = ci + 2 * ldc, c3 = ci + 3 * ldc;
        FloatVector.fromArray(S, c, c0).add(s00.mul(v0)).intoArray(c, c0); FloatVector.fromArray(S, c, c0 + L).add(s01.mul(v1)).intoArray(c, c0 + L); FloatVector.fromArray(S, c, c0 + 2 * L).add(s02.mul(v2)).intoArray(c, c0 + 2 * L); FloatVector.fromArray(S, c, c0 + 3 * L).add(s03.mul(v3)).intoArray(c, c0 + 3 * L);
        FloatVector.fromArray(S, c, c1).add(s10.mul(v0)).intoArray(c, c1); FloatVector.fromArray(S, c, c1 + L).add(s11.mul(v1)).intoArray(c, c1 + L); FloatVector.fromArray(S, c, c1 + 2 * L).add(s12.mul(v2)).intoArray(c, c1 + 2 * L); FloatVector.fromArray(S, c, c1 + 3 * L).add(s13.mul(v3)).intoArray(c, c1 + 3 * L);
        FloatVector.fromArray(S, c, c2).add(s20.mul(v0)).intoArray(c, c2); FloatVector.fromArray(S, c, c2 + L).add(s21.mul(v1)).intoArray(c, c2 + L); FloatVector.fromArray(S, c, c2 + 2 * L).add(s22.mul(v2)).intoArray(c, c2 + 2 * L); FloatVector.fromArray(S, c, c2 + 3 * L).add(s23.mul(v3)).intoArray(c, c2 + 3 * L);
        FloatVector.fromArray(S, c, c3).add(s30.mul(v0)).intoArray(c, c3); FloatVector.fromArray(S, c, c3 + L).add(s31.mul(v1)).intoArray(c, c3 + L); FloatVector.fromArray(S, c, c3 + 2 * L).add(s32.mul(v2)).intoArray(c, c3 + 2 * L); FloatVector.fromArray(S, c, c3 + 3 * L).add(s33.mul(v3)).intoArray(c, c3 + 3 * L);
    }

    /** {@link #int8x1} on a widened panel. */
    private static void panel1(int k, float[] a, int ai, float[] w, float[] s, int si, float[] c, int ci) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0; p < k; p++) {
            int wp = p * UNIT;
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            s0 = x.fma(FloatVector.fromArray(S, w, wp), s0); s1 = x.fma(FloatVector.fromArray(S, w, wp + L), s1); s2 = x.fma(FloatVector.fromArray(S, w, wp + 2 * L), s2); s3 = x.fma(FloatVector.fromArray(S, w, wp + 3 * L), s3);
        }
        addScaled(s0, s1, s2, s3, s, si, c, ci);
    }

    /** 1 row × one unit. */
    private static void int8x1(int k, float[] a, int ai, byte[] q, int qi, float[] s, int si, float[] c, int ci) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0; p < k; p++) {
            int qp = qi + p * UNIT;
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            s0 = x.fma(widen(q, qp), s0); s1 = x.fma(widen(q, qp + L), s1); s2 = x.fma(widen(q, qp + 2 * L), s2); s3 = x.fma(widen(q, qp + 3 * L), s3);
        }
        addScaled(s0, s1, s2, s3, s, si, c, ci);
    }

    /** 1 row × two units (at qi and qj, scales and C contiguous): 8 independent chains for a lone row. */
    private static void int8x1x8(int k, float[] a, int ai, byte[] q, int qi, int qj, float[] s, int si, float[] c, int ci) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0; p < k; p++) {
            int qp = qi + p * UNIT;
            int qr = qj + p * UNIT;
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            s0 = x.fma(widen(q, qp), s0); s1 = x.fma(widen(q, qp + L), s1); s2 = x.fma(widen(q, qp + 2 * L), s2); s3 = x.fma(widen(q, qp + 3 * L), s3);
            s4 = x.fma(widen(q, qr), s4); s5 = x.fma(widen(q, qr + L), s5); s6 = x.fma(widen(q, qr + 2 * L), s6); s7 = x.fma(widen(q, qr + 3 * L), s7);
        }
        addScaled(s0, s1, s2, s3, s, si, c, ci);
        addScaled(s4, s5, s6, s7, s, si + UNIT, c, ci + UNIT);
    }
    // @formatter:on
}
