package org.rnn4j.io;

import java.util.Arrays;
import java.util.Objects;
import org.rnn4j.InvalidInputException;

/**
 * One tensor as read from a safetensors file or to be written to one: its {@link DType}, its shape,
 * and its values in row-major (C) order, the last index varying fastest.
 *
 * <p>Floating-point dtypes are held as {@code float[]}: {@link DType#F64} is rounded to the nearest
 * float when read, {@link DType#F16} and {@link DType#BF16} are widened exactly. Integer dtypes are
 * held as {@code long[]}; {@link DType#BOOL} as 0 or 1. {@link #dtype()} is the type in the file, so
 * writing a tensor that was read stores it in its original type again: exactly for every type but
 * F64, whose digits beyond float precision were dropped on reading.
 *
 * <p>Immutable: the factories copy their array and the accessors return copies, so a tensor handed
 * out by a {@link SafeTensorsFile} cannot be changed by one caller under another.
 *
 * <p>A shape of {@code []} is a scalar with one element. Equality compares dtype, shape and values
 * (floats as {@link Arrays#equals(float[], float[])} does: every NaN equals
 * every NaN, and 0.0 differs from -0.0), not the name.
 */
public final class TensorData {

    /** Largest array length that every JVM allocates. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final DType dtype;
    private final int[] shape;
    private final float[] floatValues; // [product(shape)] when dtype.isFloat(), else null
    private final long[] longValues;   // [product(shape)] when !dtype.isFloat(), else null
    private final String label;        // "model.safetensors: tensor 'w'" or "tensor", for messages

    /** Takes ownership of the arrays; callers have validated the shape and length. */
    TensorData(DType dtype, int[] shape, float[] floatValues, long[] longValues, String label) {
        assert (floatValues != null) == dtype.isFloat() && (longValues != null) != dtype.isFloat();
        this.dtype = dtype;
        this.shape = shape;
        this.floatValues = floatValues;
        this.longValues = longValues;
        this.label = label;
    }

    /**
     * A {@link DType#F32} tensor.
     *
     * @param data  values in row-major order, copied (read)
     * @param shape dimensions, each {@code >= 0}; none for a scalar
     * @throws IllegalArgumentException if {@code data.length} is not the product of {@code shape}
     */
    public static TensorData ofFloats(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        checkShape(data.length, shape);
        return new TensorData(DType.F32, shape.clone(), data.clone(), null, "tensor");
    }

    /**
     * A {@link DType#I64} tensor.
     *
     * @param data  values in row-major order, copied (read)
     * @param shape dimensions, each {@code >= 0}; none for a scalar
     * @throws IllegalArgumentException if {@code data.length} is not the product of {@code shape}
     */
    public static TensorData ofLongs(long[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        checkShape(data.length, shape);
        return new TensorData(DType.I64, shape.clone(), null, data.clone(), "tensor");
    }

    private static void checkShape(int length, int[] shape) {
        Objects.requireNonNull(shape, "shape");
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has a negative dimension");
            }
            // a product past the array limit cannot equal length; stop before it can overflow
            count = Math.min(count * d, (long) MAX_ELEMENTS + 1);
        }
        if (count != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs "
                    + (count > MAX_ELEMENTS ? "more than " + MAX_ELEMENTS : String.valueOf(count))
                    + " values, got " + length);
        }
    }

    /** The element type; for a tensor read from a file, the type it had in the file. */
    public DType dtype() {
        return dtype;
    }

    /** The dimensions (a copy); empty for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the shape, 1 for a scalar. */
    public long elementCount() {
        return isFloat() ? floatValues.length : longValues.length;
    }

    /** Whether the values are floating-point ({@link #floats()}) rather than integers ({@link #longs()}). */
    public boolean isFloat() {
        return dtype.isFloat();
    }

    /**
     * The values of a floating-point tensor, row-major, as a new array.
     *
     * @throws InvalidInputException if the tensor has an integer dtype
     */
    public float[] floats() {
        if (floatValues == null) {
            throw new InvalidInputException(label + " has dtype " + dtype + ", expected a floating-point tensor");
        }
        return floatValues.clone();
    }

    /**
     * The values of an integer (or BOOL) tensor, row-major, as a new array.
     *
     * @throws InvalidInputException if the tensor has a floating-point dtype
     */
    public long[] longs() {
        if (longValues == null) {
            throw new InvalidInputException(label + " has dtype " + dtype + ", expected an integer tensor");
        }
        return longValues.clone();
    }

    /** The held array itself, for the writer; never handed out. */
    float[] floatsUnsafe() {
        return floatValues;
    }

    /** The held array itself, for the writer; never handed out. */
    long[] longsUnsafe() {
        return longValues;
    }

    /** Same shape check with a message in the style of {@link SafeTensorsFile#get(String, int...)}. */
    void checkShape(String what, int[] expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new InvalidInputException(what + " has shape " + Arrays.toString(shape) + ", expected "
                    + Arrays.toString(expected));
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TensorData)) {
            return false;
        }
        TensorData other = (TensorData) o;
        return dtype == other.dtype && Arrays.equals(shape, other.shape)
                && Arrays.equals(floatValues, other.floatValues) && Arrays.equals(longValues, other.longValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(floatValues), Arrays.hashCode(longValues));
    }

    /** For example {@code TensorData[F32 [4, 3]]}; values are left out. */
    @Override
    public String toString() {
        return "TensorData[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
