package org.rnn4j.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.rnn4j.InvalidInputException;

/**
 * Reads and writes the safetensors format of Hugging Face.
 *
 * <p>Layout (see {@code ../shared/golden/FORMAT.md} section 1): 8 bytes holding {@code N}, the header
 * length, as an unsigned little-endian 64-bit integer; {@code N} bytes of UTF-8 JSON, an object whose
 * optional {@code "__metadata__"} key maps strings to strings and whose other keys are tensor names
 * mapping to {@code {"dtype": "F32", "shape": [4, 3], "data_offsets": [begin, end]}}; then the data
 * section. Offsets count from the start of the data section; data is row-major, little-endian.
 *
 * <p>Reading checks everything a file from outside could get wrong and reports the first problem as
 * one {@link InvalidInputException} whose message starts with the source name: a header length past
 * the end of the file or above {@value #MAX_HEADER_BYTES} bytes, a header that is not UTF-8, not
 * JSON, not an object, or has a key twice; a tensor entry without {@code dtype}, {@code shape} or
 * {@code data_offsets} or with a value of the wrong JSON type; an unknown dtype; a negative dimension
 * or an element count beyond what a Java array holds; offsets that are not {@code [begin, end]} with
 * {@code 0 <= begin <= end <= data length}; a byte range whose size is not dtype size times element
 * count; two tensors whose byte ranges overlap; a metadata value that is not a string; a BOOL byte
 * other than 0 or 1. No length from the file is used to allocate anything before it has been checked
 * against the real size of the file.
 *
 * <p>Tolerated, as other readers do: gaps between tensors and unused bytes after the last one (the
 * format's own writers never produce them), unknown keys inside a tensor entry (ignored), and header
 * padding by any JSON whitespace.
 *
 * <p>Files are read whole into memory, so they are limited to {@value #MAX_FILE_BYTES} bytes (the
 * largest Java array); memory use is a small multiple of the file size.
 */
public final class SafeTensors {

    /** Largest header accepted, the same limit as the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Largest file read or written: the largest byte array every JVM allocates. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    /**
     * Most dimensions a shape may have. The format sets no limit, but real tensors have a handful
     * (PyTorch allows 64), and a header made of one endless shape must not exhaust memory.
     */
    public static final int MAX_RANK = 1024;

    private static final String METADATA_KEY = "__metadata__";

