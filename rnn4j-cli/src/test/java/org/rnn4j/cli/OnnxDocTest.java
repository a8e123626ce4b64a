package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java block of {@code docs/onnx.md}, exactly as printed there, compiled and run on a character model
 * exported with {@code rnn4j export-onnx}, so that the page cannot drift from the file's inputs and outputs.
 */
class OnnxDocTest {

    private static final String BEGIN = "<!-- onnx-stream:begin -->";
    private static final String END = "<!-- onnx-stream:end -->";

    @Test
    void theStreamingExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        Path text = SmallInputs.text(dir);
        Path model = SmallInputs.languageModel(dir, text, "--cell", "lstm");
        Path onnx = dir.resolve("lm.onnx");
        CliAsserts.okJson(CliRun.of("export-onnx", "--model", model.toString(), "--out", onnx.toString(), "--json"));

        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("OnnxStream.java"), snippet(docs().resolve("onnx.md")), StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", src.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("OnnxStream.java").toString());
        assertEquals(0, compiled, "the example of docs/onnx.md does not compile");

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {src.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("OnnxStream").getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {onnx.toString()});
        } finally {
            System.setOut(stdout);
        }
        String printed = captured.toString(StandardCharsets.UTF_8).strip();
        assertEquals(41, printed.length(), printed);
        assertTrue(printed.startsWith("t"), printed);
    }

    private static String snippet(Path page) throws Exception {
        String text = Files.readString(page, StandardCharsets.UTF_8);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        assertTrue(b >= 0 && e > b, page + " has no " + BEGIN + " ... " + END + " block");
        String block = text.substring(b + BEGIN.length(), e);
        int open = block.indexOf("```java\n");
        int close = block.lastIndexOf("```");
        return block.substring(open + "```java\n".length(), close);
    }

    /** {@code docs/} of this repository, from the module's directory upwards. */
    private static Path docs() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs/onnx.md"))) {
                return d.resolve("docs");
            }
        }
        throw new IllegalStateException("docs/onnx.md not found above " + Path.of("").toAbsolutePath());
    }
}
