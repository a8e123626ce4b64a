package org.rnn4j.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trainable tensor: its values, its gradient of the same shape, and the name it has in a
 * PyTorch {@code state_dict} (for example {@code weight_hh_l0_reverse}). Row-major {@code float[]}.
 * Optimizer state is never stored here; it lives in the optimizer.
 */
public final class Parameter {

    private final String name;
    private final int[] shape;
    private final float[] value;
    private final float[] grad;
    private long version;

    public Parameter(String name, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        long size = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("parameter " + name + ": dimensions must be positive, got "
                        + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("parameter " + name + " is too large: " + Arrays.toString(shape));
        }
        this.value = new float[(int) size];
        this.grad = new float[(int) size];
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return value.length;
    }

    /**
     * The values, shared: writes go to the parameter. Whoever writes them must then call
     * {@link #markChanged()}, so that layers refresh what they derive from the values (packed
     * copies); optimizers and {@link #set} do it themselves.
     */
    public float[] value() {
        return value;
    }

    /** Says that the values were written; layers compare {@link #version()} to know. */
    public void markChanged() {
        version++;
    }

    /** Increases every time the values change through {@link #set} or {@link #markChanged()}. */
    public long version() {
        return version;
    }

    /** The gradient dLoss/dValue, shared: writes go to the parameter. Backward passes accumulate into it. */
    public float[] grad() {
        return grad;
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    /** Copies {@code values} in after checking its length. */
    public void set(float[] values) {
        if (values.length != value.length) {
            throw new IllegalArgumentException("parameter " + name + " " + Arrays.toString(shape) + " needs "
                    + value.length + " values, got " + values.length);
        }
        System.arraycopy(values, 0, value, 0, values.length);
        markChanged();
    }

    /** {@code parameters} by name, in their order (a layer's or model's {@code state_dict} view). */
    public static Map<String, Parameter> byName(List<Parameter> parameters) {
        Map<String, Parameter> map = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            map.put(p.name(), p);
        }
        return map;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
