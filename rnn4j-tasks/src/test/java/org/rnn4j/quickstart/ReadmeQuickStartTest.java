package org.rnn4j.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.testing.SharedFiles;

/**
 * The Java quick start of README.md, exactly as printed there: extracted from between its markers,
 * compiled against the library and run from the repository root, as a reader would, so that the
 * README cannot drift from the API.
 */
class ReadmeQuickStartTest {

    private static final String BEGIN = "<!-- quickstart:begin -->";
    private static final String END = "<!-- quickstart:end -->";

    @Test
    void theReadmeQuickStartCompilesAndRuns(@TempDir Path tmp) throws Exception {
        Path root = SharedFiles.shared().resolveSibling(repositoryName());
        String source = snippet(root.resolve("README.md"));
        Path file = tmp.resolve("QuickStart.java");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", tmp.toString(), "-cp", classPath, file.toString());
        assertEquals(0, compiled, "the README's quick start does not compile");

        Path out = root.resolve("runs").resolve("quickstart");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                tmp + File.pathSeparator + classPath, "QuickStart")
                .directory(root.toFile()).redirectErrorStream(true).start();
        String output;
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the quick start did not finish in 180 s");
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), "the quick start failed:\n" + output);
        } finally {
            p.destroyForcibly();
        }
        assertTrue(Pattern.compile("(?m)^validation: \\d+\\.\\d{3} bits/char$").matcher(output).find(), output);
        assertTrue(output.contains("next-character logits: 65"), output);
        assertTrue(Files.isRegularFile(out.resolve("config.json")), "no model directory at " + out);
        deleteTree(out);
    }

    /** The name of the checkout (CI clones it under any name): the directory holding this module. */
    private static String repositoryName() {
        Path module = Path.of("").toAbsolutePath();
        return module.getParent().getFileName().toString();
    }

    /** The one java block between the markers. */
    static String snippet(Path readme) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        assertTrue(b >= 0 && e > b, readme + " has no " + BEGIN + " ... " + END + " block");
        String block = text.substring(b + BEGIN.length(), e);
        int open = block.indexOf("```java\n");
        int close = block.lastIndexOf("```");
        assertTrue(open >= 0 && close > open, "no ```java block between the quick start markers");
        return block.substring(open + "```java\n".length(), close);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
