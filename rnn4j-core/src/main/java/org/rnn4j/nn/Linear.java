package org.rnn4j.nn;

import java.util.List;
import org.rnn4j.InvalidInputException;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.PartedTask;
import org.rnn4j.kernel.Precision;

/**
 * A dense layer applied to every row: {@code y[N, out] = x[N, in] Wᵀ + b}, with PyTorch's
 * {@code nn.Linear} parameter names {@code <prefix>weight} ({@code [out, in]}) and {@code <prefix>bias}.
 * Applied to a {@code [T, B, in]} sequence it acts at every step (N = T*B rows).
 *
 * <p>Returned arrays are owned by the layer and overwritten by the next call of the same kind.
 */
public final class Linear {

    private final Kernels kernels;
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;
    private final PackedWeight forwardWeight;   // B = Wᵀ [in, out], for x·Wᵀ
    private final PackedWeight backwardWeight;  // B = W [out, in], for dy·W
    private float[] input;     // [N, in] copy of the last input
    private float[] output;    // [N, out]
    private float[] gradInput; // [N, in]
    private int rows;
    private Precision precision = Precision.FP32;
    private float[] copySource;
    private final PartedTask copyTask = this::copyPart;
    private final PartedTask zeroTask = this::zeroPart;

    public Linear(String prefix, int inFeatures, int outFeatures, boolean bias) {
        this(prefix, inFeatures, outFeatures, bias, KernelProvider.get());
    }

    public Linear(String prefix, int inFeatures, int outFeatures, boolean bias, Kernels kernels) {
        this.kernels = kernels;
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = new Parameter(prefix + "weight", outFeatures, inFeatures);
        this.bias = bias ? new Parameter(prefix + "bias", outFeatures) : null;
        this.forwardWeight = PackedWeight.forInput(weight);
        this.backwardWeight = PackedWeight.forGradient(weight);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    /**
     * The precision {@link #forward} reads the weight in: reduced precision is for inference only, so
     * a backward pass after a reduced-precision forward is refused.
     */
    public void setPrecision(Precision value) {
        this.precision = value;
    }

    /** {@code y = x Wᵀ + b} for {@code rows} rows of x ([rows, in], read and copied). Returns [rows, out]. */
    public float[] forward(float[] x, int rows) {
        if (x.length < rows * inFeatures) {
            throw new InvalidInputException("linear input has " + x.length + " values, expected " + rows + " rows of "
                    + inFeatures);
        }
        this.rows = rows;
        if (input == null || input.length < rows * inFeatures) {
            input = new float[rows * inFeatures];
            output = new float[rows * outFeatures];
            gradInput = new float[rows * inFeatures];
        }
        if (splits(rows * inFeatures)) {
            copySource = x;
            kernels.runParts(copyTask);
            copySource = null;
        } else {
            System.arraycopy(x, 0, input, 0, rows * inFeatures);
        }
        kernels.broadcastRowsInPlace(rows, outFeatures, bias == null ? null : bias.value(), 0, output, 0);
        forwardWeight.multAccumulate(kernels, precision, rows, input, 0, output, 0);
        return output;
    }

    /**
     * Backward for the last forward: accumulates {@code dW += dyᵀ x} and {@code db += Σ dy}, and returns
     * {@code dx = dy W} ([rows, in]).
     */
    public float[] backward(float[] dy) {
        if (precision != Precision.FP32) {
            throw new IllegalStateException("backward needs a float32 forward; this one read " + precision.id()
                    + " weights");
        }
        kernels.multTransAAccumulate(outFeatures, inFeatures, rows, dy, 0, input, 0, weight.grad(), 0);
        if (bias != null) {
            kernels.sumRowsAccumulate(rows, outFeatures, dy, 0, bias.grad(), 0);
        }
        if (splits(rows * inFeatures)) {
            kernels.runParts(zeroTask);
        } else {
            java.util.Arrays.fill(gradInput, 0, rows * inFeatures, 0f);
        }
        backwardWeight.multAccumulate(kernels, rows, dy, 0, gradInput, 0);
        return gradInput;
    }

    /** Elements from which the input copy and the gradient's zeroing are split over the kernels' threads. */
    private static final int PARALLEL_MIN_ELEMENTS = 256 * 1024;

    private boolean splits(int elements) {
        return elements >= PARALLEL_MIN_ELEMENTS && kernels.parallelism() > 1;
    }

    private void copyPart(int part, int parts) {
        int n = rows * inFeatures;
        int lo = PartedTask.start(n, part, parts);
        System.arraycopy(copySource, lo, input, lo, PartedTask.start(n, part + 1, parts) - lo);
    }

    private void zeroPart(int part, int parts) {
        int n = rows * inFeatures;
        java.util.Arrays.fill(gradInput, PartedTask.start(n, part, parts), PartedTask.start(n, part + 1, parts), 0f);
    }
}
