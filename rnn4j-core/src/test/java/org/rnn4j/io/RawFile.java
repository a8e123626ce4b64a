package org.rnn4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds safetensors bytes by hand, so that tests can make files the writer never would. */
final class RawFile {

    private RawFile() {
    }

    /** The 8-byte length, then {@code header} as UTF-8 unpadded, then {@code data}. */
    static byte[] of(String header, byte[] data) {
        return of(header.getBytes(StandardCharsets.UTF_8), data);
    }

    static byte[] of(byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }

    /** A file whose first 8 bytes claim a header of {@code length} bytes, followed by {@code rest}. */
    static byte[] withHeaderLength(long length, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(length).put(rest).array();
    }

    /** Little-endian data section builder. */
    static ByteBuffer data(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** One tensor entry: {@code "name":{"dtype":..,"shape":..,"data_offsets":[b,e]}}. */
    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }
}
