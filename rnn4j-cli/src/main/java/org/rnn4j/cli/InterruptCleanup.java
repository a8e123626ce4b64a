package org.rnn4j.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Removes the temporary files of {@link org.rnn4j.io.AtomicFiles} that a command interrupted by
 * Ctrl-C or {@code kill} leaves behind. Every output is written to {@code .<name>.<random>.tmp} and
 * renamed when complete, so an interrupted command never leaves a half-written file under its real
 * name; this hook also removes the half-written temporary one. While it is installed, a JVM shutdown
 * deletes the temporary files in the watched directory.
 */
final class InterruptCleanup implements AutoCloseable {

    /** The names {@code AtomicFiles} gives its temporary files. */
    static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.[0-9a-z]+\\.tmp");

    private final Thread hook;

    private InterruptCleanup(Path dir, String target) {
        this.hook = new Thread(() -> deleteTemporaryFiles(dir, target), "rnn4j-interrupt-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Watches every output of a directory (which need not exist yet) until {@link #close()}. */
    static InterruptCleanup watch(Path dir) {
        return new InterruptCleanup(dir.toAbsolutePath(), null);
    }

    /** Watches one output file until {@link #close()}: only its own temporary files are removed. */
    static InterruptCleanup watchFile(Path file) {
        Path absolute = file.toAbsolutePath();
        return new InterruptCleanup(absolute.getParent(), absolute.getFileName().toString());
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to undo
        }
    }

    /** Deletes the files of {@code dir} named like a temporary file of AtomicFiles; returns how many. */
    static int deleteTemporaryFiles(Path dir) {
        return deleteTemporaryFiles(dir, null);
    }

    /**
     * Deletes the files of {@code dir} named like a temporary file of AtomicFiles, of {@code target} only
     * when it is not null (AtomicFiles keeps at most the first 50 characters of the name); returns how many.
     */
    static int deleteTemporaryFiles(Path dir, String target) {
        String prefix = target == null ? null : "." + target.substring(0, Math.min(target.length(), 50)) + ".";
        int deleted = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (TEMP_NAME.matcher(name).matches() && (prefix == null || name.startsWith(prefix))
                        && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                    deleted++;
                }
            }
        } catch (IOException e) {
            // best effort at exit: a stray temporary file is harmless, and there is no one left to tell
        }
        return deleted;
    }
}
