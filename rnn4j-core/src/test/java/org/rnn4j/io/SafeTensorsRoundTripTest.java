package org.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;

/** Writing then reading gives back the same tensors, in the layout the format prescribes. */
class SafeTensorsRoundTripTest {

    private static Map<String, TensorData> sample() {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        // not in name order, to show that the map's order is the file's order
        tensors.put("weight_ih_l0", TensorData.ofFloats(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4, 3));
        tensors.put("bias", TensorData.ofFloats(new float[] {-0.0f, Float.MIN_VALUE, Float.MAX_VALUE,
            Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 0.1f}, 7));
        tensors.put("lengths", TensorData.ofLongs(new long[] {5, 2, Long.MIN_VALUE, Long.MAX_VALUE}, 4));
        tensors.put("step", TensorData.ofLongs(new long[] {42})); // scalar, shape []
        tensors.put("scale", TensorData.ofFloats(new float[] {0.5f}));
        tensors.put("empty", TensorData.ofFloats(new float[0], 0, 3));
        tensors.put("empty_ints", TensorData.ofLongs(new long[0], 2, 0));
        tensors.put("odd", TensorData.ofFloats(new float[] {1, 2, 3}, 1, 3, 1)); // 12 bytes: next tensor unaligned
        tensors.put("after_odd", TensorData.ofLongs(new long[] {7, 8}, 2));
        return tensors;
    }

