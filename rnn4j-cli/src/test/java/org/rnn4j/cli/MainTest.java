package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.kernel.Kernels;
import picocli.CommandLine.Command;

/** The top command: help, version, and the error policy every subcommand shares. */
class MainTest {

    @Test
    void versionNamesTheBuildTheJdkAndTheKernels() {
        CliRun run = CliRun.of("--version");
        assertEquals(ExitCodes.OK, run.exitCode, run::toString);
        List<String> lines = run.outLines();
        assertTrue(lines.get(0).matches("rnn4j \\d+\\.\\d+\\.\\d+.*"), run::toString);
        assertFalse(run.out.contains("${"), "resource not filtered: " + run.out);
        assertTrue(run.out.contains("Java " + Runtime.version()), run::toString);
        assertTrue(run.out.contains("kernels: " + Main.kernels().name()), run::toString);
        assertEquals("", run.err);
    }

    @Test
    void helpListsTheSubcommandsAndTheExitCodes() {
        CliRun run = CliRun.of("--help");
        assertEquals(ExitCodes.OK, run.exitCode, run::toString);
        assertTrue(run.out.startsWith("Usage: rnn4j"), run::toString);
        assertTrue(run.out.contains("parity"), run::toString);
        assertTrue(run.out.contains("--verbose"), run::toString);
        assertTrue(run.out.contains("Exit codes:"), run::toString);
        assertEquals("", run.err);
    }

    @Test
    void helpSubcommandShowsASubcommandsHelp() {
        CliRun run = CliRun.of("help", "parity");
        assertEquals(ExitCodes.OK, run.exitCode, run::toString);
        assertTrue(run.out.startsWith("Usage: rnn4j parity"), run::toString);
    }

    @Test
    void unknownOptionIsAUsageErrorWithAHint() {
        CliRun run = CliRun.of("--no-such-option");
        assertEquals(ExitCodes.USAGE, run.exitCode, run::toString);
        assertEquals(List.of("rnn4j: Unknown option: '--no-such-option'",
                "Try 'rnn4j --help' for more information."), run.errLines());
        assertEquals("", run.out);
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        CliRun run = CliRun.of("no-such-command");
        assertEquals(ExitCodes.USAGE, run.exitCode, run::toString);
        assertEquals(2, run.errLines().size(), run::toString);
        assertTrue(run.errLines().get(0).contains("'no-such-command'"), run::toString);
    }

    @Test
    void noSubcommandIsAUsageError() {
        CliRun run = CliRun.of();
        assertEquals(ExitCodes.USAGE, run.exitCode, run::toString);
        assertEquals(List.of("rnn4j: Missing required subcommand", "Try 'rnn4j --help' for more information."),
                run.errLines());
    }

    // ---------------------------------------------------------------- errors raised by a command

    @Command(name = "fails")
    static final class Fails implements Callable<Integer> {
        private final Exception toThrow;

        Fails(Exception toThrow) {
            this.toThrow = toThrow;
        }

        @Override
        public Integer call() throws Exception {
            throw toThrow;
        }
    }

    @Test
    void invalidInputIsOneLineAndExitOne() {
        CliRun run = CliRun.withSubcommand("fails",
                new Fails(new InvalidInputException("input width 65 != model inputSize 64")), "fails");
        assertEquals(ExitCodes.FAILURE, run.exitCode, run::toString);
        assertEquals(List.of("rnn4j: input width 65 != model inputSize 64"), run.errLines());
        assertEquals("", run.out);
    }

    @Test
    void verbosePrintsTheStackTraceAfterTheMessage() {
        CliRun run = CliRun.withSubcommand("fails",
                new Fails(new InvalidInputException("bad data")), "--verbose", "fails");
        assertEquals(ExitCodes.FAILURE, run.exitCode, run::toString);
        List<String> lines = run.errLines();
        assertEquals("rnn4j: bad data", lines.get(0));
        assertTrue(lines.size() > 2, run::toString);
        assertTrue(run.err.contains("org.rnn4j.InvalidInputException: bad data"), run::toString);
        assertTrue(run.err.contains("\tat org.rnn4j.cli."), run::toString);
    }

    @Test
    void multiLineMessagesArePrintedOnOneLine() {
        CliRun run = CliRun.withSubcommand("fails",
                new Fails(new InvalidInputException("first line\n  second line")), "fails");
        assertEquals(List.of("rnn4j: first line second line"), run.errLines());
    }

    @Test
    void ioErrorsNameTheFileAndExitOne() {
        CliRun missing = CliRun.withSubcommand("fails", new Fails(new NoSuchFileException("/data/x.txt")), "fails");
        assertEquals(ExitCodes.FAILURE, missing.exitCode, missing::toString);
        assertEquals(List.of("rnn4j: no such file or directory: /data/x.txt"), missing.errLines());

        CliRun denied = CliRun.withSubcommand("fails", new Fails(new AccessDeniedException("/data/y")), "fails");
        assertEquals(List.of("rnn4j: permission denied: /data/y"), denied.errLines());

        CliRun other = CliRun.withSubcommand("fails", new Fails(new IOException("disk on fire")), "fails");
        assertEquals(List.of("rnn4j: I/O error: disk on fire"), other.errLines());
    }

    @Test
    void uncheckedIoErrorsAreReportedLikeIoErrors() {
        CliRun run = CliRun.withSubcommand("fails",
                new Fails(new java.io.UncheckedIOException(new NoSuchFileException("/data/z"))), "fails");
        assertEquals(ExitCodes.FAILURE, run.exitCode, run::toString);
        assertEquals(List.of("rnn4j: no such file or directory: /data/z"), run.errLines());
    }

    @Test
    void aBugIsAnInternalErrorWithoutStackTraceUnlessVerbose() {
        CliRun run = CliRun.withSubcommand("fails", new Fails(new IllegalStateException("oops")), "fails");
        assertEquals(ExitCodes.FAILURE, run.exitCode, run::toString);
        assertEquals(List.of("rnn4j: internal error: java.lang.IllegalStateException: oops"
                + " (run with --verbose for the stack trace)"), run.errLines());

        CliRun verbose = CliRun.withSubcommand("fails", new Fails(new IllegalStateException("oops")),
                "--verbose", "fails");
        assertEquals("rnn4j: internal error: java.lang.IllegalStateException: oops", verbose.errLines().get(0));
        assertTrue(verbose.err.contains("\tat "), verbose::toString);
    }

    @Test
    void kernelsThatCannotLoadAreReportedAsInvalidInput() {
        ExceptionInInitializerError init = new ExceptionInInitializerError(
                new IllegalStateException(
                        "-Drnn4j.kernels=vector was requested but the Vector API kernels are unavailable"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Main.kernels(() -> {
            throw init;
        }));
        assertEquals("cannot choose the kernels: -Drnn4j.kernels=vector was requested but the Vector API kernels"
                + " are unavailable", e.getMessage());

        InvalidInputException again = assertThrows(InvalidInputException.class, () -> Main.kernels(() -> {
            throw new NoClassDefFoundError("Could not initialize class org.rnn4j.kernel.KernelProvider$Holder");
        }));
        assertTrue(again.getMessage().startsWith("cannot choose the kernels: "), again.getMessage());

        Kernels k = Main.kernels();
        assertFalse(k.name().isEmpty());
    }
}
