package org.rnn4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exported model loaded in ONNX Runtime (its Java API, CPU), run with named inputs; each result comes
 * back as a flat float array. Tolerances of the comparisons with rnn4j are in one place: {@link #TOLERANCE}.
 */
final class Ort implements AutoCloseable {

    /** Largest |ONNX Runtime − rnn4j| allowed on any output element. */
    static final double TOLERANCE = 1e-5;

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private final OrtSession session;
    private final Map<String, OnnxTensor> feeds = new LinkedHashMap<>();

    Ort(byte[] model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        this.session = ENV.createSession(model, options);
    }

    /** Feeds a float tensor of shape {@code shape}. */
    Ort feed(String name, float[] values, long... shape) throws OrtException {
        replace(name, OnnxTensor.createTensor(ENV, FloatBuffer.wrap(values), shape));
        return this;
    }

    /** Feeds an int64 tensor of shape {@code shape}. */
    Ort feed(String name, long[] values, long... shape) throws OrtException {
        replace(name, OnnxTensor.createTensor(ENV, LongBuffer.wrap(values), shape));
        return this;
    }

    /** Feeds int values as an int64 tensor. */
    Ort feedLongs(String name, int[] values, long... shape) throws OrtException {
        long[] v = new long[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return feed(name, v, shape);
    }

    /** Runs with the inputs fed since the last run (which are then released); returns every output by name. */
    Map<String, float[]> run() throws OrtException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (OrtSession.Result r = session.run(feeds)) {
            for (Map.Entry<String, OnnxValue> e : r) {
                FloatBuffer b = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float[] a = new float[b.remaining()];
                b.get(a);
                out.put(e.getKey(), a);
            }
        } finally {
            release();
        }
        return out;
    }

    /** The shape ONNX Runtime gives output {@code name} for the inputs fed (which are then released). */
    long[] outputShape(String name) throws OrtException {
        try (OrtSession.Result r = session.run(feeds)) {
            return ((OnnxTensor) r.get(name).orElseThrow()).getInfo().getShape();
        } finally {
            release();
        }
    }

    List<String> inputNames() throws OrtException {
        return new ArrayList<>(session.getInputNames());
    }

    private void replace(String name, OnnxTensor t) {
        OnnxTensor old = feeds.put(name, t);
        if (old != null) {
            old.close();
        }
    }

    private void release() {
        feeds.values().forEach(OnnxTensor::close);
        feeds.clear();
    }

    @Override
    public void close() throws OrtException {
        release();
        session.close();
    }

    /** max |a − b| over the first {@code n} elements, after checking both have {@code n}. */
    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (!(d <= worst)) {
                worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
            }
        }
        return worst;
    }
}
