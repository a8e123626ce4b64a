package org.rnn4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.rnn4j.kernel.ScalarKernels;

/**
 * Vectorized sigmoid and tanh, in place over float arrays, built only from add, multiply, fused
 * multiply-add, divide and bit operations.
 *
 * <p><b>The math.</b> Both start from {@code z = -s·|x|} (s = 1 for sigmoid, 2 for tanh), so exp
 * is never taken of a positive number and nothing overflows. z is split as {@code z = n·ln2 + r},
 * |r| <= ln2/2, n = round(z·log2 e) (Cody-Waite, ln 2 in two parts); {@code expm1(r)} is the
 * Taylor series to r⁷, whose truncation error (r⁸/8! ≈ 5e-9) is below float resolution, written
 * as r + r²·P(r) so small r keeps full relative precision; and 2^n is built from exponent bits.
 * Then {@code e^z = 2^n·(1 + expm1(r))} and {@code expm1(z) = 2^n·expm1(r) + (2^n - 1)}.
 *
 * <p><b>Why not {@code lanewise(VectorOperators.EXP)}.</b> On JDK 17 it is fast once C2 has
 * compiled it (Intel SVML stubs), but before that, and after any
 * deoptimization, the same call falls back to {@code Math.exp} per lane, which rounds some inputs
 * differently: the bits of a training run would depend on when the JIT happened to finish. These
 * functions use only IEEE-exact operations, so every tier gives the same bits, at a similar speed.
 *
 * <p><b>Why the code looks the way it does.</b> C2 turns Vector API calls into vector
 * instructions only when it sees the whole computation at once; otherwise every intermediate
 * vector becomes a heap object, allocated on every call, and the code runs many times slower.
 * Things that broke it in this class and its callers, and what the code does instead:
 * <ul>
 *   <li>C2 stops inlining ordinary methods once a compilation reaches about 18000 nodes
 *       (NodeCountInliningCutoff); only the Vector API's own methods are force-inlined. So the
 *       math is written out inside the loops, without helper methods, and each loop method is
 *       unrolled by two, which also gives the out-of-order core two independent chains and makes
 *       the bytecode larger than C2 inlines into a caller (FreqInlineSize, 325 bytes): each is
 *       compiled on its own, whole, whatever kernel calls it;</li>
 *   <li>one loop for both functions, choosing per iteration, merged the two results through a
 *       boxed vector; and one method holding both loops, compiled while only one had run yet, boxed
 *       the other after deoptimization. Hence two methods;</li>
 *   <li>an IntVector operation with a scalar operand (add(int), and(int)) gives a vector whose
 *       exact class C2 loses, so the reinterpret after it falls back to Java code: vector
 *       operands only, shifts by vectors too;</li>
 *   <li>a static final vector as the starting value of a loop-carried accumulator is boxed at
 *       the loop entry (Gemm's dot tiles start from {@code FloatVector.zero(S)} instead).</li>
 * </ul>
 *
 * <p><b>Accuracy.</b> Within 2 ulp of the correctly rounded result (measured over 32 million random
 * inputs against {@link org.rnn4j.kernel.ScalarKernels}), except σ(x) for x &lt; -87, which is
 * about 1.7e-38 instead of a smaller subnormal. NaN in gives NaN out.
 */
final class VectorMath {

    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int L = S.length();

    // Round-to-nearest trick: adding 1.5·2^23 pushes the fraction bits out of a float, so the
    // sum's low mantissa bits hold round(x·log2 e) as an integer, for |x·log2 e| < 2^22.
    private static final float MAGIC = 12582912f;
    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split in two (Cody and Waite): LN2_HI has only 15 significant bits, so n·LN2_HI is exact
    // for every |n| < 512 and the reduced argument keeps full precision.
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.42860682030941723212e-6f;
    /**
     * Lower clamp of the exponent argument: keeps 2^n a normal float (n >= -126), so it can be
     * built from exponent bits in one step. σ(x) for x < -87 therefore comes out as about 1.7e-38
     * instead of a subnormal; tanh is already ±1 there.
     */
    private static final float MIN_ARG = -87f;

