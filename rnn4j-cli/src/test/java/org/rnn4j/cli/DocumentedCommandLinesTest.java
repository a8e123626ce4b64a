package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every {@code ./rnn4j ...} command line in README.md and docs/*.md still parses against the command
 * tree (parsed only, nothing runs, so paths need not exist), and a documented usage error
 * ({@code [exit 2]} after it) is still refused with the documented message.
 */
class DocumentedCommandLinesTest {

    /** Placeholders in prose that stand for a value an option must parse. */
    private static final Map<String, String> PLACEHOLDERS = Map.of("N", "1");
    private static final Pattern INLINE = Pattern.compile("`(\\./rnn4j[^`]*)`");

    /** A command line of the docs and, in a session, the output shown after it. */
    record Documented(String file, int line, List<String> args, List<String> output) {
        @Override
        public String toString() {
            return file + ":" + line + ": rnn4j " + String.join(" ", args);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedCommandLineParses() throws IOException {
        return documented().stream().map(d -> DynamicTest.dynamicTest(d.toString(), () -> check(d)));
    }

    @Test
    void theDocumentsHoldTheCommandLinesThisTestGuards() throws IOException {
        List<Documented> all = documented();
        assertTrue(all.size() >= 30, "found only " + all.size() + " command lines: " + all);
        assertTrue(
                all.stream().anyMatch(d -> d.args().containsAll(List.of("train", "--task", "forecast", "--time-col"))),
                "the README's continued train line: " + all);
        assertTrue(all.stream().anyMatch(d -> d.output().contains("[exit 2]")), "a documented usage error: " + all);
    }

    @Test
    void aCommandLineThatNoLongerParsesFails() {
        Documented gone = new Documented("x.md", 1, List.of("train", "--task", "lm", "--no-such-option"), List.of());
        assertThrows(AssertionError.class, () -> check(gone));
        Documented moved = new Documented("x.md", 1, List.of("forecast", "--horizon", "0"),
                List.of("rnn4j: another message", "[exit 2]"));
        assertThrows(AssertionError.class, () -> check(moved));
    }

    private static void check(Documented d) {
        CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        String[] args = d.args().toArray(new String[0]);
        if (d.output().contains("[exit 2]")) {
            CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                    () -> root.parseArgs(LegacyTaskOption.rewrite(root, args)), d::toString);
            assertEquals(d.output().get(0), "rnn4j: " + ErrorPolicy.oneLine(e.getMessage()), d::toString);
            return;
        }
        try {
            CommandLine.ParseResult parsed = root.parseArgs(LegacyTaskOption.rewrite(root, args));
            assertFalse(parsed.isUsageHelpRequested(), d::toString);
        } catch (CommandLine.ParameterException e) {
            fail(d + " no longer parses: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- reading the documents

    private static List<Documented> documented() throws IOException {
        Path root = repositoryRoot();
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Documented> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll(commandLines(root.relativize(f).toString(), Files.readAllLines(f, StandardCharsets.UTF_8)));
        }
        return all;
    }

    /** Command lines of fenced blocks ({@code $ } prompts optional, {@code \} continuations joined) and of inline code. */
    static List<Documented> commandLines(String file, List<String> lines) {
        List<Documented> found = new ArrayList<>();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                Matcher m = INLINE.matcher(line);
                while (m.find()) {
                    found.add(new Documented(file, i + 1, words(m.group(1)), List.of()));
                }
                continue;
            }
            String command = line.startsWith("$ ") ? line.substring(2).strip() : line;
            if (!command.startsWith("./rnn4j")) {
                continue;
            }
            int first = i;
            while (command.endsWith("\\") && i + 1 < lines.size()) {
                command = command.substring(0, command.length() - 1) + " " + lines.get(++i).strip();
            }
            List<String> output = new ArrayList<>();
            for (int k = i + 1; k < lines.size(); k++) {
                String out = lines.get(k).strip();
                if (out.startsWith("```") || out.startsWith("$ ") || out.startsWith("./rnn4j")) {
                    break;
                }
                output.add(out);
            }
            found.add(new Documented(file, first + 1, words(command), output));
        }
        return found;
    }

    /** The arguments after {@code ./rnn4j}: words split as a shell would, quotes removed, a trailing # comment dropped. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        words.replaceAll(w -> PLACEHOLDERS.getOrDefault(w, w));
        return words.subList(1, words.size());
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))
                    && Files.isRegularFile(p.resolve("rnn4j"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (README.md, docs/) above "
                + Path.of("").toAbsolutePath());
    }
}
