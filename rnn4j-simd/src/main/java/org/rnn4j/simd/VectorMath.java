package org.rnn4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane-wise {@code exp}, sigmoid and tanh built only from add, multiply, fused multiply-add,
 * divide and bit operations.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: on JDK 17 it is fast once C2 has compiled it
 * (Intel SVML stubs, about 0.3 ns per element here), but before that, and after any
 * deoptimization, the same call falls back to {@code Math.exp} per lane, which rounds some inputs
 * differently. The bits a training run produces would then depend on when the JIT happened to
 * finish. These functions use only IEEE-exact operations, so every tier gives identical results,
 * at a similar speed.
 *
 * <p>Accuracy: within 3 ulp of the correctly rounded result over the whole float range
 * (tested against {@link org.rnn4j.kernel.ScalarKernels}). NaN in gives NaN out.
 */
final class VectorMath {

    private static final VectorSpecies<Float> S = Gemm.S;

    // Round-to-nearest trick: adding 1.5·2^23 pushes the fraction bits out of a float, so the
    // sum's low mantissa bits hold round(x·log2 e) as an integer, for |x·log2 e| < 2^22.
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split in two (Cody and Waite): LN2_HI has only 15 significant bits, so n·LN2_HI is exact
    // for every |n| < 512 and the reduced argument keeps full precision.
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.42860682030941723212e-6f;
    /** exp(-104) is below half the smallest subnormal float, so it rounds to 0; n >= -151 here. */
    private static final float MIN_EXP_ARG = -104f;
    /** Keeps 2^n normal in expm1 (n >= -126); expm1 is -1 in float long before. */
    private static final float MIN_EXPM1_ARG = -87f;
    private static final int SIGN_BIT = 0x80000000;

    private VectorMath() {
    }

    /**
     * {@code expm1(r)} for {@code |r| <= ln2/2}: the Taylor series to r⁷, whose truncation error
     * (r⁸/8! ≈ 5e-9) is below float resolution. Written as r + r²·P(r) so small r keeps full
     * relative precision.
     */
    private static FloatVector expm1Reduced(FloatVector r) {
        FloatVector p = r.fma(1f / 5040f, 1f / 720f);
        p = p.fma(r, FloatVector.broadcast(S, 1f / 120f));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 24f));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 6f));
        p = p.fma(r, FloatVector.broadcast(S, 0.5f));
        return r.mul(r).fma(p, r);
    }

    /**
     * {@code x·log2(e) + MAGIC}: its float value minus MAGIC is n = round(x·log2 e), and its low
     * bits minus MAGIC's bits are n as an integer.
     */
    private static FloatVector roundedMultipleOfLn2(FloatVector x) {
        return x.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, MAGIC));
    }

    /** {@code r = x - n·ln2}, |r| <= ln2/2, in two fma steps (Cody-Waite). */
    private static FloatVector reduce(FloatVector x, FloatVector n) {
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        return n.fma(FloatVector.broadcast(S, -LN2_LO), r);
    }

    /** {@code 2^n} for integer lanes n in [-126, 127], built from the exponent bits. */
    private static FloatVector pow2(IntVector n) {
        return n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /**
     * {@code exp(x)} for {@code x <= 0}, down into the subnormal range (below -104 the result
     * rounds to 0). 2^n is applied as two factors, each a normal float, because n reaches -150.
     */
    static FloatVector expNonPositive(FloatVector x) {
        x = x.max(MIN_EXP_ARG);
        FloatVector t = roundedMultipleOfLn2(x);
        FloatVector n = t.sub(MAGIC);
        FloatVector pm = expm1Reduced(reduce(x, n));
        IntVector ni = t.reinterpretAsInts().sub(MAGIC_BITS);
        IntVector half = ni.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = pow2(half);
        // s1·(1 + expm1(r)) is normal; the second factor is exact unless the result is subnormal.
        return s1.fma(pm, s1).mul(pow2(ni.sub(half)));
    }

    /**
     * {@code exp(x) - 1} for {@code x <= 0}; arguments below -87 give -1 (the true value rounds to
     * -1 from about -17 on).
     */
    static FloatVector expm1NonPositive(FloatVector x) {
        x = x.max(MIN_EXPM1_ARG);
        FloatVector t = roundedMultipleOfLn2(x);
        FloatVector n = t.sub(MAGIC);
        FloatVector pm = expm1Reduced(reduce(x, n));
        FloatVector scale = pow2(t.reinterpretAsInts().sub(MAGIC_BITS));
        // exp(x) - 1 = 2^n·expm1(r) + (2^n - 1): exact when n = 0, so small x loses nothing.
        return scale.fma(pm, scale.sub(1f));
    }

    /**
     * The logistic sigmoid {@code 1 / (1 + e^-x)}, stable for any x: exp is only taken of
     * {@code -|x|}, and {@code σ(-|x|) = e/(1+e)} is formed directly rather than as {@code 1 - σ(|x|)},
     * so small outputs keep their relative precision, as in the scalar specification.
     */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = expNonPositive(x.abs().neg());
        FloatVector one = FloatVector.broadcast(S, 1f);
        VectorMask<Float> negative = x.lt(0f);
        return one.blend(e, negative).div(one.add(e));
    }

    /**
     * {@code tanh(x) = sign(x) · -u / (2 + u)} with {@code u = expm1(-2|x|)} in (-1, 0]. The
     * expm1 form has no cancellation near 0 (tanh x ≈ x stays relatively accurate) and never
     * overflows for large |x| (u → -1, the result → 1).
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector u = expm1NonPositive(x.abs().mul(-2f));
        // abs() because u = 0 gives -0/2 = -0; tanh(|x|) itself is never negative.
        FloatVector t = u.neg().div(u.add(2f)).abs();
        // Put back the sign of x bit by bit, so tanh(-0) = -0 and tanh(0) = 0 as in Math.tanh.
        IntVector sign = x.reinterpretAsInts().and(SIGN_BIT);
        return t.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }
}