    // Constants as vectors, built once (see the class comment for why even shift counts are).
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(S, 2f);
    private static final FloatVector MINUS_TWO = FloatVector.broadcast(S, -2f);
    private static final FloatVector V_MIN_ARG = FloatVector.broadcast(S, MIN_ARG);
    private static final FloatVector V_LOG2E = FloatVector.broadcast(S, LOG2E);
    private static final FloatVector V_MAGIC = FloatVector.broadcast(S, MAGIC);
    private static final FloatVector V_NEG_LN2_HI = FloatVector.broadcast(S, -LN2_HI);
    private static final FloatVector V_NEG_LN2_LO = FloatVector.broadcast(S, -LN2_LO);
    private static final FloatVector P2 = FloatVector.broadcast(S, 1f / 2f);
    private static final FloatVector P3 = FloatVector.broadcast(S, 1f / 6f);
    private static final FloatVector P4 = FloatVector.broadcast(S, 1f / 24f);
    private static final FloatVector P5 = FloatVector.broadcast(S, 1f / 120f);
    private static final FloatVector P6 = FloatVector.broadcast(S, 1f / 720f);
    private static final FloatVector P7 = FloatVector.broadcast(S, 1f / 5040f);
    private static final IntVector EXPONENT_BIAS = IntVector.broadcast(I, 127);
    private static final IntVector EXPONENT_SHIFT = IntVector.broadcast(I, 23);
    private static final IntVector SIGN_SHIFT = IntVector.broadcast(I, 31);
    private static final IntVector SIGN_BIT = IntVector.broadcast(I, 0x80000000);
    private static final IntVector ONE_BITS = IntVector.broadcast(I, Float.floatToRawIntBits(1f));

    private VectorMath() {
    }

