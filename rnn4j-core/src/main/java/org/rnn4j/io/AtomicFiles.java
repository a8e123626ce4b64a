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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Writes a whole file so that readers see either the old contents or the new, never a part: the
 * bytes go to a temporary file in the same directory, are forced to disk, and the temporary file is
 * then renamed over the target in one atomic step.
 *
 * <p>The temporary file is named {@code .<target name>.rnn4j-<random>.tmp} ({@link #isTemporaryName})
 * and is deleted if anything fails before the rename. While it is being written its exact path is
 * held in a set of this process's writes in progress, so that an interrupted process cleans up its
 * own files only, and only once their writer has let go of them ({@link #abortWrites}). It lives in the target's directory because a rename is atomic only
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
    /** The marker in every temporary name, so that no user's {@code .notes.v2.tmp} is ever taken for one. */
    static final String MARKER = "rnn4j-";
    private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\." + MARKER + "[0-9a-z]{1,13}\\.tmp");
    // bytes written between checks for an abort, so that an interrupted write of a big file ends soon
    private static final int CHUNK = 1 << 20;

    /** The temporary files this process is writing now, by absolute path. */
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();
    private static volatile boolean aborting;

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
                // registered before it exists, so that no moment has the file on disk but untracked
                IN_PROGRESS.add(temp);
                try {
                    channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    IN_PROGRESS.remove(temp);
                    temp = null;
                    if (attempt + 1 >= ATTEMPTS) {
                        throw e;
                    }
                }
            }
            try (FileChannel out = channel) {
                for (int offset = 0; offset < bytes.length; offset += CHUNK) {
                    checkNotAborted(target);
                    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, Math.min(CHUNK, bytes.length - offset));
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
                // the data must be on disk before the rename is; otherwise a crash could leave the new
                // name pointing at an empty or partial file
                out.force(true);
            }
            checkNotAborted(target);
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
            if (temp != null) {
                IN_PROGRESS.remove(temp);
            }
        }
        syncDirectory(directory);
    }

    private static void checkNotAborted(Path target) throws IOException {
        if (aborting) {
            throw new IOException("writing " + target + " was abandoned: the process is shutting down");
        }
    }

    /**
     * For a process that is shutting down: makes every write in progress give up at its next check
     * (each deletes its own temporary file, so nothing is deleted while being written), and waits up
     * to {@code timeoutMillis} for them to do so. Writes started afterwards fail at once.
     *
     * @return the temporary files still being written when the time ran out (normally none)
     */
    public static Set<Path> abortWrites(long timeoutMillis) {
        aborting = true;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!IN_PROGRESS.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Set.copyOf(IN_PROGRESS);
    }

    /** Undoes {@link #abortWrites} in a JVM that goes on after all: for tests. */
    static void allowWrites() {
        aborting = false;
    }

    /** The temporary files this process is writing at this moment. */
    public static Set<Path> writesInProgress() {
        return Set.copyOf(IN_PROGRESS);
    }

    /**
     * True for a name {@link #write} gives its temporary files, {@code .<target>.rnn4j-<random>.tmp};
     * such a file not being written by this process was left by one that was killed.
     */
    public static boolean isTemporaryName(String fileName) {
        return TEMP_NAME.matcher(fileName).matches();
    }

    /** The name of the file a temporary file of {@link #write} was to become (cut to 50 characters), or null. */
    public static String targetOfTemporary(String fileName) {
        if (!isTemporaryName(fileName)) {
            return null;
        }
        return fileName.substring(1, fileName.lastIndexOf("." + MARKER));
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
        return "." + prefix + "." + MARKER + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp";
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
