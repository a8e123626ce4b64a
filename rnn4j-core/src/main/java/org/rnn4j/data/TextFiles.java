package org.rnn4j.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.rnn4j.InvalidInputException;

/** Strict reading of UTF-8 text files. */
public final class TextFiles {

    /** Larger files are refused rather than risking running out of memory. */
    public static final long MAX_BYTES = 512L << 20;

    private TextFiles() {
    }

    /**
     * Reads a whole file as UTF-8, refusing a missing or empty file, a file with invalid UTF-8 (the
     * byte offset is named), and a file with NUL characters (binary data).
     */
    public static String readUtf8(Path path) throws IOException {
        byte[] bytes = readBytes(path);
        if (bytes.length == 0) {
            throw new InvalidInputException(path + " is empty; expected UTF-8 text");
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        String text;
        try {
            text = dec.decode(in).toString();
        } catch (MalformedInputException e) {
            throw new InvalidInputException(path + " is not valid UTF-8 (bad byte near offset " + in.position() + ")");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(path + " is not valid UTF-8: " + e.getMessage());
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new InvalidInputException(path + " contains a NUL character at character " + nul
                    + "; it looks like a binary file, expected UTF-8 text");
        }
        if (text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return text;
    }

    static byte[] readBytes(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new InvalidInputException(path + " is a directory, expected a file");
        }
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new InvalidInputException(path + " is " + size + " bytes; files up to " + MAX_BYTES
                        + " bytes are supported");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(path + " does not exist");
        }
    }
}
