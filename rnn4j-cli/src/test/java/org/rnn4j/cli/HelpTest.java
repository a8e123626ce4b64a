package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help of every command and subcommand renders without a picocli warning or an unexpanded
 * placeholder, every option that takes a value says its default, and no required option shows one.
 */
class HelpTest {

    /** Every command of the tree, by its qualified name. */
    private static Map<String, CommandLine> commands() {
        CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        Map<String, CommandLine> all = new LinkedHashMap<>();
        collect(root, all);
        return all;
    }

    private static void collect(CommandLine cmd, Map<String, CommandLine> all) {
        all.putIfAbsent(cmd.getCommandSpec().qualifiedName(" "), cmd);
        cmd.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    /** The help text, with what picocli printed on standard error while rendering it. */
    private record Rendered(String help, String warnings) {
    }

    private static Rendered render(CommandLine cmd) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter help = new StringWriter();
        // picocli's tracer writes its warnings to System.err
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            cmd.usage(new PrintWriter(help, true), CommandLine.Help.Ansi.OFF);
        } finally {
            System.setErr(saved);
        }
        return new Rendered(help.toString(), err.toString(StandardCharsets.UTF_8));
    }

    @TestFactory
    Stream<DynamicTest> everyHelpRendersCleanlyAndShowsEveryDefault() {
        return commands().entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey() + " --help", () -> check(e.getValue())));
    }

    private static void check(CommandLine cmd) {
        Rendered r = render(cmd);
        assertEquals("", r.warnings(), "picocli warned while rendering the help:\n" + r.help());
        assertFalse(r.help().contains("${"), "an unexpanded placeholder:\n" + r.help());
        assertFalse(r.help().matches("(?s).*%[ns].*"), "an unformatted format specifier:\n" + r.help());
        Map<String, String> blocks = optionBlocks(r.help());
        for (OptionSpec o : cmd.getCommandSpec().options()) {
            if (o.hidden()) {
                continue;
            }
            String block = blocks.get(o.longestName());
            assertTrue(block != null, o.longestName() + " is not in the help:\n" + r.help());
            if (o.required()) {
                assertFalse(block.contains("Default:"), "a required option shows a default:\n" + block);
            } else if (o.arity().max() > 0 && !o.usageHelp() && !o.versionHelp()) {
                assertTrue(block.contains("Default:"), o.longestName() + " does not say its default:\n" + block);
            }
        }
    }

    /**
     * The help's option entries by the option's longest name: an entry starts with its names in the
     * first columns and runs to the next entry or an empty line.
     */
    static Map<String, String> optionBlocks(String help) {
        Map<String, String> blocks = new LinkedHashMap<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        for (String line : help.split("\n", -1)) {
            String trimmed = line.strip().replace("[no-]", "");
            boolean starts = line.startsWith("  ") && !line.startsWith("        ") && trimmed.startsWith("-");
            if (starts || trimmed.isEmpty() || !line.startsWith(" ")) {
                if (name != null) {
                    blocks.put(name, String.join("\n", lines));
                }
                name = null;
                lines.clear();
            }
            if (starts) {
                String names = trimmed.split("[\\[= ]", 2)[0].replace(",", "");
                String[] both = trimmed.split("\\s+");
                // "-h, --help": the longest name is the second
                name = both.length > 1 && both[0].endsWith(",") ? both[1].split("[\\[=]")[0] : names;
            }
            if (name != null) {
                lines.add(line);
            }
        }
        if (name != null) {
            blocks.put(name, String.join("\n", lines));
        }
        return blocks;
    }

    @Test
    void theHelpOfTheTrainingTasksIsGroupedAndShowsTheTasksOwnDefaults() {
        Map<String, CommandLine> all = commands();
        String lm = render(all.get("rnn4j train lm")).help();
        String forecast = render(all.get("rnn4j train forecast")).help();
        for (String heading : List.of("Options of 'train lm':", "Network:", "Training:", "Run and output:")) {
            assertTrue(lm.contains("\n" + heading + "\n"), heading + " missing:\n" + lm);
        }
        assertTrue(lm.indexOf("--seq-len") < lm.indexOf("Network:"), "the task's own options come first:\n" + lm);
        String lmHidden = optionBlocks(lm).get("--hidden");
        String forecastHidden = optionBlocks(forecast).get("--hidden");
        assertTrue(lmHidden.contains("Default: " + org.rnn4j.lm.LmTraining.defaultHyperParameters().hiddenSize()),
                lmHidden);
        assertTrue(forecastHidden.contains(
                "Default: " + org.rnn4j.forecast.ForecastRunner.defaultHyperParameters().hiddenSize()),
                forecastHidden);
    }

    @Test
    void theSequenceLengthHasOneNameEverywhereAndTheOldOneStillParses() {
        Map<String, CommandLine> all = commands();
        for (String c : List.of("rnn4j demo", "rnn4j gradflow", "rnn4j train lm", "rnn4j bench")) {
            CommandLine cmd = all.get(c);
            assertTrue(cmd.getCommandSpec().findOption("--seq-len") != null, c + " has no --seq-len");
            String help = render(cmd).help();
            assertFalse(help.contains("-T,") || help.contains("--T="), c + " still shows -T:\n" + help);
        }
        for (String c : List.of("demo", "gradflow")) {
            assertEquals(7, seqLenAfter(c, "-T", "7"));
            assertEquals(9, seqLenAfter(c, "--T", "9"));
            assertEquals(11, seqLenAfter(c, "--seq-len", "11"));
        }
    }

    /** Parses {@code rnn4j command option value} and reads the sequence length it set. */
    private static int seqLenAfter(String command, String option, String value) {
        CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine.ParseResult parsed = root.parseArgs(command, option, value).subcommand();
        return (Integer) parsed.commandSpec().findOption("--seq-len").getValue();
    }
}
