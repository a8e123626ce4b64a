package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;
import org.rnn4j.testing.SharedFiles;

/** Text and CSV readers: real files read, every kind of bad input refused with one line naming it. */
class ReadersTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static String message(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable e) {
        String m = assertThrows(type, e).getMessage();
        assertTrue(!m.contains("\n"), "one line: " + m);
        return m;
    }

    @Test
    void shakespeareReadsWithItsVocabulary() throws Exception {
        String text = TextFiles.readUtf8(SharedFiles.data("tinyshakespeare.txt"));
        assertEquals(1_115_394, text.length());
        Vocabulary v = Vocabulary.of(text);
        assertEquals(65, v.size());
        Vocabulary.Encoded e = v.encode(text);
        assertEquals(0, e.skipped());
        assertEquals(text.length(), e.ids().length);
    }

    @Test
    void badTextIsRefused() throws Exception {
        assertTrue(message(InvalidInputException.class, () -> TextFiles.readUtf8(dir.resolve("missing.txt")))
                .contains("does not exist"));
        assertTrue(message(InvalidInputException.class, () -> TextFiles.readUtf8(write("empty.txt", new byte[0])))
                .contains("empty"));
        assertTrue(message(InvalidInputException.class,
                () -> TextFiles.readUtf8(write("bad.txt", new byte[] {'a', 'b', (byte) 0xC3, '(', 'x'})))
                .contains("not valid UTF-8"));
        assertTrue(message(InvalidInputException.class,
                () -> TextFiles.readUtf8(write("bin.txt", new byte[] {'a', 0, 'b'})))
                .contains("binary"));
        assertTrue(message(InvalidInputException.class, () -> TextFiles.readUtf8(dir)).contains("directory"));
        assertEquals("x", TextFiles.readUtf8(write("one.txt", new byte[] {'x'})));
    }

    @Test
    void vocabularySkipsUnseenCharactersAndRoundTrips() {
        Vocabulary v = Vocabulary.of("abcab");
        Vocabulary.Encoded e = v.encode("abzc€a");
        assertArrayEquals(new int[] {0, 1, 2, 0}, e.ids());
        assertEquals(2, e.skipped());
        Vocabulary back = Vocabulary.ofSymbols(v.symbols());
        assertEquals(v.symbols(), back.symbols());
        assertEquals(Math.log(3) * 0 + Vocabulary.unigramEntropy(new int[] {0, 1, 2}, 3), Math.log(3), 1e-12);
    }

    @Test
    void airPassengersColumns() throws Exception {
        CsvTable t = CsvTable.read(SharedFiles.data("AirPassengers.csv"));
        assertEquals(144, t.rowCount());
        assertEquals(java.util.List.of("month", "passengers"), t.header());
        assertEquals(112.0, t.numbers("passengers")[0]);
        assertTrue(!t.isNumeric(t.column("month")));
    }

    @Test
    void badCsvIsRefusedNamingLineAndColumn() throws Exception {
        assertTrue(message(InvalidInputException.class, () -> CsvTable.parse("", "e.csv")).contains("no header"));
        assertTrue(
                message(InvalidInputException.class, () -> CsvTable.parse("a,b\n", "h.csv")).contains("no data rows"));
        assertTrue(message(InvalidInputException.class, () -> CsvTable.parse("a,a\n1,2\n", "d.csv")).contains("twice"));
        assertTrue(
                message(InvalidInputException.class, () -> CsvTable.parse("a,\n1,2\n", "n.csv")).contains("no name"));
        assertTrue(message(InvalidInputException.class, () -> CsvTable.parse("a,b\n1,2\n3\n", "r.csv"))
                .contains("line 3 has 1 fields"));
        CsvTable t = CsvTable.parse("a,b\n1,x\n2,NaN\n3,Infinity\n", "v.csv");
        assertTrue(message(InvalidInputException.class, () -> t.numbers("b"))
                .contains("line 2, column 'b': expected a number, got 'x'"));
        assertTrue(message(InvalidInputException.class, () -> t.number(1, 1)).contains("not a finite number"));
        assertTrue(message(InvalidInputException.class, () -> t.numbers("c"))
                .contains("no column 'c'; its columns are a, b"));
        String huge = "a\n" + "9".repeat(200_000) + "\n";
        assertEquals(1, CsvTable.parse(huge, "big.csv").rowCount());
    }
}
