package org.rnn4j.kernel;

import java.util.Locale;

/**
 * The precision a weight is stored in for inference products. Activations, sums and everything a
 * training step does stay float32; reduced precision only changes the weights a serving step reads
 * (half or a quarter of the bytes), by the rounding defined here, which every implementation of
 * {@link Kernels} applies identically.
 */
public enum Precision {
    /** Float32, PyTorch's own values: every product exact to the specification. */
    FP32,
    /** bfloat16: the upper half of a float32 (8 exponent bits, 7 mantissa bits), rounded to nearest even. */
    BF16,
    /**
     * int8 with one scale per output (per row of a weight {@code W[out, in]}):
     * {@code s = max|W[row, :]| / 127}, {@code q = round(w / s)} clamped to {@code [-127, 127]}.
     */
    INT8;

    /** The lower-case name on the command line: {@code fp32}, {@code bf16}, {@code int8}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code fp32}, {@code bf16} or {@code int8}, case-insensitively. */
    public static Precision parse(String id) {
        for (Precision p : values()) {
            if (p.name().equalsIgnoreCase(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("precision must be fp32, bf16 or int8, got '" + id + "'");
    }

    /**
     * {@code x} rounded to bfloat16, as the float32 bits it stands for (the low 16 bits zero): round to
     * nearest, ties to even; NaN stays a (quiet) NaN, infinities stay infinite.
     */
    public static int bf16Bits(float x) {
        int bits = Float.floatToRawIntBits(x);
        if (Float.isNaN(x)) {
            return (bits | 0x0040_0000) & 0xFFFF_0000;
        }
        int lsb = (bits >>> 16) & 1;
        return (bits + 0x7FFF + lsb) & 0xFFFF_0000;
    }

    /** {@code x} rounded to bfloat16 and back: the value a bf16 weight computes with. */
    public static float toBf16(float x) {
        return Float.intBitsToFloat(bf16Bits(x));
    }

    /** The int8 scale of a row whose largest magnitude is {@code maxAbs}: {@code maxAbs / 127} (0 for a zero row). */
    public static float int8Scale(float maxAbs) {
        return maxAbs / 127f;
    }

    /** {@code w} quantized with {@code scale}: {@code round(w / scale)} clamped to [-127, 127]; 0 when the scale is 0. */
    public static byte quantizeInt8(float w, float scale) {
        if (scale == 0f) {
            return 0;
        }
        int q = Math.round(w / scale);
        return (byte) Math.max(-127, Math.min(127, q));
    }
}
