package org.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.testing.SharedFiles;

/** Every real golden file (made by the Python safetensors writer) reads, and writes back byte for byte. */
class SafeTensorsGoldenTest {

    static List<Path> goldenFiles() throws IOException {
        try (Stream<Path> files = Files.list(SharedFiles.golden())) {
            List<Path> list = files.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
                    .sorted().collect(Collectors.toList());
            assertFalse(list.isEmpty(), "no golden files in " + SharedFiles.golden());
            return list;
        }
    }

    @ParameterizedTest
    @MethodSource("goldenFiles")
    void readsGoldenFile(Path path) throws IOException {
        SafeTensorsFile file = SafeTensors.read(path);
        String name = path.getFileName().toString();
        assertEquals(name, file.source());
        assertEquals("rnn4j-golden-v1", file.metadata().get("format"));
        assertEquals(name.substring(0, name.length() - ".safetensors".length()), file.metadata().get("case"));
        assertTrue(List.of("layer", "model", "tbptt").contains(file.metadata().get("kind")));
        assertFalse(file.names().isEmpty());

        byte[] bytes = Files.readAllBytes(path);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        long dataBytes = 0;
        for (String tensor : file.names()) {
            TensorData t = file.get(tensor);
            assertTrue(t.dtype() == DType.F32 || t.dtype() == DType.I64, tensor + " " + t.dtype());
            long product = 1;
            for (int d : t.shape()) {
                product *= d;
            }
            assertEquals(product, t.elementCount(), tensor);
            assertEquals(t.elementCount(), t.isFloat() ? t.floats().length : t.longs().length, tensor);
            dataBytes += t.elementCount() * t.dtype().byteSize();
        }
        // FORMAT.md: the tensors fill the data section exactly
        assertEquals(bytes.length - 8 - n, dataBytes, "data section size");

        // Written again in the file's own order, the bytes are identical: the writer makes the same
        // compact JSON, padding and layout as the Python reference writer.
        String header = new String(bytes, 8, (int) n, StandardCharsets.US_ASCII);
        JsonNode root = new ObjectMapper().readTree(header);
        Map<String, TensorData> inFileOrder = new LinkedHashMap<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!key.equals("__metadata__")) {
                inFileOrder.put(key, file.get(key));
            }
        }
        assertArrayEquals(bytes, SafeTensors.toBytes(file.metadata(), inFileOrder), "rewritten bytes");
    }

    /** Values checked against an independent reader (numpy.frombuffer on the same file). */
    @Test
    void knownValuesOfTheFirstLayerCase() throws IOException {
        SafeTensorsFile l01 = SafeTensors.read(SharedFiles.golden().resolve("L01_rnn_tanh_basic.safetensors"));
        assertEquals("RNN", l01.metadata().get("module"));
        assertEquals("tanh", l01.metadata().get("nonlinearity"));
        float[] w = l01.get("weight_ih_l0", 4, 3).floats();
        assertEquals(0xbdd62498, Float.floatToRawIntBits(w[0]));
        assertEquals(0xbeae68ee, Float.floatToRawIntBits(w[1]));
        float[] gradH = l01.get("grad_h_n", 1, 2, 4).floats();
        assertEquals(0x3f319cb7, Float.floatToRawIntBits(gradH[0]));
        assertEquals(0xbf7ac2a3, Float.floatToRawIntBits(gradH[1]));

        SafeTensorsFile l04 = SafeTensors.read(
                SharedFiles.golden().resolve("L04_rnn_relu_bidir_2layer_lengths_bf.safetensors"));
        assertArrayEquals(new long[] {5, 2, 4}, l04.get("lengths", 3).longs());
        assertEquals(DType.I64, l04.get("lengths").dtype());
    }

    /** The file sizes agree with index.json, so no file in the golden set is truncated. */
    @Test
    void sizesMatchTheIndex() throws IOException {
        JsonNode index = new ObjectMapper().readTree(SharedFiles.golden().resolve("index.json").toFile());
        assertEquals("rnn4j-golden-v1", index.get("format").asText());
        for (JsonNode c : index.get("cases")) {
            Path p = SharedFiles.golden().resolve(c.get("file").asText());
            assertEquals(c.get("bytes").asLong(), Files.size(p), p.toString());
        }
    }
}
