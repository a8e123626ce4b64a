package org.rnn4j.io;

/**
 * Conversions between float and the two 16-bit float formats. Java 17 has no
 * {@code Float.float16ToFloat} (it arrived in Java 20), so they are written out here.
 * Narrowing rounds to nearest, ties to even, as IEEE-754 and PyTorch do.
 */
final class HalfFloats {

    private HalfFloats() {
    }

    /** binary16 bits to float; exact, since every half value is a float. */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            // infinity, or NaN with its payload kept in the top mantissa bits
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24; the product is exact because mantissa < 2^10
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        // normal: move the exponent from bias 15 to bias 127
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** float to binary16 bits, rounding to nearest even; overflow gives infinity, NaN stays NaN. */
    static short floatToHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7fffffff;
        if (magnitude >= 0x7f800000) {
            if (magnitude == 0x7f800000) {
                return (short) (sign | 0x7c00);
            }
            int payload = (magnitude >>> 13) & 0x3ff;
            // a payload held only in the low 13 bits would vanish and turn the NaN into infinity
            return (short) (sign | 0x7c00 | (payload == 0 ? 0x200 : payload));
        }
        if (magnitude >= 0x477ff000) {
            // 65520 is halfway between the largest half (65504, odd mantissa) and 65536: ties go up
            return (short) (sign | 0x7c00);
        }
        if (magnitude < 0x38800000) {
            // below 2^-14, the smallest normal half: count units of 2^-24. Scaling by a power of two
            // is exact, and Math.rint rounds halves to even. A result of 0x400 is the smallest
            // normal, which that bit pattern encodes correctly.
            int units = (int) Math.rint(Float.intBitsToFloat(magnitude) * 0x1p24f);
            return (short) (sign | units);
        }
        int rebiased = magnitude - (112 << 23);
        // round the 23-bit mantissa to 10 bits; a carry into the exponent is the correct result
        int rounded = rebiased + 0xfff + ((rebiased >>> 13) & 1);
        return (short) (sign | (rounded >>> 13));
    }

    /** bfloat16 bits to float; exact. */
    static float bf16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    /** float to bfloat16 bits, rounding to nearest even; NaN stays NaN. */
    static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            // set the quiet bit so that a payload in the dropped low bits cannot become infinity
            return (short) ((bits >>> 16) | 0x0040);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }
}