    @Test
    void writeThenReadGivesTheSameTensorsAndMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "rnn4j-golden-v1");
        metadata.put("note", "ünïcödé \" \\ \n and a tab\t");
        metadata.put("empty", "");
        Map<String, TensorData> tensors = sample();

        SafeTensorsFile file = SafeTensors.read(SafeTensors.toBytes(metadata, tensors), "rt.safetensors");

        assertEquals("rt.safetensors", file.source());
        assertEquals(metadata, file.metadata());
        assertEquals(new ArrayList<>(metadata.keySet()), new ArrayList<>(file.metadata().keySet()),
                "metadata keeps header order");
        assertEquals(List.of("after_odd", "bias", "empty", "empty_ints", "lengths", "odd", "scale", "step",
                "weight_ih_l0"), new ArrayList<>(file.names()), "names are sorted");
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            TensorData read = file.get(e.getKey());
            assertEquals(e.getValue(), read, e.getKey());
            assertEquals(e.getValue().dtype(), read.dtype());
            assertArrayEquals(e.getValue().shape(), read.shape());
        }
        // equals() treats all NaNs alike and tells 0.0 from -0.0; check the special values bit for bit too
        float[] bias = file.get("bias").floats();
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(bias[0]));
        assertEquals(Float.MIN_VALUE, bias[1]);
        assertTrue(Float.isNaN(bias[5]));
        assertArrayEquals(new long[] {5, 2, Long.MIN_VALUE, Long.MAX_VALUE}, file.get("lengths").longs());
        TensorData step = file.get("step");
        assertEquals(0, step.shape().length);
        assertEquals(1, step.elementCount());
        assertArrayEquals(new long[] {42}, step.longs());
        assertEquals(0, file.get("empty").elementCount());
        assertArrayEquals(new int[] {2, 0}, file.get("empty_ints").shape());
    }

    @Test
    void layoutFollowsTheFormat() throws Exception {
        Map<String, String> metadata = Map.of("format", "x");
        Map<String, TensorData> tensors = sample();
        byte[] bytes = SafeTensors.toBytes(metadata, tensors);

        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header length is a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        String json = header.stripTrailing();
        assertTrue(header.substring(json.length()).chars().allMatch(c -> c == ' '), "padding is spaces");
        assertTrue(header.length() - json.length() < 8);

        JsonNode root = new ObjectMapper().readTree(json);
        Iterator<String> keys = root.fieldNames();
        assertEquals("__metadata__", keys.next(), "metadata comes first");
        long expectedBegin = 0;
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            assertEquals(e.getKey(), keys.next(), "header keys follow the map's order");
            JsonNode entry = root.get(e.getKey());
            assertEquals(e.getValue().dtype().safetensorsName(), entry.get("dtype").asText());
            long size = e.getValue().elementCount() * e.getValue().dtype().byteSize();
            assertEquals(expectedBegin, entry.get("data_offsets").get(0).asLong(), "tensors back to back");
            assertEquals(expectedBegin + size, entry.get("data_offsets").get(1).asLong());
            expectedBegin += size;
        }
        assertFalse(keys.hasNext());
        assertEquals(8 + n + expectedBegin, bytes.length, "the tensors fill the data section exactly");

        // spot check raw bytes: first value of weight_ih_l0 (1.0f) at the start of the data section
        assertEquals(1.0f, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(8 + (int) n));
    }

    @Test
    void emptyMetadataIsLeftOutAndReadsAsEmpty() {
        byte[] bytes = SafeTensors.toBytes(Map.of(), Map.of("a", TensorData.ofFloats(new float[] {1}, 1)));
        String header = new String(bytes, 8, bytes.length - 12, StandardCharsets.UTF_8);
        assertFalse(header.contains("__metadata__"), header);
        SafeTensorsFile file = SafeTensors.read(bytes, "m");
        assertTrue(file.metadata().isEmpty());
        // no tensors at all is a valid file too
        SafeTensorsFile none = SafeTensors.read(SafeTensors.toBytes(Map.of("k", "v"), Map.of()), "none");
        assertTrue(none.names().isEmpty());
        assertEquals(Map.of("k", "v"), none.metadata());
    }

    @Test
    void writeToPathRoundTrips(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("model.safetensors");
        Map<String, TensorData> tensors = sample();
        SafeTensors.write(path, Map.of("format", "rnn4j-golden-v1"), tensors);
        SafeTensorsFile file = SafeTensors.read(path);
        assertEquals("model.safetensors", file.source());
        assertEquals(tensors.keySet(), file.names());
        for (String name : tensors.keySet()) {
            assertEquals(tensors.get(name), file.get(name));
        }
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(path), listing.toList(), "no temporary file left behind");
        }
    }

    @Test
    void getChecksPresenceAndShape() {
        SafeTensorsFile file = SafeTensors.read(SafeTensors.toBytes(Map.of(), sample()), "model.safetensors");
        assertTrue(file.has("bias"));
        assertFalse(file.has("nope"));
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> file.get("nope"));
        assertEquals("model.safetensors: missing tensor 'nope'", missing.getMessage());
        assertArrayEquals(new int[] {4, 3}, file.get("weight_ih_l0", 4, 3).shape());
        InvalidInputException shape = assertThrows(InvalidInputException.class, () -> file.get("weight_ih_l0", 3, 4));
        assertEquals("model.safetensors: tensor 'weight_ih_l0' has shape [4, 3], expected [3, 4]", shape.getMessage());
        InvalidInputException scalar = assertThrows(InvalidInputException.class, () -> file.get("step", 1));
        assertEquals("model.safetensors: tensor 'step' has shape [], expected [1]", scalar.getMessage());
        file.get("step"); // and [] matches a call without dimensions
        file.get("step", new int[0]);
        assertThrows(InvalidInputException.class, () -> file.get("missing", 1, 2));
    }

    @Test
    void floatsAndLongsRefuseTheOtherKind() {
        SafeTensorsFile file = SafeTensors.read(SafeTensors.toBytes(Map.of(), sample()), "model.safetensors");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> file.get("lengths").floats());
        assertEquals("model.safetensors: tensor 'lengths' has dtype I64, expected a floating-point tensor",
                e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> file.get("bias").longs());
        assertEquals("model.safetensors: tensor 'bias' has dtype F32, expected an integer tensor", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> TensorData.ofLongs(new long[] {1}, 1).floats());
        assertEquals("tensor has dtype I64, expected a floating-point tensor", e.getMessage());
        assertTrue(file.get("bias").isFloat());
        assertFalse(file.get("lengths").isFloat());
    }

    @Test
    void tensorDataIsImmutable() {
        float[] values = {1, 2, 3};
        int[] shape = {3};
        TensorData t = TensorData.ofFloats(values, shape);
        values[0] = 99;
        shape[0] = 7;
        assertEquals(1f, t.floats()[0], "the factory copied the data");
        assertArrayEquals(new int[] {3}, t.shape(), "the factory copied the shape");
        t.floats()[1] = 99;
        t.shape()[0] = 7;
        assertEquals(2f, t.floats()[1], "floats() returns a copy");
        assertArrayEquals(new int[] {3}, t.shape(), "shape() returns a copy");
        assertNotSame(t.floats(), t.floats());

        SafeTensorsFile file = SafeTensors.read(SafeTensors.toBytes(Map.of(), Map.of("t", t)), "f");
        file.get("t").floats()[0] = 99;
        assertEquals(1f, file.get("t").floats()[0], "a tensor read from a file cannot be changed by a caller");
        assertThrows(UnsupportedOperationException.class, () -> file.metadata().put("a", "b"));
        assertThrows(UnsupportedOperationException.class, () -> file.names().remove("t"));
    }

    @Test
    void factoriesCheckTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorData.ofFloats(new float[6], 3, 3));
        assertEquals("shape [3, 3] needs 9 values, got 6", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TensorData.ofLongs(new long[2], 3));
        assertThrows(IllegalArgumentException.class, () -> TensorData.ofFloats(new float[0], -1, 0));
        assertThrows(IllegalArgumentException.class, () -> TensorData.ofFloats(new float[1], 0));
        assertThrows(IllegalArgumentException.class, () -> TensorData.ofFloats(new float[0]), "a scalar has one value");
        // 65536^4 = 2^64 wraps around to 0 in a long: it must be refused, not taken as a match for 0 values
        e = assertThrows(IllegalArgumentException.class,
                () -> TensorData.ofFloats(new float[0], 65536, 65536, 65536, 65536));
        assertEquals("shape [65536, 65536, 65536, 65536] needs more than 2147483639 values, got 0", e.getMessage());
        // but with a zero dimension the tensor is empty, however large the others
        assertEquals(0, TensorData.ofFloats(new float[0], 65536, 65536, 65536, 65536, 0).elementCount());
        assertThrows(IllegalArgumentException.class, () -> TensorData.ofFloats(new float[4], 65536, 65536, 4));
        assertEquals(12, TensorData.ofFloats(new float[12], 2, 2, 3).elementCount());
        assertEquals("TensorData[F32 [2, 6]]", TensorData.ofFloats(new float[12], 2, 6).toString());
    }

    @Test
    void writerRefusesWhatItCannotStore() {
        TensorData t = TensorData.ofFloats(new float[] {1}, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(Map.of(), Map.of("__metadata__", t)));
        assertTrue(e.getMessage().contains("__metadata__"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(Map.of(), Map.of("bad\uD800name", t)));
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(Map.of("k", "\uDC00"), Map.of()));
        Map<String, TensorData> withNull = new LinkedHashMap<>();
        withNull.put("t", null);
        assertThrows(NullPointerException.class, () -> SafeTensors.toBytes(Map.of(), withNull));
    }
}
