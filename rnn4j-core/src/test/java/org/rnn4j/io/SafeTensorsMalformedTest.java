package org.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;
import org.rnn4j.testing.SharedFiles;

/**
 * One test per kind of malformed input: each must give one InvalidInputException whose message
 * starts with the source name and says what is wrong, never another exception.
 */
class SafeTensorsMalformedTest {

    private static final String SOURCE = "model.safetensors";

    /** A valid one-tensor header with the entry's fields replaced by {@code fields}. */
    private static byte[] withEntry(String fields, int dataBytes) {
        return RawFile.of("{\"w\":{" + fields + "}}", new byte[dataBytes]);
    }

    private static String fails(byte[] bytes) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SafeTensors.read(bytes, SOURCE));
        String message = e.getMessage();
        assertTrue(message.startsWith(SOURCE + ": "), message);
        assertFalse(message.contains("\n"), "one line: " + message);
        return message;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    // ---------------------------------------------------------------- the 8-byte length and the header bytes

    @Test
    void fileShorterThanEightBytes() {
        assertEquals(SOURCE + ": file has 0 bytes, expected at least 8 (the header length) - empty or truncated file?",
                fails(new byte[0]));
        assertContains(fails(new byte[7]), "file has 7 bytes, expected at least 8");
    }

    @Test
    void headerLengthPastTheEndOfTheFile() {
        assertEquals(SOURCE + ": header length is 100 bytes but only 10 bytes follow the length field"
                + " - truncated file, or not a safetensors file?", fails(RawFile.withHeaderLength(100, new byte[10])));
        // exactly one byte short
        byte[] ok = RawFile.of("{}", new byte[0]);
        assertContains(fails(Arrays.copyOf(ok, ok.length - 1)), "header length is 2 bytes but only 1 bytes follow");
    }

    @Test
    void headerLengthAbsurdlyLarge() {
        // must fail on the number alone, before allocating anything of that size
        assertContains(fails(RawFile.withHeaderLength(1L << 40, new byte[16])),
                "header length is 1099511627776 bytes, more than the limit of 100000000");
        assertContains(fails(RawFile.withHeaderLength(-1L, new byte[16])),
                "header length is 18446744073709551615 bytes");
        assertContains(fails(RawFile.withHeaderLength(SafeTensors.MAX_HEADER_BYTES + 1, new byte[16])),
                "more than the limit");
        // "PK\3\4..." (a zip, e.g. a PyTorch .pt file) read as a length
        assertContains(fails("PK\u0003\u0004\u0014\u0000\u0000\u0000rest".getBytes(StandardCharsets.ISO_8859_1)),
                "not a safetensors file?");
    }

    @Test
    void headerNotUtf8() {
        byte[] header = "{\"__metadata__\":{\"a\":\"xx\"}}".getBytes(StandardCharsets.US_ASCII);
        header[22] = (byte) 0xc3; // a lead byte followed by '"', not a continuation byte
        assertContains(fails(RawFile.of(header, new byte[0])), "header is not valid UTF-8", "0xc3",
                "header offset 22");
        // the overlong encoding of '"' must not be taken as a quote
        byte[] overlong = "{\"__metadata__\":{\"a\":\"x..\"}}".getBytes(StandardCharsets.US_ASCII);
        overlong[23] = (byte) 0xc0;
        overlong[24] = (byte) 0xa2;
        assertContains(fails(RawFile.of(overlong, new byte[0])), "not valid UTF-8");
        // an encoded surrogate (ED A0 80) is not UTF-8 either
        byte[] surrogate = "{\"__metadata__\":{\"a\":\"x...\"}}".getBytes(StandardCharsets.US_ASCII);
        surrogate[23] = (byte) 0xed;
        surrogate[24] = (byte) 0xa0;
        surrogate[25] = (byte) 0x80;
        assertContains(fails(RawFile.of(surrogate, new byte[0])), "not valid UTF-8");
    }

    @Test
    void headerNotJson() {
        assertContains(fails(RawFile.of("{\"w\": nope}", new byte[0])), "header is not valid JSON", "line 1");
        assertContains(fails(RawFile.of("{\"w\":{\"dtype\":\"F32\"", new byte[0])), "header is not valid JSON");
        assertContains(fails(RawFile.of("{'w':1}", new byte[0])), "header is not valid JSON");
        assertContains(fails(RawFile.of("{,}", new byte[0])), "header is not valid JSON");
        assertContains(fails(RawFile.of("{\"__metadata__\":{},}", new byte[0])), "header is not valid JSON");
        assertContains(fails(RawFile.of("{} {}", new byte[0])), "header has a JSON object after its object");
        assertContains(fails(RawFile.of("{}\0\0\0\0", new byte[0])), "header is not valid JSON");
        assertEquals(SOURCE + ": header is empty (all 8 bytes are whitespace), expected a JSON object",
                fails(RawFile.of("        ", new byte[0])));
        assertContains(fails(RawFile.of("", new byte[0])), "header is empty");
        // nesting deeper than the parser allows is refused cleanly, not by a StackOverflowError
        String deep = "{\"w\":{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}}";
        assertContains(fails(RawFile.of(deep, new byte[0])), "header is not valid JSON", "nesting depth");
    }

    @Test
    void headerNotAnObject() {
        assertEquals(SOURCE + ": header is a JSON array, expected a JSON object",
                fails(RawFile.of("[1, 2]", new byte[0])));
        assertContains(fails(RawFile.of("\"text\"", new byte[0])), "header is a JSON string, expected a JSON object");
        assertContains(fails(RawFile.of("null", new byte[0])), "header is a JSON null");
        assertContains(fails(RawFile.of("42  ", new byte[0])), "header is a JSON number");
    }

    @Test
    void duplicateKeys() {
        String w = RawFile.entry("w", "F32", "[1]", 0, 4);
        assertContains(fails(RawFile.of("{" + w + "," + w + "}", new byte[4])), "header is not valid JSON",
                "Duplicate", "'w'");
        assertContains(fails(RawFile.of("{\"__metadata__\":{},\"__metadata__\":{}}", new byte[0])), "Duplicate",
                "__metadata__");
        assertContains(fails(RawFile.of("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", new byte[0])), "Duplicate",
                "'a'");
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,4]", 8)),
                "Duplicate", "dtype");
    }

    // ---------------------------------------------------------------- metadata

    @Test
    void metadataValuesNotStrings() {
        assertEquals(SOURCE + ": __metadata__ value of 'hidden_size' is a JSON number, expected a string"
                + " (safetensors metadata maps strings to strings)",
                fails(RawFile.of("{\"__metadata__\":{\"hidden_size\":4}}", new byte[0])));
        assertContains(fails(RawFile.of("{\"__metadata__\":{\"a\":null}}", new byte[0])), "'a' is a JSON null");
        assertContains(fails(RawFile.of("{\"__metadata__\":{\"a\":[\"x\"]}}", new byte[0])), "'a' is a JSON array");
        assertContains(fails(RawFile.of("{\"__metadata__\":{\"a\":true}}", new byte[0])), "'a' is a JSON boolean");
        assertContains(fails(RawFile.of("{\"__metadata__\":[]}", new byte[0])),
                "__metadata__ is a JSON array, expected an object of strings");
        assertContains(fails(RawFile.of("{\"__metadata__\":\"x\"}", new byte[0])), "__metadata__ is a JSON string");
    }

    // ---------------------------------------------------------------- tensor entries

    @Test
    void entryMissingAField() {
        assertEquals(SOURCE + ": tensor 'w' has no \"dtype\", expected {\"dtype\", \"shape\", \"data_offsets\"}",
                fails(withEntry("\"shape\":[1],\"data_offsets\":[0,4]", 4)));
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"data_offsets\":[0,4]", 4)), "tensor 'w' has no \"shape\"");
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[1]", 4)), "tensor 'w' has no \"data_offsets\"");
        assertContains(fails(withEntry("", 0)), "tensor 'w' has no \"dtype\"");
    }

    @Test
    void entryFieldsOfWrongJsonType() {
        assertEquals(SOURCE + ": tensor 'w' is a JSON string, expected an object with dtype, shape and data_offsets",
                fails(RawFile.of("{\"w\":\"F32\"}", new byte[0])));
        assertContains(fails(RawFile.of("{\"w\":[]}", new byte[0])), "tensor 'w' is a JSON array");
        assertContains(fails(withEntry("\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]", 4)),
                "tensor 'w' dtype is a JSON number, expected a string such as \"F32\"");
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":\"[1]\",\"data_offsets\":[0,4]", 4)),
                "tensor 'w' shape is a JSON string, expected an array of integers");
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]", 4)),
                "tensor 'w' shape element 0 is a JSON number 1.0, expected an integer");
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[2,[1]],\"data_offsets\":[0,8]", 8)),
                "tensor 'w' shape element 1 is a JSON array, expected an integer");
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]", 4)),
                "shape element 0 is a JSON string 1");
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":{\"begin\":0}", 4)),
                "tensor 'w' data_offsets is a JSON object, expected an array of integers");
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.0]", 4)),
                "data_offsets element 1 is a JSON number 4.0");
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":null", 4)),
                "data_offsets is a JSON null");
        // unknown keys are ignored, whatever their value
        SafeTensors.read(withEntry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":{\"y\":[1,{}]}", 4),
                SOURCE);
    }

    @Test
    void unknownDType() {
        assertEquals(SOURCE + ": tensor 'w' has dtype 'U64', expected one of F32, F64, F16, BF16, I64, I32, I16, I8,"
                + " U8, BOOL", fails(withEntry("\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[0,8]", 8)));
        assertContains(fails(withEntry("\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]", 4)), "dtype 'f32'");
        assertContains(fails(withEntry("\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]", 1)),
                "dtype 'F8_E4M3'");
    }

    @Test
    void negativeDimension() {
        assertEquals(SOURCE + ": tensor 'w' has shape [2, -3]: dimension -3 is negative",
                fails(withEntry("\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,24]", 24)));
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[-99999999999999999999999],"
                + "\"data_offsets\":[0,0]", 0)), "is negative");
    }

    @Test
    void shapeTooLarge() {
        assertEquals(SOURCE + ": tensor 'w' has shape [3000000000]: dimension 3000000000 is larger than 2147483647",
                fails(withEntry("\"dtype\":\"U8\",\"shape\":[3000000000],\"data_offsets\":[0,0]", 0)));
        assertContains(fails(withEntry("\"dtype\":\"U8\",\"shape\":[123456789012345678901234567890],"
                + "\"data_offsets\":[0,0]", 0)), "dimension 123456789012345678901234567890 is larger than");
        // each dimension fits an int but the product overflows a long
        assertEquals(SOURCE + ": tensor 'w' has shape [2147483647, 2147483647, 2147483647]: its element count"
                + " overflows a 64-bit integer",
                fails(withEntry("\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],"
                        + "\"data_offsets\":[0,0]", 0)));
        // the product fits a long but no Java array holds that many elements
        assertEquals(SOURCE + ": tensor 'w' has shape [65536, 65536] with 4294967296 elements, more than the"
                + " 2147483639 a Java array holds",
                fails(withEntry("\"dtype\":\"BOOL\",\"shape\":[65536,65536],\"data_offsets\":[0,4294967296]", 0)));
        // a thousand-and-more-dimensional shape is refused without keeping it
        String ones = "1" + ",1".repeat(200_000);
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[" + ones + "],\"data_offsets\":[0,4]", 4)),
                "shape has more than 1024 dimensions");
    }

    @Test
    void zeroDimensionMakesAnEmptyTensorWhateverTheOthers() {
        // the product of the other dimensions would overflow; with a 0 it must not matter
        SafeTensorsFile f = SafeTensors.read(withEntry("\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,0,"
                + "2147483647],\"data_offsets\":[0,0]", 0), SOURCE);
        assertEquals(0, f.get("w").elementCount());
        assertEquals(0, f.get("w").floats().length);
    }

    @Test
    void scalarShapeHasOneElement() {
        ByteBuffer d = RawFile.data(4).putFloat(2.5f);
        SafeTensorsFile f = SafeTensors.read(RawFile.of("{" + RawFile.entry("s", "F32", "[]", 0, 4) + "}", d.array()),
                SOURCE);
        assertEquals(1, f.get("s").elementCount());
        assertArrayEquals(new float[] {2.5f}, f.get("s").floats());
        assertContains(fails(RawFile.of("{" + RawFile.entry("s", "F32", "[]", 0, 0) + "}", new byte[0])),
                "hold 0 bytes but dtype F32 shape [] needs 4");
    }

    // ---------------------------------------------------------------- data offsets

    @Test
    void dataOffsetsNotTwoNonNegativeIntegers() {
        assertEquals(SOURCE + ": tensor 'w' has data_offsets [0, 4, 8], expected [begin, end]: two non-negative"
                + " integers", fails(withEntry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]", 8)));
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8,12,16]", 16)),
                "data_offsets [0, 4, 8, ...], expected [begin, end]");
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]", 8)),
                "data_offsets [4], expected [begin, end]");
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[]", 8)),
                "data_offsets [], expected [begin, end]");
        assertContains(fails(withEntry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]", 8)),
                "data_offsets [-4, 0], expected [begin, end]: two non-negative integers");
    }

    @Test
    void dataOffsetsBeginAfterEnd() {
        assertEquals(SOURCE + ": tensor 'w' has data_offsets [8, 4], expected begin <= end",
                fails(withEntry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]", 8)));
    }

    @Test
    void dataOffsetsPastTheDataSection() {
        assertEquals(SOURCE + ": tensor 'w' data_offsets [4, 8] end past the data section, which has 6 bytes"
                + " - truncated file?", fails(withEntry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]", 6)));
        // offsets too large for a long: refused as past the end, not wrapped around
        assertContains(fails(withEntry("\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":"
                + "[99999999999999999999,99999999999999999999]", 6)), "end past the data section");
        assertContains(fails(withEntry("\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":"
                + "[9223372036854775807,9223372036854775807]", 6)), "end past the data section");
        // an empty tensor exactly at the end of the others is fine
        SafeTensors.read(RawFile.of("{" + RawFile.entry("a", "U8", "[6]", 0, 6) + "," + RawFile.entry("w", "U8", "[0]",
                6, 6) + "}", new byte[6]), SOURCE);
    }

    @Test
    void byteSizeNotMatchingDTypeAndShape() {
        assertEquals(SOURCE + ": tensor 'weight_ih_l0' data_offsets [0, 96] hold 96 bytes but dtype F32 shape [4, 3]"
                + " needs 48",
                fails(RawFile.of("{" + RawFile.entry("weight_ih_l0", "F32", "[4,3]", 0, 96) + "}", new byte[96])));
        assertContains(fails(withEntry("\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,8]", 16)),
                "hold 8 bytes but dtype I64 shape [2] needs 16");
    }

    @Test
    void overlappingTensors() {
        String header = "{" + RawFile.entry("a", "F32", "[4]", 0, 16) + "," + RawFile.entry("b", "F32", "[4]", 8, 24)
                + "}";
        assertEquals(SOURCE + ": tensors 'a' data_offsets [0, 16] and 'b' data_offsets [8, 24] overlap",
                fails(RawFile.of(header, new byte[24])));
        // the same range twice
        header = "{" + RawFile.entry("a", "F32", "[2]", 0, 8) + "," + RawFile.entry("b", "I32", "[2]", 0, 8) + "}";
        assertContains(fails(RawFile.of(header, new byte[8])), "overlap");
        // one range inside a bigger one that started earlier, with another tensor between them in sort order
        header = "{" + RawFile.entry("big", "U8", "[32]", 0, 32) + "," + RawFile.entry("mid", "U8", "[4]", 4, 8)
                + "," + RawFile.entry("late", "U8", "[4]", 20, 24) + "}";
        assertContains(fails(RawFile.of(header, new byte[32])), "'big'", "overlap");
        header = "{" + RawFile.entry("x", "U8", "[8]", 16, 24) + "," + RawFile.entry("y", "U8", "[32]", 0, 32) + "}";
        assertContains(fails(RawFile.of(header, new byte[32])), "'y' data_offsets [0, 32] and 'x'", "overlap");
    }

    @Test
    void tensorsOutOfOffsetOrderAndEmptyOnesAtABoundaryAreRead() {
        ByteBuffer d = RawFile.data(16).putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        String header = "{" + RawFile.entry("b", "F32", "[2]", 8, 16) + "," + RawFile.entry("a", "F32", "[2]", 0, 8)
                + "," + RawFile.entry("e", "F32", "[0]", 8, 8) + "}";
        SafeTensorsFile f = SafeTensors.read(RawFile.of(header, d.array()), SOURCE);
        assertArrayEquals(new float[] {1, 2}, f.get("a").floats());
        assertArrayEquals(new float[] {3, 4}, f.get("b").floats(), "offsets are read, not key order");
        assertEquals(0, f.get("e").elementCount());
    }

    @Test
    void gapsTrailingBytesAndEmptyTensorsInsideOthersAreRefused() {
        String gap = "{" + RawFile.entry("b", "F32", "[2]", 16, 24) + "," + RawFile.entry("a", "F32", "[2]", 0, 8)
                + "}";
        assertEquals(SOURCE + ": tensor 'b' data_offsets [16, 24] begin at byte 16 but the tensors before it end at"
                + " byte 8: the data section has a gap, which the format forbids - header length off, or a damaged"
                + " file?", fails(RawFile.of(gap, new byte[24])));
        String leading = "{" + RawFile.entry("a", "F32", "[2]", 4, 12) + "}";
        assertContains(fails(RawFile.of(leading, new byte[12])), "'a'", "begin at byte 4", "gap");
        String trailing = "{" + RawFile.entry("a", "F32", "[2]", 0, 8) + "}";
        assertEquals(SOURCE + ": the tensors cover 8 bytes of the 9-byte data section: 1 trailing bytes, which the"
                + " format forbids - header length off, or a damaged file?", fails(RawFile.of(trailing, new byte[9])));
        assertContains(fails(RawFile.of("{}", new byte[1])), "cover 0 bytes of the 1-byte");
        String inside = "{" + RawFile.entry("a", "F32", "[2]", 0, 8) + "," + RawFile.entry("e", "F32", "[0]", 4, 4)
                + "}";
        assertContains(fails(RawFile.of(inside, new byte[8])), "'e'", "begin at byte 4");
    }

    @Test
    void aHeaderLengthOffByOneIsRefused() {
        byte[] good = RawFile.of("{" + RawFile.entry("a", "F32", "[2]", 0, 8) + "}   ", new byte[8]);
        SafeTensors.read(good, SOURCE);
        for (int delta : new int[] {-1, 1}) {
            byte[] shifted = good.clone();
            ByteBuffer.wrap(shifted).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0,
                    ByteBuffer.wrap(good).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0) + delta);
            assertThrows(InvalidInputException.class, () -> SafeTensors.read(shifted, SOURCE), "delta " + delta);
        }
    }

    @Test
    void boolOtherThanZeroOrOne() {
        byte[] bytes = RawFile.of("{" + RawFile.entry("w", "BOOL", "[3]", 0, 3) + "}", new byte[] {1, 2, 0});
        assertEquals(SOURCE + ": tensor 'w' (BOOL) element 1 is byte 0x02, expected 0 or 1", fails(bytes));
    }

    @Test
    void namesFromTheFileAreQuotedOnOneLine() {
        String message = fails(RawFile.of("{\"a\\nb\":{\"dtype\":\"X\",\"shape\":[1],\"data_offsets\":[0,1]}}",
                new byte[1]));
        assertContains(message, "tensor 'a\\u000ab' has dtype 'X'");
        String longName = "n".repeat(10_000);
        message = fails(RawFile.of("{\"" + longName + "\":1}", new byte[0]));
        assertTrue(message.length() < 400, message);
        assertContains(message, "...(10000 chars)");
    }

    // ---------------------------------------------------------------- files

    @Test
    void missingFileIsAnIOException(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> SafeTensors.read(dir.resolve("absent.safetensors")));
        assertThrows(IOException.class, () -> SafeTensors.read(dir));
    }

    @Test
    void errorsFromAPathNameTheFile(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("broken.safetensors");
        Files.write(p, new byte[3]);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SafeTensors.read(p));
        assertEquals("broken.safetensors: file has 3 bytes, expected at least 8 (the header length)"
                + " - empty or truncated file?", e.getMessage());
    }

    @Test
    void fileOverTwoGigabytesIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("huge.safetensors");
        // sparse: takes no disk space, and the reader must refuse it from its size alone
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SafeTensors.read(p));
        assertEquals("huge.safetensors: file has 3221225472 bytes, more than the 2147483639 that rnn4j reads into"
                + " memory", e.getMessage());
    }

    // ---------------------------------------------------------------- anything at all

    /** Every truncation of a real file fails cleanly (or, at full length, reads). */
    @Test
    void everyTruncationOfAGoldenFileFailsCleanly() throws IOException {
        byte[] good = Files.readAllBytes(SharedFiles.golden().resolve("L01_rnn_tanh_basic.safetensors"));
        for (int length = 0; length < good.length; length++) {
            byte[] cut = Arrays.copyOf(good, length);
            assertThrows(InvalidInputException.class, () -> SafeTensors.read(cut, SOURCE), "length " + length);
        }
        SafeTensors.read(good, SOURCE);
    }

    /** Random corruption either still reads or fails with InvalidInputException; nothing else escapes. */
    @Test
    void randomCorruptionNeverEscapesAsAnotherException() throws IOException {
        byte[] good = Files
                .readAllBytes(SharedFiles.golden().resolve("L04_rnn_relu_bidir_2layer_lengths_bf.safetensors"));
        int headerEnd = 8 + (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Random random = new Random(20240601);
        byte[] interesting = {0, 1, '"', '{', '}', '[', ']', ',', ':', '-', '9', ' ', (byte) 0x80, (byte) 0xff};
        for (int trial = 0; trial < 3000; trial++) {
            byte[] bad = good.clone();
            int edits = 1 + random.nextInt(4);
            for (int k = 0; k < edits; k++) {
                // mostly in the header and the length, where the structure is
                int at = random.nextInt(10) < 8 ? random.nextInt(headerEnd) : random.nextInt(bad.length);
                bad[at] = random.nextBoolean()
                        ? interesting[random.nextInt(interesting.length)]
                        : (byte) random.nextInt(256);
            }
            try {
                SafeTensors.read(bad, SOURCE);
            } catch (InvalidInputException expected) {
                assertTrue(expected.getMessage().startsWith(SOURCE + ": "), expected.getMessage());
                assertFalse(expected.getMessage().contains("\n"), expected.getMessage());
            }
        }
    }
}
