package org.rnn4j.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
 * count; two tensors whose byte ranges overlap; a data section not covered exactly by the tensors
 * laid end to end (a gap, an empty tensor off the boundaries, or trailing bytes: the format requires
 * the buffer to be indexed entirely, and that is what a header length off by a byte looks like); a
 * metadata value that is not a string; a BOOL byte other than 0 or 1. No length from the file is
 * used to allocate anything before it has been checked against the real size of the file.
 *
 * <p>Tolerated: unknown keys inside a tensor entry (ignored), and header padding by any JSON whitespace.
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

    static final String METADATA_KEY = "__metadata__";

    // Duplicate keys are an error rather than "last one wins": two readers could otherwise disagree
    // on which tensor a name means.
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SafeTensors() {
    }

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
        return new SafeTensorsReader(bytes, sourceName).read();
    }

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
        return SafeTensorsWriter.toBytes(metadata, tensors);
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
}