    /**
     * {@code x[xi .. xi+n) = tanh(x)} in place; the last n % L elements through the scalar
     * specification's function.
     *
     * <p>tanh(|x|) = -u/(2+u) with u = expm1(-2|x|) = 2^n·expm1(r) + (2^n - 1), which has no
     * cancellation near 0 (tanh x ≈ x stays relatively accurate) and never overflows; the sign
     * of x is put back bit by bit, so tanh(±0) = ±0. The abs() is there because u = 0 gives
     * 0/2 = +0 for either sign.
     */
    static void tanhInPlace(int n, float[] x, int xi) {
        int nv = S.loopBound(n);
        int i = 0;
        for (; i + 2 * L <= nv; i += 2 * L) {
            FloatVector x0 = FloatVector.fromArray(S, x, xi + i);
            FloatVector z0 = x0.abs().mul(MINUS_TWO).max(V_MIN_ARG);
            FloatVector t0 = z0.fma(V_LOG2E, V_MAGIC);
            FloatVector n0 = t0.sub(V_MAGIC);
            FloatVector r0 = n0.fma(V_NEG_LN2_LO, n0.fma(V_NEG_LN2_HI, z0));
            FloatVector p0 = r0.fma(P7, P6).fma(r0, P5).fma(r0, P4).fma(r0, P3).fma(r0, P2);
            FloatVector pm0 = r0.mul(r0).fma(p0, r0);
            FloatVector s0 = t0.reinterpretAsInts().add(EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, EXPONENT_SHIFT).reinterpretAsFloats();
            FloatVector u0 = s0.fma(pm0, s0.sub(ONE));
            IntVector m0 = u0.div(u0.add(TWO)).abs().reinterpretAsInts();
            m0.or(x0.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats().intoArray(x, xi + i);
            FloatVector x1 = FloatVector.fromArray(S, x, xi + i + L);
            FloatVector z1 = x1.abs().mul(MINUS_TWO).max(V_MIN_ARG);
            FloatVector t1 = z1.fma(V_LOG2E, V_MAGIC);
            FloatVector n1 = t1.sub(V_MAGIC);
            FloatVector r1 = n1.fma(V_NEG_LN2_LO, n1.fma(V_NEG_LN2_HI, z1));
            FloatVector p1 = r1.fma(P7, P6).fma(r1, P5).fma(r1, P4).fma(r1, P3).fma(r1, P2);
            FloatVector pm1 = r1.mul(r1).fma(p1, r1);
            FloatVector s1 = t1.reinterpretAsInts().add(EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, EXPONENT_SHIFT).reinterpretAsFloats();
            FloatVector u1 = s1.fma(pm1, s1.sub(ONE));
            IntVector m1 = u1.div(u1.add(TWO)).abs().reinterpretAsInts();
            m1.or(x1.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats().intoArray(x, xi + i + L);
        }
        for (; i < nv; i += L) {
            FloatVector x0 = FloatVector.fromArray(S, x, xi + i);
            FloatVector z0 = x0.abs().mul(MINUS_TWO).max(V_MIN_ARG);
            FloatVector t0 = z0.fma(V_LOG2E, V_MAGIC);
            FloatVector n0 = t0.sub(V_MAGIC);
            FloatVector r0 = n0.fma(V_NEG_LN2_LO, n0.fma(V_NEG_LN2_HI, z0));
            FloatVector p0 = r0.fma(P7, P6).fma(r0, P5).fma(r0, P4).fma(r0, P3).fma(r0, P2);
            FloatVector pm0 = r0.mul(r0).fma(p0, r0);
            FloatVector s0 = t0.reinterpretAsInts().add(EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, EXPONENT_SHIFT).reinterpretAsFloats();
            FloatVector u0 = s0.fma(pm0, s0.sub(ONE));
            IntVector m0 = u0.div(u0.add(TWO)).abs().reinterpretAsInts();
            m0.or(x0.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats().intoArray(x, xi + i);
        }
        for (; i < n; i++) {
            x[xi + i] = ScalarKernels.tanh(x[xi + i]);
        }
    }

    /**
     * {@code out[oi .. oi+n) = tanh(x + y)}, the math of {@link #tanhInPlace} on the sum of two
     * projections, added in the same pass (out may be x or y). Written out again rather than shared:
     * see the class comment for what a shared helper or a per-call choice does to C2's code.
     */
    static void tanhOfSum(int n, float[] x, int xi, float[] y, int yi, float[] out, int oi) {
        int nv = S.loopBound(n);
        int i = 0;
        for (; i + 2 * L <= nv; i += 2 * L) {
            FloatVector x0 = FloatVector.fromArray(S, x, xi + i).add(FloatVector.fromArray(S, y, yi + i));
            FloatVector z0 = x0.abs().mul(MINUS_TWO).max(V_MIN_ARG);
            FloatVector t0 = z0.fma(V_LOG2E, V_MAGIC);
            FloatVector n0 = t0.sub(V_MAGIC);
            FloatVector r0 = n0.fma(V_NEG_LN2_LO, n0.fma(V_NEG_LN2_HI, z0));
            FloatVector p0 = r0.fma(P7, P6).fma(r0, P5).fma(r0, P4).fma(r0, P3).fma(r0, P2);
            FloatVector pm0 = r0.mul(r0).fma(p0, r0);
            FloatVector s0 = t0.reinterpretAsInts().add(EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, EXPONENT_SHIFT).reinterpretAsFloats();
            FloatVector u0 = s0.fma(pm0, s0.sub(ONE));
            IntVector m0 = u0.div(u0.add(TWO)).abs().reinterpretAsInts();
            m0.or(x0.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats().intoArray(out, oi + i);
            FloatVector x1 = FloatVector.fromArray(S, x, xi + i + L).add(FloatVector.fromArray(S, y, yi + i + L));
            FloatVector z1 = x1.abs().mul(MINUS_TWO).max(V_MIN_ARG);
            FloatVector t1 = z1.fma(V_LOG2E, V_MAGIC);
            FloatVector n1 = t1.sub(V_MAGIC);
            FloatVector r1 = n1.fma(V_NEG_LN2_LO, n1.fma(V_NEG_LN2_HI, z1));
            FloatVector p1 = r1.fma(P7, P6).fma(r1, P5).fma(r1, P4).fma(r1, P3).fma(r1, P2);
            FloatVector pm1 = r1.mul(r1).fma(p1, r1);
            FloatVector s1 = t1.reinterpretAsInts().add(EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, EXPONENT_SHIFT).reinterpretAsFloats();
            FloatVector u1 = s1.fma(pm1, s1.sub(ONE));
            IntVector m1 = u1.div(u1.add(TWO)).abs().reinterpretAsInts();
            m1.or(x1.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats().intoArray(out, oi + i + L);
        }
        for (; i < nv; i += L) {
            FloatVector x0 = FloatVector.fromArray(S, x, xi + i).add(FloatVector.fromArray(S, y, yi + i));
            FloatVector z0 = x0.abs().mul(MINUS_TWO).max(V_MIN_ARG);
            FloatVector t0 = z0.fma(V_LOG2E, V_MAGIC);
            FloatVector n0 = t0.sub(V_MAGIC);
            FloatVector r0 = n0.fma(V_NEG_LN2_LO, n0.fma(V_NEG_LN2_HI, z0));
            FloatVector p0 = r0.fma(P7, P6).fma(r0, P5).fma(r0, P4).fma(r0, P3).fma(r0, P2);
            FloatVector pm0 = r0.mul(r0).fma(p0, r0);
            FloatVector s0 = t0.reinterpretAsInts().add(EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, EXPONENT_SHIFT).reinterpretAsFloats();
            FloatVector u0 = s0.fma(pm0, s0.sub(ONE));
            IntVector m0 = u0.div(u0.add(TWO)).abs().reinterpretAsInts();
            m0.or(x0.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats().intoArray(out, oi + i);
        }
        for (; i < n; i++) {
            out[oi + i] = ScalarKernels.tanh(x[xi + i] + y[yi + i]);
        }
    }

    /**
     * {@code out[oi .. oi+n) = σ(x + y)}: a gate's two projections added and activated in one pass
     * (out may be x or y); the last n % L elements through the scalar specification's function.
     * The sum is the specification's float addition, so this is exactly σ of what an addition
     * pass would have stored.
     *
     * <p>With e = exp(-|x|): σ(|x|) = 1/(1+e) and σ(-|x|) = e/(1+e), the negative side formed
     * directly rather than as 1 - σ(|x|) so that small outputs keep their relative precision, as in
     * the scalar specification. The numerator, 1 or e, is picked per lane from the sign bit of x,
     * which an arithmetic shift turns into an all-ones/all-zeros mask, and divided once: a division
     * is the costliest operation here, so both quotients are not formed. The pick is done on the integer bits, not with a blend: mask operations next to the
     * division kept its input on the heap in some runs.
     */
    static void sigmoidOfSum(int n, float[] x, int xi, float[] y, int yi, float[] out, int oi) {
        int nv = S.loopBound(n);
        int i = 0;
        for (; i + 2 * L <= nv; i += 2 * L) {
            FloatVector x0 = FloatVector.fromArray(S, x, xi + i).add(FloatVector.fromArray(S, y, yi + i));
            FloatVector z0 = x0.abs().neg().max(V_MIN_ARG);
            FloatVector t0 = z0.fma(V_LOG2E, V_MAGIC);
            FloatVector n0 = t0.sub(V_MAGIC);
            FloatVector r0 = n0.fma(V_NEG_LN2_LO, n0.fma(V_NEG_LN2_HI, z0));
            FloatVector p0 = r0.fma(P7, P6).fma(r0, P5).fma(r0, P4).fma(r0, P3).fma(r0, P2);
            FloatVector pm0 = r0.mul(r0).fma(p0, r0);
            FloatVector s0 = t0.reinterpretAsInts().add(EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, EXPONENT_SHIFT).reinterpretAsFloats();
            FloatVector e0 = s0.fma(pm0, s0);
            FloatVector d0 = ONE.add(e0);
            IntVector sel0 = x0.reinterpretAsInts().lanewise(VectorOperators.ASHR, SIGN_SHIFT);
            IntVector num0 = ONE_BITS.lanewise(VectorOperators.XOR,
                    ONE_BITS.lanewise(VectorOperators.XOR, e0.reinterpretAsInts()).and(sel0));
            num0.reinterpretAsFloats().div(d0).intoArray(out, oi + i);
            FloatVector x1 = FloatVector.fromArray(S, x, xi + i + L).add(FloatVector.fromArray(S, y, yi + i + L));
            FloatVector z1 = x1.abs().neg().max(V_MIN_ARG);
            FloatVector t1 = z1.fma(V_LOG2E, V_MAGIC);
            FloatVector n1 = t1.sub(V_MAGIC);
            FloatVector r1 = n1.fma(V_NEG_LN2_LO, n1.fma(V_NEG_LN2_HI, z1));
            FloatVector p1 = r1.fma(P7, P6).fma(r1, P5).fma(r1, P4).fma(r1, P3).fma(r1, P2);
            FloatVector pm1 = r1.mul(r1).fma(p1, r1);
            FloatVector s1 = t1.reinterpretAsInts().add(EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, EXPONENT_SHIFT).reinterpretAsFloats();
            FloatVector e1 = s1.fma(pm1, s1);
            FloatVector d1 = ONE.add(e1);
            IntVector sel1 = x1.reinterpretAsInts().lanewise(VectorOperators.ASHR, SIGN_SHIFT);
            IntVector num1 = ONE_BITS.lanewise(VectorOperators.XOR,
                    ONE_BITS.lanewise(VectorOperators.XOR, e1.reinterpretAsInts()).and(sel1));
            num1.reinterpretAsFloats().div(d1).intoArray(out, oi + i + L);
        }
        for (; i < nv; i += L) {
            FloatVector x0 = FloatVector.fromArray(S, x, xi + i).add(FloatVector.fromArray(S, y, yi + i));
            FloatVector z0 = x0.abs().neg().max(V_MIN_ARG);
            FloatVector t0 = z0.fma(V_LOG2E, V_MAGIC);
            FloatVector n0 = t0.sub(V_MAGIC);
            FloatVector r0 = n0.fma(V_NEG_LN2_LO, n0.fma(V_NEG_LN2_HI, z0));
            FloatVector p0 = r0.fma(P7, P6).fma(r0, P5).fma(r0, P4).fma(r0, P3).fma(r0, P2);
            FloatVector pm0 = r0.mul(r0).fma(p0, r0);
            FloatVector s0 = t0.reinterpretAsInts().add(EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, EXPONENT_SHIFT).reinterpretAsFloats();
            FloatVector e0 = s0.fma(pm0, s0);
            FloatVector d0 = ONE.add(e0);
            IntVector sel0 = x0.reinterpretAsInts().lanewise(VectorOperators.ASHR, SIGN_SHIFT);
            IntVector num0 = ONE_BITS.lanewise(VectorOperators.XOR,
                    ONE_BITS.lanewise(VectorOperators.XOR, e0.reinterpretAsInts()).and(sel0));
            num0.reinterpretAsFloats().div(d0).intoArray(out, oi + i);
        }
        for (; i < n; i++) {
            out[oi + i] = ScalarKernels.sigmoid(x[xi + i] + y[yi + i]);
        }
    }
}
