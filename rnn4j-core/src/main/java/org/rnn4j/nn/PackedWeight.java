package org.rnn4j.nn;

import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.Precision;
import org.rnn4j.kernel.QuantizedMatrix;

/**
 * A weight matrix {@code W[out, in]} kept packed for one of the two products a layer does with it:
 * {@code x·Wᵀ} (forward: B = Wᵀ, {@code [in, out]}) or {@code dy·W} (backward: B = W,
 * {@code [out, in]}). Packed on first use and again whenever the parameter's
 * {@link Parameter#version()} changes, so a pass over many time steps packs once and a serving
 * loop, whose weights never change, packs once in all.
 */
public final class PackedWeight {

    private final Parameter weight;
    private final boolean transposed;
    private final int k;
    private final int n;
    private float[] packed;
    private long version = -1;
    private QuantizedMatrix quantized;
    private long quantizedVersion = -1;

    private PackedWeight(Parameter weight, boolean transposed) {
        int[] shape = weight.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("parameter " + weight.name() + " is not a matrix");
        }
        this.weight = weight;
        this.transposed = transposed;
        this.k = transposed ? shape[1] : shape[0];
        this.n = transposed ? shape[0] : shape[1];
    }

    /** For {@code C[m, out] += X[m, in] · Wᵀ}. */
    public static PackedWeight forInput(Parameter weight) {
        return new PackedWeight(weight, true);
    }

    /** For {@code C[m, in] += dY[m, out] · W}. */
    public static PackedWeight forGradient(Parameter weight) {
        return new PackedWeight(weight, false);
    }

    /** The packed matrix for {@link Kernels#multPackedAccumulate}, refreshed if the weight changed. */
    public float[] packed(Kernels kernels) {
        if (weight.version() != version || packed == null) {
            if (packed == null) {
                packed = new float[kernels.packedSize(k, n)];
            }
            if (transposed) {
                kernels.packBTransposed(k, n, weight.value(), 0, packed);
            } else {
                kernels.packB(k, n, weight.value(), 0, packed);
            }
            version = weight.version();
        }
        return packed;
    }

    /**
     * The weight rounded to {@code precision} (BF16 or INT8) for {@link Kernels#multQuantizedAccumulate},
     * refreshed if the weight changed; only for the forward product {@code x·Wᵀ}.
     */
    public QuantizedMatrix quantized(Kernels kernels, Precision precision) {
        if (!transposed) {
            throw new IllegalStateException("only the forward product x·Wᵀ of " + weight.name() + " is quantized");
        }
        if (quantized == null || quantized.precision() != precision || weight.version() != quantizedVersion) {
            quantized = kernels.quantizeBTransposed(precision, k, n, weight.value(), 0);
            quantizedVersion = weight.version();
        }
        return quantized;
    }

    /**
     * {@code C[m, n] += A[m, k] · B} in {@code precision}: with float32 the packed product, else the
     * quantized one.
     */
    public void multAccumulate(Kernels kernels, Precision precision, int m, float[] a, int aOff, float[] c, int cOff) {
        if (precision == Precision.FP32) {
            multAccumulate(kernels, m, a, aOff, c, cOff);
        } else {
            kernels.multQuantizedAccumulate(m, a, aOff, quantized(kernels, precision), c, cOff);
        }
    }

    /** {@code C[m, n] += A[m, k] · B}: the product this packing is for. */
    public void multAccumulate(Kernels kernels, int m, float[] a, int aOff, float[] c, int cOff) {
        kernels.multPackedAccumulate(m, n, k, a, aOff, packed(kernels), c, cOff);
    }
}
