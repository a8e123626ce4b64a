package org.rnn4j.cli;

/**
 * The exit codes of every {@code rnn4j} command: three, so that scripts can tell a bad result from a
 * bad command line, and the shell's codes of a training run stopped by a signal (128 + its number).
 */
public final class ExitCodes {

    /** The command did what was asked and found nothing wrong. */
    public static final int OK = 0;

    /**
     * The command ran but the outcome is a failure: a parity case failed, the input data was invalid
     * ({@link org.rnn4j.InvalidInputException}), a file could not be read, or rnn4j itself failed.
     */
    public static final int FAILURE = 1;

    /** The command line was wrong: unknown option, missing parameter, a path that does not exist. */
    public static final int USAGE = 2;

    /** A training run stopped by Ctrl-C (SIGINT), its checkpoint saved. */
    public static final int SIGINT = 130;

    /** A training run stopped by SIGTERM, its checkpoint saved. */
    public static final int SIGTERM = 143;

    private ExitCodes() {
    }
}
