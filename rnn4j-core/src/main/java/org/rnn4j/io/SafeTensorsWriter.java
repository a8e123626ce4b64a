package org.rnn4j.io;

import static org.rnn4j.io.SafeTensors.JSON;
import static org.rnn4j.io.SafeTensors.MAX_FILE_BYTES;
import static org.rnn4j.io.SafeTensors.MAX_HEADER_BYTES;
import static org.rnn4j.io.SafeTensors.METADATA_KEY;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes tensors and metadata as safetensors bytes, for {@link SafeTensors#toBytes}: the header
 * (metadata first, then the tensors back to back in iteration order), space padding to a multiple of
 * 8 bytes, then the data section.
 */
final class SafeTensorsWriter {

    private SafeTensorsWriter() {
    }

    static byte[] toBytes(Map<String, String> metadata, Map<String, TensorData> tensors) {
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
