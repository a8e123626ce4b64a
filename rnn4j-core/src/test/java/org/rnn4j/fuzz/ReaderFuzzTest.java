package org.rnn4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.TextFiles;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.io.SafeTensorsFile;

/**
 * Fuzz targets for the readers of untrusted bytes. The contract: the only exception that escapes is
 * {@link InvalidInputException} (with a one-line message), and nothing allocates more than the input's
 * size justifies (an OutOfMemoryError from a crafted header fails the test like any other error).
 *
 * <p>In an ordinary build each target runs in Jazzer's regression mode: once on an empty input and
 * once per file under {@code src/test/resources/org/rnn4j/fuzz/ReaderFuzzTestInputs/<method>/}. With
 * {@code JAZZER_FUZZ=1} the targets are fuzzed; see {@code docs/reliability.md}.
 */
class ReaderFuzzTest {

    private static Path dir;

    @BeforeAll
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("rnn4j-fuzz-readers");
    }

    @AfterAll
    static void removeDir() throws IOException {
        Fuzzing.deleteTree(dir);
    }

    @FuzzTest(maxDuration = "15m", maxExecutions = 110_000)
    void safeTensors(byte[] bytes) {
        SafeTensorsFile f;
        try {
            f = SafeTensors.read(bytes, "fuzz.safetensors");
        } catch (InvalidInputException e) {
            Fuzzing.assertOneLine(e);
            return;
        }
        // a file that was accepted: every element takes at least one byte of the file
        long total = 0;
        for (String name : f.names()) {
            assertNotNull(f.get(name));
            total += f.get(name).elementCount();
        }
        assertTrue(total <= bytes.length, "tensors hold " + total + " elements in a " + bytes.length + "-byte file");
    }

    @FuzzTest(maxDuration = "15m", maxExecutions = 110_000)
    void text(byte[] bytes) throws IOException {
        Path file = dir.resolve("fuzz.txt");
        Files.write(file, bytes);
        String text;
        try {
            text = TextFiles.readUtf8(file);
        } catch (InvalidInputException e) {
            Fuzzing.assertOneLine(e);
            return;
        }
        assertFalse(text.indexOf('\0') >= 0, "a NUL got through");
        if (text.isEmpty()) {
            return; // a lone byte-order mark
        }
        Vocabulary v = Vocabulary.of(text);
        Vocabulary.Encoded enc = v.encode(text);
        assertTrue(enc.skipped() == 0 && enc.ids().length == text.codePointCount(0, text.length()));
        Vocabulary back = Vocabulary.ofSymbols(v.symbols());
        assertTrue(back.size() == v.size());
    }

    @FuzzTest(maxDuration = "15m", maxExecutions = 110_000)
    void csv(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        CsvTable t;
        try {
            t = CsvTable.parse(text, "fuzz.csv");
        } catch (InvalidInputException e) {
            Fuzzing.assertOneLine(e);
            return;
        }
        assertTrue(t.rowCount() > 0);
        for (String name : t.header()) {
            try {
                double[] column = t.numbers(name);
                for (double x : column) {
                    assertTrue(Double.isFinite(x), "non-finite value accepted in column " + name);
                }
            } catch (InvalidInputException e) {
                Fuzzing.assertOneLine(e);
            }
        }
    }

    @FuzzTest(maxDuration = "15m", maxExecutions = 110_000)
    void vocabularySymbols(byte[] bytes) {
        // a stored vocabulary is a JSON list of strings: split the fuzzed text into entries at '\u0001'
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> symbols = new ArrayList<>(List.of(text.split("\u0001", -1)));
        try {
            Vocabulary v = Vocabulary.ofSymbols(symbols);
            assertTrue(v.size() == symbols.size());
            for (int i = 0; i < v.size(); i++) {
                assertTrue(v.id(v.symbol(i).codePointAt(0)) == i);
            }
        } catch (InvalidInputException e) {
            Fuzzing.assertOneLine(e);
        }
    }
}
