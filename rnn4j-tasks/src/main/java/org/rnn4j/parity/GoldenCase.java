package org.rnn4j.parity;

import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.SafeTensorsFile;
import org.rnn4j.io.TensorData;
import org.rnn4j.kernel.Activation;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;

/** A golden-format file with typed access to its metadata ({@code FORMAT.md} §2). */
public final class GoldenCase {

    private final SafeTensorsFile file;
    private final Map<String, String> meta;
    private final java.util.Set<String> read = new java.util.HashSet<>();

    public GoldenCase(SafeTensorsFile file) {
        this.file = file;
        this.meta = file.metadata();
    }

    public SafeTensorsFile file() {
        return file;
    }

    public String kind() {
        return meta.getOrDefault("kind", "?");
    }

    public String name(String fallback) {
        return meta.getOrDefault("case", fallback);
    }

    public String string(String key) {
        String v = meta.get(key);
        if (v == null) {
            throw new InvalidInputException(file.source() + ": metadata has no '" + key + "'");
        }
        return v;
    }

    public String string(String key, String fallback) {
        return meta.getOrDefault(key, fallback);
    }

    public int integer(String key) {
        String v = string(key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    file.source() + ": metadata '" + key + "' should be an integer, got '" + v + "'");
        }
    }

    public int integer(String key, int fallback) {
        return meta.containsKey(key) ? integer(key) : fallback;
    }

    public double real(String key) {
        String v = string(key);
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    file.source() + ": metadata '" + key + "' should be a number, got '" + v + "'");
        }
    }

    public boolean bool(String key) {
        String v = string(key).trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidInputException(
                file.source() + ": metadata '" + key + "' should be true or false, got '" + v + "'");
    }

    public boolean bool(String key, boolean fallback) {
        return meta.containsKey(key) ? bool(key) : fallback;
    }

    /** The recurrent module described by the metadata, with {@code inputSize} as given. */
    public RecurrentConfig recurrentConfig(int inputSize) {
        CellType cell;
        try {
            cell = CellType.parse(string("module"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file.source() + ": " + e.getMessage());
        }
        Activation act = cell == CellType.RNN ? Activation.parse(string("nonlinearity", "tanh")) : Activation.TANH;
        try {
            return new RecurrentConfig(cell, act, inputSize, integer("hidden_size"), integer("num_layers", 1),
                    bool("bidirectional", false), bool("bias", true), integer("proj_size", 0),
                    bool("batch_first", false));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file.source() + ": " + e.getMessage());
        }
    }

    public boolean has(String tensor) {
        return file.has(tensor);
    }

    public TensorData tensor(String name) {
        read.add(name);
        return file.get(name);
    }

    public float[] floats(String name, int... shape) {
        read.add(name);
        return file.get(name, shape).floats();
    }

    /** The {@code expected.*} tensors of the file that no check has read, sorted. */
    public java.util.List<String> uncheckedExpectations() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String n : file.names()) {
            if (n.startsWith("expected.") && !read.contains(n)) {
                out.add(n);
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    /** An I64 tensor as ints, each checked to be in [lo, hi). */
    public int[] ints(String name, long lo, long hi, int... shape) {
        long[] v = file.get(name, shape).longs();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < lo || v[i] >= hi) {
                throw new InvalidInputException(file.source() + ": " + name + "[" + i + "] = " + v[i]
                        + " is outside [" + lo + ", " + hi + ")");
            }
            out[i] = (int) v[i];
        }
        return out;
    }
}
