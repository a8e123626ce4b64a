package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code train --task TASK ...}, the form from before the task subcommands, still means {@code train TASK ...}. */
class LegacyTaskOptionTest {

    private static final CommandLine ROOT = Main.commandLine(new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));

    private static String[] rewrite(String... args) {
        return LegacyTaskOption.rewrite(ROOT, args);
    }

    @Test
    void theTaskOptionBecomesTheSubcommandWhereverItStands() {
        String[] expected = {"train", "lm", "--data", "t.txt", "--out", "m"};
        assertArrayEquals(expected, rewrite("train", "--task", "lm", "--data", "t.txt", "--out", "m"));
        assertArrayEquals(expected, rewrite("train", "--data", "t.txt", "--task", "lm", "--out", "m"));
        assertArrayEquals(expected, rewrite("train", "--data", "t.txt", "--out", "m", "--task", "lm"));
        assertArrayEquals(expected, rewrite("train", "--data", "t.txt", "--task=lm", "--out", "m"));
        assertArrayEquals(new String[] {"--verbose", "train", "forecast", "--target", "y"},
                rewrite("--verbose", "train", "--target", "y", "--task", "forecast"));
    }

    @Test
    void otherCommandLinesAreLeftAsTheyAre() {
        for (String[] args : List.of(new String[] {"train", "classify", "--label-col", "y"},
                new String[] {"gradflow", "--task", "copy"}, new String[] {"train", "--help"},
                new String[] {"help", "train"}, new String[] {"--version"}, new String[] {})) {
            assertSame(args, rewrite(args), String.join(" ", args));
        }
        assertArrayEquals(new String[] {"train", "lm", "--data", "f", "--", "--task"},
                rewrite("train", "--task", "lm", "--data", "f", "--", "--task"), "nothing after -- is an option");
    }

    @Test
    void bothFormsParseToTheSameCommand() {
        CommandLine.ParseResult legacy = Main.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())).parseArgs(
                        rewrite("train", "--data", "a.csv", "--target", "y",
                                "--task", "forecast", "--out", "m", "--season", "12"));
        TrainForecastCommand command = (TrainForecastCommand) legacy.subcommand().subcommand().commandSpec()
                .userObject();
        assertEquals(List.of("y"), command.targets);
        assertEquals(12, command.season);
        assertEquals("a.csv", command.dataFile().toString());
    }

    @Test
    void aBadTaskOptionIsTheUsageErrorItWasBefore() {
        assertEquals("Invalid value for option '--task': expected one of [lm, forecast, classify] (case-sensitive)"
                + " but was 'poetry'", error("train", "--task", "poetry", "--data", "f"));
        assertEquals("Missing required parameter for option '--task' (TASK)", error("train", "--data", "f", "--task"));
        assertEquals("Expected parameter for option '--task' but found '--data'", error("train", "--task", "--data"));
        assertEquals("option '--task' (TASK) should be specified only once",
                error("train", "--task", "lm", "--task=lm"));
        assertEquals("Missing the task: 'train lm', 'train forecast' or 'train classify' (or --task TASK)",
                error("train", "--data", "f", "--out", "m"));
    }

    @Test
    void theErrorsGoThroughTheErrorPolicy() {
        CliRun run = CliRun.of("train", "--task", "poetry");
        CliAsserts.oneLineError(run, ExitCodes.USAGE, "--task");
        assertEquals("Try 'rnn4j train --help' for more information.", run.errLines().get(1));
    }

    private static String error(String... args) {
        ParameterException e = assertThrows(ParameterException.class, () -> rewrite(args));
        assertSame(ROOT.getSubcommands().get("train"), e.getCommandLine());
        return e.getMessage();
    }
}