    // Duplicate keys are an error rather than "last one wins": two readers could otherwise disagree
    // on which tensor a name means.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SafeTensors() {
    }

    // ------------------------------------------------------------------------------------ reading

    /**
     * Reads and validates a whole safetensors file. Error messages name the file by its file name.
     *
     * @throws InvalidInputException if the file is malformed or larger than {@value #MAX_FILE_BYTES} bytes
     * @throws IOException           if it cannot be read (missing, a directory, no permission)
     */
    public static SafeTensorsFile read(Path path) throws IOException {
        Path fileName = path.getFileName();
        String source = fileName != null ? fileName.toString() : path.toString();
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidInputException(source + ": file has " + size + " bytes, more than the "
                    + MAX_FILE_BYTES + " that rnn4j reads into memory");
        }
        return read(Files.readAllBytes(path), source);
    }

    /**
     * Reads and validates safetensors bytes held in memory.
     *
     * @param bytes      the whole file (read; not kept, the result holds its own copies)
     * @param sourceName what to call the bytes in error messages, usually the file name
     * @throws InvalidInputException if the bytes are not a well-formed safetensors file
     */
    public static SafeTensorsFile read(byte[] bytes, String sourceName) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sourceName, "sourceName");
        return new Reader(bytes, sourceName).read();
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

    /** One read: the bytes, the source name for messages, and the parse state. */
    private static final class Reader {
        private final byte[] bytes;
        private final String source;
        private JsonParser parser;

        Reader(byte[] bytes, String source) {
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

    // ------------------------------------------------------------------------------------ writing

    /**
     * Encodes tensors and metadata as a safetensors file: the header lists {@code __metadata__} first
     * (left out when {@code metadata} is empty), then the tensors in the iteration order of
     * {@code tensors}, which is also their order in the data section, back to back. The header is
     * padded with spaces to a multiple of 8 bytes so that the data section is 8-byte aligned.
     *
     * <p>Each tensor is stored in its {@link TensorData#dtype()}; a tensor that was read from another
     * file keeps its type (for example BF16) and its values, exactly except for F64, which was rounded
     * to float when read.
     *
     * @param metadata string pairs for {@code __metadata__} (read)
     * @param tensors  tensors by name (read); use a {@link LinkedHashMap} or {@link TreeMap} for a
     *                 fixed order
     * @throws IllegalArgumentException if a name is {@code "__metadata__"} or not valid Unicode, or
     *                                  the file would exceed {@value #MAX_FILE_BYTES} bytes
     */
    public static byte[] toBytes(Map<String, String> metadata, Map<String, TensorData> tensors) {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(tensors, "tensors");
        byte[] header = encodeHeader(metadata, tensors);
        long padded = (header.length + 7L) & ~7L;
        if (padded > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("header would be " + padded + " bytes, more than the "
                    + MAX_HEADER_BYTES + " a safetensors reader accepts");
        }
        long dataLength = 0;
        for (TensorData t : tensors.values()) {
            dataLength += byteLength(t);
        }
        long total = 8 + padded + dataLength;
        if (total > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("file would be " + total + " bytes, more than the "
                    + MAX_FILE_BYTES + " that fit in one array");
        }

        byte[] out = new byte[(int) total];
        ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(padded);
        buffer.put(header);
        for (long i = header.length; i < padded; i++) {
            buffer.put((byte) ' ');
        }
        for (TensorData t : tensors.values()) {
            int length = (int) byteLength(t);
            ByteBuffer slice = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
            slice.limit(length);
            encode(t, slice);
            buffer.position(buffer.position() + length);
        }
        assert !buffer.hasRemaining();
        return out;
    }

    /**
     * Writes {@link #toBytes(Map, Map)} to {@code path} atomically (see {@link AtomicFiles}): a reader
     * never sees a half-written file, and an existing file is replaced only once the new one is
     * complete on disk.
     *
     * @throws IOException if the file cannot be written; {@code path} is then unchanged
     */
    public static void write(Path path, Map<String, String> metadata, Map<String, TensorData> tensors)
            throws IOException {
        AtomicFiles.write(path, toBytes(metadata, tensors));
    }

    private static long byteLength(TensorData t) {
        return t.elementCount() * t.dtype().byteSize();
    }

    private static byte[] encodeHeader(Map<String, String> metadata, Map<String, TensorData> tensors) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(json, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA_KEY);
                for (Map.Entry<String, String> m : metadata.entrySet()) {
                    g.writeStringField(checkText("metadata key", m.getKey()), checkText("metadata value of "
                            + Text.quote(String.valueOf(m.getKey())), m.getValue()));
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
                String name = checkText("tensor name", e.getKey());
                if (METADATA_KEY.equals(name)) {
                    throw new IllegalArgumentException("a tensor cannot be named " + METADATA_KEY
                            + ": the format reserves that key for the metadata");
                }
                TensorData t = Objects.requireNonNull(e.getValue(), () -> "tensor " + Text.quote(name) + " is null");
                g.writeObjectFieldStart(name);
                g.writeStringField("dtype", t.dtype().safetensorsName());
                g.writeArrayFieldStart("shape");
                for (int d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                long end = offset + byteLength(t);
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(end);
                g.writeEndArray();
                g.writeEndObject();
                offset = end;
            }
            g.writeEndObject();
        } catch (IOException e) {
            // writing to a ByteArrayOutputStream does no I/O
            throw new UncheckedIOException(e);
        }
        return json.toByteArray();
    }

    /** Names and metadata must survive the trip through UTF-8; an unpaired surrogate would not. */
    private static String checkText(String what, String s) {
        Objects.requireNonNull(s, () -> what + " is null");
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException(what + " " + Text.quote(s)
                    + " is not valid Unicode (unpaired surrogate), so it cannot be stored as UTF-8");
        }
        return s;
    }

    /** Writes the values of {@code t} into {@code out}, which has exactly the tensor's byte length. */
    private static void encode(TensorData t, ByteBuffer out) {
        float[] f = t.floatsUnsafe();
        long[] l = t.longsUnsafe();
        int n = (int) t.elementCount();
        switch (t.dtype()) {
            case F32:
                out.asFloatBuffer().put(f);
                break;
            case F64:
                for (int i = 0; i < n; i++) {
                    out.putDouble(8 * i, f[i]);
                }
                break;
            case F16:
                for (int i = 0; i < n; i++) {
                    out.putShort(2 * i, HalfFloats.floatToHalf(f[i]));
                }
                break;
            case BF16:
                for (int i = 0; i < n; i++) {
                    out.putShort(2 * i, HalfFloats.floatToBf16(f[i]));
                }
                break;
            case I64:
                out.asLongBuffer().put(l);
                break;
            // the narrow integer types only come from reading, so the values are in range
            case I32:
                for (int i = 0; i < n; i++) {
                    out.putInt(4 * i, (int) l[i]);
                }
                break;
            case I16:
                for (int i = 0; i < n; i++) {
                    out.putShort(2 * i, (short) l[i]);
                }
                break;
            case I8:
            case U8:
            case BOOL:
                for (int i = 0; i < n; i++) {
                    out.put(i, (byte) l[i]);
                }
                break;
            default:
                throw new AssertionError(t.dtype());
        }
    }
}
