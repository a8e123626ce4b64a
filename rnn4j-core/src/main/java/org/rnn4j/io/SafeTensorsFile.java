package org.rnn4j.io;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import org.rnn4j.InvalidInputException;

/**
 * The contents of one safetensors file, fully read and validated: its metadata and its tensors.
 * Immutable. Made by {@link SafeTensors#read(java.nio.file.Path)}.
 */
public final class SafeTensorsFile {

    private final String source;
    private final Map<String, String> metadata;       // in header order
    private final SortedMap<String, TensorData> tensors;

    SafeTensorsFile(String source, Map<String, String> metadata, SortedMap<String, TensorData> tensors) {
        this.source = source;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = Collections.unmodifiableSortedMap(tensors);
    }

    /** Where the bytes came from (the file name), as used at the start of every error message. */
    public String source() {
        return source;
    }

    /** The {@code __metadata__} object of the header, in header order; empty if the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor names, sorted. */
    public Set<String> names() {
        return tensors.keySet();
    }

    /** Whether the file has a tensor of this name. */
    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The tensor of this name.
     *
     * @throws InvalidInputException if there is none
     */
    public TensorData get(String name) {
        Objects.requireNonNull(name, "name");
        TensorData t = tensors.get(name);
        if (t == null) {
            throw new InvalidInputException(source + ": missing tensor " + Text.quote(name));
        }
        return t;
    }

    /**
     * The tensor of this name, checked to have exactly this shape.
     *
     * @param expectedShape the dimensions the caller needs; none for a scalar
     * @throws InvalidInputException if there is no such tensor or its shape differs
     */
    public TensorData get(String name, int... expectedShape) {
        Objects.requireNonNull(expectedShape, "expectedShape");
        TensorData t = get(name);
        t.checkShape(source + ": tensor " + Text.quote(name), expectedShape);
        return t;
    }

    @Override
    public String toString() {
        return "SafeTensorsFile[" + source + ", " + tensors.size() + " tensors]";
    }
}
