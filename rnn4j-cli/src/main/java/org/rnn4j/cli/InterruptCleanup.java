package org.rnn4j.cli;

import org.rnn4j.io.AtomicFiles;

/**
 * What a command killed by Ctrl-C or {@code kill} (outside a training run, which stops with a
 * checkpoint instead: {@link InterruptSignals}) leaves behind: nothing but the files it had finished.
 * Every output is written by {@link AtomicFiles} to a temporary file renamed when complete; while this
 * hook is installed, a JVM shutdown makes the writes still in progress give up, and each deletes its
 * own temporary file, known by its exact path. No file is deleted by a pattern, and none while it is
 * being written.
 */
final class InterruptCleanup implements AutoCloseable {

    /** How long a shutdown waits for the writes in progress to let go of their files. */
    static final long WAIT_MILLIS = 2000;

    private final Thread hook;

    private InterruptCleanup() {
        this.hook = new Thread(() -> AtomicFiles.abortWrites(WAIT_MILLIS), "rnn4j-interrupt-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Cleans up after this process's own writes if the JVM shuts down before {@link #close()}. */
    static InterruptCleanup install() {
        return new InterruptCleanup();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to undo
        }
    }
}
