package org.rnn4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.rnn4j.kernel.ScalarKernels;

/**
 * Vectorized sigmoid and tanh built only from add, multiply, fused multiply-add, divide and bit
 * operations.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: on JDK 17 it is fast once C2 has compiled it
 * (Intel SVML stubs, about 0.3 ns per element here), but before that, and after any
 * deoptimization, the same call falls back to {@code Math.exp} per lane, which rounds some inputs
 * differently. The bits a training run produces would then depend on when the JIT happened to
 * finish. These functions use only IEEE-exact operations, so every tier gives identical results,
 * at a similar speed.
 *
 * <p>Accuracy: within 2 ulp of the correctly rounded result (measured over 32 million random
 * inputs against {@link org.rnn4j.kernel.ScalarKernels}), except σ(x) for x &lt; -87, which is
 * about 1.7e-38 instead of a smaller subnormal. NaN in gives NaN out.
 */
final class VectorMath {

    private static final VectorSpecies<Float> S = Gemm.S;

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

    // Constants as vectors, built once. On JDK 17 an IntVector operation with a scalar operand
    // (add(int), and(int)) yields a vector whose exact class C2 loses, so the reinterpret after it
    // falls back to slow Java code: vector operands only below, shifts by vectors too, and sign
    // selection with bit operations rather than masks.
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(S, 2f);
    private static final FloatVector MINUS_ONE = FloatVector.broadcast(S, -1f);
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
     * {@code x[xi .. xi+n) = act(x)} in place, act = tanh ({@code tanh == true}) or the logistic
     * sigmoid; the last n % L elements through the scalar specification's functions.
     *
     * <p>This is the only copy of the vector math, and it is written out inside the loop rather
     * than in helper methods on purpose. C2 stops inlining ordinary methods once a compilation
     * reaches about 18000 nodes (NodeCountInliningCutoff); the Vector API's own methods are
     * force-inlined regardless. A kernel that inlined several sigmoid/tanh helpers crossed that
     * limit, and the helpers left out then ran on boxed vectors, ten times slower. With the math in
     * one loop of Vector API calls only, the limit can at worst stop the inlining of this whole
     * method, which then runs as a separately compiled call. Kernels therefore do their other
     * arithmetic in separate passes and call this on the result.
     *
     * <p>Both functions start from {@code z = -s·|x|} (s = 1 for sigmoid, 2 for tanh), so exp is
     * never taken of a positive number and nothing overflows, and from one evaluation
     * {@code z = n·ln2 + r}, {@code e^z = 2^n·(1 + expm1(r))}:
     * <ul>
     *   <li>sigmoid: {@code σ(|x|) = 1/(1+e)}, {@code σ(-|x|) = e/(1+e)} with {@code e = e^z}; the
     *       negative side is formed directly, not as {@code 1 - σ(|x|)}, so small outputs keep
     *       their relative precision, as in the scalar specification;</li>
     *   <li>tanh: {@code tanh(|x|) = -u/(2+u)} with {@code u = expm1(z) = 2^n·expm1(r) + (2^n - 1)},
     *       which has no cancellation near 0 (tanh x ≈ x stays relatively accurate); the sign of
     *       x is put back bit by bit, so tanh(±0) = ±0.</li>
     * </ul>
     * {@code expm1(r)} for {@code |r| <= ln2/2} is the Taylor series to r⁷, whose truncation error
     * (r⁸/8! ≈ 5e-9) is below float resolution, written as r + r²·P(r) so that small r keeps full
     * relative precision.
     */
    static void activateInPlace(boolean tanh, int n, float[] x, int xi) {
        int nv = S.loopBound(n);
        FloatVector zScale = tanh ? MINUS_TWO : MINUS_ONE;
        for (int i = 0; i < nv; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xi + i);
            FloatVector z = v.abs().mul(zScale).max(V_MIN_ARG);
            FloatVector t = z.fma(V_LOG2E, V_MAGIC);
            FloatVector nf = t.sub(V_MAGIC);
            FloatVector r = nf.fma(V_NEG_LN2_HI, z);
            r = nf.fma(V_NEG_LN2_LO, r);
            FloatVector p = r.fma(P7, P6);
            p = p.fma(r, P5);
            p = p.fma(r, P4);
            p = p.fma(r, P3);
            p = p.fma(r, P2);
            FloatVector pm = r.mul(r).fma(p, r);                      // expm1(r)
            // 2^n from t's bits: they are MAGIC's bits + n, and MAGIC's low 9 bits are zero, so
            // after adding the bias and shifting, the exponent field holds exactly n + 127.
            FloatVector scale = t.reinterpretAsInts().add(EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, EXPONENT_SHIFT).reinterpretAsFloats();
            IntVector vBits = v.reinterpretAsInts();
            FloatVector y;
            if (tanh) {
                FloatVector u = scale.fma(pm, scale.sub(ONE));        // expm1(z)
                // abs() because u = 0 gives 0/2 = +0 for either sign of x.
                IntVector magnitude = u.div(u.add(TWO)).abs().reinterpretAsInts();
                y = magnitude.or(vBits.and(SIGN_BIT)).reinterpretAsFloats();
            } else {
                FloatVector e = scale.fma(pm, scale);                 // exp(z)
                // Numerator e where x's sign bit is set, 1 elsewhere: a bitwise select on the
                // all-ones/all-zeros mask that the arithmetic shift makes of the sign bit.
                IntVector negative = vBits.lanewise(VectorOperators.ASHR, SIGN_SHIFT);
                IntVector numerator = ONE_BITS.lanewise(VectorOperators.XOR,
                        ONE_BITS.lanewise(VectorOperators.XOR, e.reinterpretAsInts()).and(negative));
                y = numerator.reinterpretAsFloats().div(ONE.add(e));
            }
            y.intoArray(x, xi + i);
        }
        for (int i = nv; i < n; i++) {
            x[xi + i] = tanh ? ScalarKernels.tanh(x[xi + i]) : ScalarKernels.sigmoid(x[xi + i]);
        }
    }
}
