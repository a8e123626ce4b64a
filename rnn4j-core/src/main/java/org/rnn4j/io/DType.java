package org.rnn4j.io;

import java.util.Optional;

/**
 * The element types of the safetensors format that rnn4j reads. The constant names are the
 * safetensors names ({@code "F32"}, {@code "BF16"}, ...).
 *
 * <p>In memory, floating-point types are held as {@code float[]} and integer types (including
 * {@link #BOOL}, as 0 or 1) as {@code long[]}; see {@link TensorData}. Safetensors types not listed
 * here (unsigned 16/32/64-bit, 8-bit floats, complex) are refused when reading.
 */
public enum DType {
    /** IEEE-754 binary32. */
    F32(4, true),
    /** IEEE-754 binary64; rounded to the nearest float when read. */
    F64(8, true),
    /** IEEE-754 binary16 (half precision). */
    F16(2, true),
    /** bfloat16: the upper 16 bits of a binary32. */
    BF16(2, true),
    /** Two's-complement signed 64-bit integer. */
    I64(8, false),
    /** Two's-complement signed 32-bit integer. */
    I32(4, false),
    /** Two's-complement signed 16-bit integer. */
    I16(2, false),
    /** Two's-complement signed 8-bit integer. */
    I8(1, false),
    /** Unsigned 8-bit integer, 0 to 255. */
    U8(1, false),
    /** One byte per element, 0 (false) or 1 (true). */
    BOOL(1, false);

    private final int byteSize;
    private final boolean floatingPoint;

    DType(int byteSize, boolean floatingPoint) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
    }

    /** Bytes one element takes in a safetensors file. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether the values are held as {@code float[]} (true) or {@code long[]} (false). */
    public boolean isFloat() {
        return floatingPoint;
    }

    /** The name used in the {@code "dtype"} field of a safetensors header, for example {@code "BF16"}. */
    public String safetensorsName() {
        return name();
    }

    /**
     * The type with this safetensors name (case-sensitive, as the format is), or empty if rnn4j does
     * not read that type.
     */
    public static Optional<DType> fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
