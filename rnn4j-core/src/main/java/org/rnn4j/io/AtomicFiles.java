package org.rnn4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Writes a whole file so that readers see either the old contents or the new, never a part: the
 * bytes go to a temporary file in the same directory, are forced to disk, and the temporary file is
 * then renamed over the target in one atomic step.
 *
 * <p>The temporary file is named {@code .<target name>.<random>.tmp} and is deleted if anything
 * fails before the rename. It lives in the target's directory because a rename is atomic only
 * within one file system. It is created with the default permissions (umask), not the owner-only
 * ones of {@link Files#createTempFile}, so the result looks like any other file the user writes.
 *
 * <p>If {@code target} is a symbolic link, the link itself is replaced by a regular file.
 */
public final class AtomicFiles {

    // longest part of the target's name kept in the temp name: 50 chars are at most 200 bytes of
    // UTF-8, so the temp name stays under the usual 255-byte limit
    private static final int MAX_PREFIX = 50;
    private static final int ATTEMPTS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /**
     * Replaces (or creates) {@code target} with exactly {@code bytes}.
     *
     * @param target the file to write; its directory must exist
     * @param bytes  the whole new contents (read)
     * @throws java.nio.file.AtomicMoveNotSupportedException if the file system cannot rename
     *         atomically; nothing is written then
     * @throws IOException if the directory is missing or not writable, the disk is full, ...; the
     *         target is then unchanged
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null || absolute.getFileName() == null) {
            throw new IOException("cannot write a file at " + target + ": it has no parent directory");
        }
        Path temp = null;
        boolean moved = false;
        try {
            FileChannel channel = null;
            for (int attempt = 0; channel == null; attempt++) {
                temp = directory.resolve(tempName(absolute.getFileName().toString()));
                try {
                    channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    temp = null;
                    if (attempt + 1 >= ATTEMPTS) {
                        throw e;
                    }
                }
            }
            try (FileChannel out = channel) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                // the data must be on disk before the rename is; otherwise a crash could leave the new
                // name pointing at an empty or partial file
                out.force(true);
            }
            // REPLACE_EXISTING states the intent; with ATOMIC_MOVE, POSIX rename replaces anyway
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved && temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the original failure is the one to report; a stray temp file is harmless
                }
            }
        }
        syncDirectory(directory);
    }

    /**
     * Replaces (or creates) {@code target} with {@code text} encoded as UTF-8, atomically as
     * {@link #write(Path, byte[])} does.
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String tempName(String targetName) {
        int cut = Math.min(targetName.length(), MAX_PREFIX);
        if (cut < targetName.length() && Character.isHighSurrogate(targetName.charAt(cut - 1))) {
            cut--; // never split a surrogate pair, which would not be a valid file name
        }
        String prefix = targetName.substring(0, cut);
        return "." + prefix + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp";
    }

    /**
     * Makes the rename itself durable: on Linux a directory entry reaches the disk only when the
     * directory is synced. Some platforms (Windows) cannot open a directory; there the rename is
     * still atomic, only its durability after a power cut is up to the file system.
     */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // see above: best effort
        }
    }
}
