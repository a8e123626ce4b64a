package org.rnn4j.io;

import static org.rnn4j.io.SafeTensors.JSON;
import static org.rnn4j.io.SafeTensors.MAX_HEADER_BYTES;
import static org.rnn4j.io.SafeTensors.MAX_RANK;
import static org.rnn4j.io.SafeTensors.METADATA_KEY;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.rnn4j.InvalidInputException;

/**
 * One read of a safetensors file held in memory: the bytes, the source name for messages, and the
 * parse state. Checks everything {@link SafeTensors} lists, in the order the bytes are met: the
 * header length, the header's UTF-8 and JSON, each tensor entry, then every byte range against the
 * data section and the others.
 */
final class SafeTensorsReader {

    private final byte[] bytes;
    private final String source;
    private JsonParser parser;

    SafeTensorsReader(byte[] bytes, String source) {
        this.bytes = bytes;
        this.source = source;
    }

    private InvalidInputException fail(String problem) {
        return new InvalidInputException(source + ": " + problem);
    }

    SafeTensorsFile read() {
        if (bytes.length < 8) {
            throw fail("file has " + bytes.length + " bytes, expected at least 8 (the header length)"
                    + " - empty or truncated file?");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        long available = bytes.length - 8L;
        // the length is unsigned on disk: a negative long is a value of 2^63 or more
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw fail("header length is " + Long.toUnsignedString(headerLength) + " bytes, more than the limit of "
                    + MAX_HEADER_BYTES + " - not a safetensors file?");
        }
        if (headerLength > available) {
            throw fail("header length is " + headerLength + " bytes but only " + available
                    + " bytes follow the length field - truncated file, or not a safetensors file?");
        }
        int dataStart = 8 + (int) headerLength;
        int dataLength = bytes.length - dataStart;

        String header = decodeHeader((int) headerLength);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        parseHeader(header, metadata, entries);

        for (Entry e : entries) {
            checkRange(e, dataLength);
        }
        checkOverlaps(entries);
        checkCoverage(entries, dataLength);

        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, dataLength).slice().order(ByteOrder.LITTLE_ENDIAN);
        TreeMap<String, TensorData> tensors = new TreeMap<>();
        for (Entry e : entries) {
            tensors.put(e.name, decode(e, data));
        }
        return new SafeTensorsFile(source, metadata, tensors);
    }

    /** Strict UTF-8: Jackson alone lets some malformed sequences through. */
    private String decodeHeader(int headerLength) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, 8, headerLength);
        try {
            CharBuffer chars = decoder.decode(in);
            return chars.toString();
        } catch (CharacterCodingException e) {
            // on failure the buffer is left at the first bad byte
            throw fail("header is not valid UTF-8 (bad byte 0x"
                    + String.format("%02x", in.hasRemaining() ? bytes[in.position()] & 0xff : 0)
                    + " at header offset " + (in.position() - 8) + ")");
        }
    }

    private void parseHeader(String header, Map<String, String> metadata, List<Entry> entries) {
        try (JsonParser p = JSON.createParser(header)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                throw fail("header is empty (all " + header.length() + " bytes are whitespace),"
                        + " expected a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw fail("header is a JSON " + kind(first) + ", expected a JSON object");
            }
            boolean sawMetadata = false;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (METADATA_KEY.equals(key)) {
                    // STRICT_DUPLICATE_DETECTION already refuses a second __metadata__
                    assert !sawMetadata;
                    sawMetadata = true;
                    parseMetadata(value, metadata);
                } else {
                    entries.add(parseEntry(key, value));
                }
            }
            JsonToken after = p.nextToken();
            if (after != null) {
                throw fail("header has a JSON " + kind(after) + " after its object (at "
                        + where(p.currentTokenLocation()) + "), expected only space padding");
            }
        } catch (JsonProcessingException e) {
            String at = e.getLocation() != null ? " (at " + where(e.getLocation()) + ")" : "";
            throw fail("header is not valid JSON: " + Text.clip(String.valueOf(e.getOriginalMessage())) + at);
        } catch (IOException e) {
            // a parser over a String does no I/O; any other IOException is still a parse failure
            throw fail("header cannot be parsed: " + Text.clip(String.valueOf(e.getMessage())));
        } finally {
            parser = null;
        }
    }

    private void parseMetadata(JsonToken value, Map<String, String> metadata) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw fail("__metadata__ is a JSON " + kind(value) + ", expected an object of strings");
        }
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String key = parser.currentName();
            JsonToken v = parser.nextToken();
            if (v != JsonToken.VALUE_STRING) {
                throw fail("__metadata__ value of " + Text.quote(key) + " is a JSON " + kind(v)
                        + ", expected a string (safetensors metadata maps strings to strings)");
            }
            metadata.put(key, parser.getText());
        }
    }

    private Entry parseEntry(String name, JsonToken value) throws IOException {
        String tensor = "tensor " + Text.quote(name);
        if (value != JsonToken.START_OBJECT) {
            throw fail(tensor + " is a JSON " + kind(value)
                    + ", expected an object with dtype, shape and data_offsets");
        }
        DType dtype = null;
        List<String> shapeText = null;
        long[] shape = null;
        List<String> offsetsText = null;
        long[] offsets = null;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String field = parser.currentName();
            JsonToken v = parser.nextToken();
            switch (field) {
                case "dtype":
                    if (v != JsonToken.VALUE_STRING) {
                        throw fail(tensor + " dtype is a JSON " + kind(v) + ", expected a string such as \"F32\"");
                    }
                    String dtypeName = parser.getText();
                    dtype = DType.fromSafetensorsName(dtypeName).orElseThrow(() -> fail(tensor
                            + " has dtype " + Text.quote(dtypeName) + ", expected one of "
                            + Arrays.stream(DType.values()).map(DType::safetensorsName)
                                    .collect(Collectors.joining(", "))));
                    break;
                case "shape":
                    shapeText = new ArrayList<>();
                    shape = readIntegers(tensor + " shape", v, shapeText, MAX_RANK);
                    if (shape.length > MAX_RANK) {
                        throw fail(tensor + " shape has more than " + MAX_RANK + " dimensions");
                    }
                    break;
                case "data_offsets":
                    offsetsText = new ArrayList<>();
                    offsets = readIntegers(tensor + " data_offsets", v, offsetsText, 2);
                    break;
                default:
                    // unknown keys are left for future versions of the format
                    parser.skipChildren();
                    break;
            }
        }
        if (dtype == null) {
            throw fail(tensor + " has no \"dtype\", expected {\"dtype\", \"shape\", \"data_offsets\"}");
        }
        if (shape == null) {
            throw fail(tensor + " has no \"shape\", expected {\"dtype\", \"shape\", \"data_offsets\"}");
        }
        if (offsets == null) {
            throw fail(tensor + " has no \"data_offsets\", expected {\"dtype\", \"shape\", \"data_offsets\"}");
        }

        String shownShape = Text.clip("[" + String.join(", ", shapeText) + "]");
        int[] dims = new int[shape.length];
        boolean zero = false;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw fail(tensor + " has shape " + shownShape + ": dimension " + shapeText.get(i)
                        + " is negative");
            }
            if (shape[i] > Integer.MAX_VALUE) {
                throw fail(tensor + " has shape " + shownShape + ": dimension " + Text.clip(shapeText.get(i))
                        + " is larger than " + Integer.MAX_VALUE);
            }
            dims[i] = (int) shape[i];
            zero |= dims[i] == 0;
        }
        long count = 1;
        // with a zero dimension the tensor is empty whatever the others are; the product of the
        // others could overflow and must not be reported as an error
        if (zero) {
            count = 0;
        } else {
            for (int d : dims) {
                try {
                    count = Math.multiplyExact(count, d);
                } catch (ArithmeticException overflow) {
                    throw fail(tensor + " has shape " + shownShape
                            + ": its element count overflows a 64-bit integer");
                }
            }
        }
        if (count > TensorData.MAX_ELEMENTS) {
            throw fail(tensor + " has shape " + shownShape + " with " + count + " elements, more than the "
                    + TensorData.MAX_ELEMENTS + " a Java array holds");
        }

        String shownOffsets = Text.clip("[" + String.join(", ", offsetsText) + "]");
        if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < 0) {
            throw fail(tensor + " has data_offsets " + shownOffsets
                    + ", expected [begin, end]: two non-negative integers");
        }
        return new Entry(name, dtype, dims, count, offsets[0], offsets[1], shownOffsets);
    }

    /**
     * Reads a JSON array of integers starting at {@code start}, keeping each number's text for
     * messages. Integers beyond a long are clamped to {@code Long.MIN_VALUE}/{@code MAX_VALUE},
     * which every later check refuses. Keeps at most {@code limit + 1} elements, so that the
     * caller can see that there were too many, and a huge array costs no memory; the texts then
     * end with "...".
     */
    private long[] readIntegers(String what, JsonToken start, List<String> texts, int limit) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            throw fail(what + " is a JSON " + kind(start) + ", expected an array of integers");
        }
        long[] values = new long[limit + 1];
        int n = 0;
        int index = 0;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken(), index++) {
            // refusing anything but an integer also means no nested array can follow
            if (t != JsonToken.VALUE_NUMBER_INT) {
                String shown = t.isScalarValue() ? " " + Text.clip(parser.getText()) : "";
                throw fail(what + " element " + index + " is a JSON " + kind(t) + shown + ", expected an integer");
            }
            if (n > limit) {
                if (texts.size() == n) {
                    texts.add("...");
                }
                continue;
            }
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                values[n] = parser.getBigIntegerValue().signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            } else {
                values[n] = parser.getLongValue();
            }
            texts.add(parser.getText());
            n++;
        }
        return Arrays.copyOf(values, n);
    }

    /** Checks an entry's byte range against its dtype and shape and against the data section. */
    private void checkRange(Entry e, int dataLength) {
        String tensor = "tensor " + Text.quote(e.name);
        if (e.begin > e.end) {
            throw fail(tensor + " has data_offsets " + e.offsetsText + ", expected begin <= end");
        }
        long held = e.end - e.begin;
        long needed = e.elementCount * e.dtype.byteSize(); // < 2^34: no overflow
        if (held != needed) {
            throw fail(tensor + " data_offsets " + e.offsetsText + " hold " + held + " bytes but dtype "
                    + e.dtype + " shape " + Arrays.toString(e.shape) + " needs " + needed);
        }
        if (e.end > dataLength) {
            throw fail(tensor + " data_offsets " + e.offsetsText + " end past the data section, which has "
                    + dataLength + " bytes - truncated file?");
        }
    }

    /** Two tensors sharing bytes would alias each other; a writer never produces that. */
    private void checkOverlaps(List<Entry> entries) {
        List<Entry> sorted = entries.stream()
                .filter(e -> e.end > e.begin) // an empty tensor occupies no bytes
                .sorted(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end))
                .collect(Collectors.toList());
        Entry reach = null; // the entry reaching furthest so far
        for (Entry e : sorted) {
            if (reach != null && e.begin < reach.end) {
                throw fail("tensors " + Text.quote(reach.name) + " data_offsets " + reach.offsetsText + " and "
                        + Text.quote(e.name) + " data_offsets " + e.offsetsText + " overlap");
            }
            if (reach == null || e.end > reach.end) {
                reach = e;
            }
        }
    }

    /**
     * The format requires the data section to be indexed entirely, without holes: tensors laid end to
     * end from byte 0 to its last byte. A gap or trailing bytes is what a header length off by a few
     * bytes looks like (every tensor shifted), so it is refused rather than read as other numbers.
     */
    private void checkCoverage(List<Entry> entries, int dataLength) {
        List<Entry> sorted = entries.stream()
                .sorted(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end))
                .collect(Collectors.toList());
        long covered = 0;
        for (Entry e : sorted) {
            if (e.begin != covered) {
                throw fail("tensor " + Text.quote(e.name) + " data_offsets " + e.offsetsText + " begin at byte "
                        + e.begin + " but the tensors before it end at byte " + covered + ": the data section has a"
                        + " gap, which the format forbids - header length off, or a damaged file?");
            }
            covered = e.end;
        }
        if (covered != dataLength) {
            throw fail("the tensors cover " + covered + " bytes of the " + dataLength + "-byte data section: "
                    + (dataLength - covered) + " trailing bytes, which the format forbids - header length off,"
                    + " or a damaged file?");
        }
    }

    private TensorData decode(Entry e, ByteBuffer data) {
        int n = (int) e.elementCount;
        ByteBuffer b = data.duplicate().position((int) e.begin).limit((int) e.end).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        String label = source + ": tensor " + Text.quote(e.name);
        float[] f = e.dtype.isFloat() ? new float[n] : null;
        long[] l = e.dtype.isFloat() ? null : new long[n];
        switch (e.dtype) {
            case F32:
                b.asFloatBuffer().get(f);
                break;
            case F64:
                for (int i = 0; i < n; i++) {
                    f[i] = (float) b.getDouble(8 * i);
                }
                break;
            case F16:
                for (int i = 0; i < n; i++) {
                    f[i] = HalfFloats.halfToFloat(b.getShort(2 * i));
                }
                break;
            case BF16:
                for (int i = 0; i < n; i++) {
                    f[i] = HalfFloats.bf16ToFloat(b.getShort(2 * i));
                }
                break;
            case I64:
                b.asLongBuffer().get(l);
                break;
            case I32:
                for (int i = 0; i < n; i++) {
                    l[i] = b.getInt(4 * i);
                }
                break;
            case I16:
                for (int i = 0; i < n; i++) {
                    l[i] = b.getShort(2 * i);
                }
                break;
            case I8:
                for (int i = 0; i < n; i++) {
                    l[i] = b.get(i);
                }
                break;
            case U8:
                for (int i = 0; i < n; i++) {
                    l[i] = b.get(i) & 0xff;
                }
                break;
            case BOOL:
                for (int i = 0; i < n; i++) {
                    int v = b.get(i) & 0xff;
                    if (v > 1) {
                        throw fail("tensor " + Text.quote(e.name) + " (BOOL) element " + i + " is byte 0x"
                                + String.format("%02x", v) + ", expected 0 or 1");
                    }
                    l[i] = v;
                }
                break;
            default:
                throw new AssertionError(e.dtype);
        }
        return new TensorData(e.dtype, e.shape, f, l, label);
    }

    private static String where(JsonLocation location) {
        return "header line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String kind(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        switch (t) {
            case START_OBJECT:
                return "object";
            case START_ARRAY:
                return "array";
            case VALUE_STRING:
                return "string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.toString();
        }
    }

    /** A tensor entry of the header, validated against itself but not yet against the data. */
    private static final class Entry {
        final String name;
        final DType dtype;
        final int[] shape;
        final long elementCount;
        final long begin;
        final long end;
        final String offsetsText; // as written in the file, for messages

        Entry(String name, DType dtype, int[] shape, long elementCount, long begin, long end, String offsetsText) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.elementCount = elementCount;
            this.begin = begin;
            this.end = end;
            this.offsetsText = offsetsText;
        }
    }
}
