package org.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.LabelledSequences;

/** Reading, splitting and encoding labelled sequences, and every error a user can make. */
class ClassificationDataTest {

    private static final ClassifySettings LONG = ClassifySettings.longForm("id", "t", "label")
            .withValidationFraction(0);

    private static ClassificationData read(String csv, ClassifySettings settings) {
        return ClassificationData.fromCsv(CsvTable.parse(csv, "s.csv"), settings);
    }

    private static String message(String csv, ClassifySettings settings) {
        return assertThrows(InvalidInputException.class, () -> read(csv, settings)).getMessage();
    }

    @Test
    void longFormRowsAreGroupedByIdAndSortedByOrder() {
        String csv = "id,t,label,x,note,y\n"
                + "b,2,dog,20,n,1\n"
                + "a,10,cat,3,n,1\n"
                + "b,1,dog,10,n,1\n"
                + "a,5,cat,1,n,1\n"      // gaps in the order are fine
                + "a,7,cat,2,n,1\n";
        ClassificationData d = read(csv, LONG);
        LabelledSequences s = d.train();
        assertEquals(List.of("b", "a"), s.ids(), "ids in order of first appearance");
        assertEquals(List.of("cat", "dog"), s.classNames());
        assertArrayEquals(new int[] {1, 0}, s.labels());
        assertEquals(List.of("x", "y"), d.encoding().featureColumns(),
                "non-numeric and id/order/label columns are not features");
        assertEquals(2, s.length(0));
        assertEquals(3, s.length(1));
        // x over the training steps: 20, 3, 10, 1, 2 → mean 7.2; sequence a in order 1, 2, 3
        float[][] a = s.features()[1];
        assertTrue(a[0][0] < a[1][0] && a[1][0] < a[2][0]);
        double mean = 0;
        double sq = 0;
        for (float[][] seq : s.features()) {
            for (float[] row : seq) {
                mean += row[0] / 5.0;
                sq += row[0] * row[0] / 5.0;
            }
        }
        assertEquals(0, mean, 1e-6);
        assertEquals(1, sq, 1e-5);
        assertEquals(0f, a[0][1], "a constant feature is only centred");
        assertNull(d.validation());
    }

    @Test
    void longFormErrorsNameTheSequenceAndLines() {
        String dup = "id,t,label,x\na,1,p,0\na,2,p,0\nb,1,q,0\na,2,p,1\n";
        String m = message(dup, LONG);
        assertTrue(m.contains("sequence 'a'") && m.contains("lines 3 and 5"), m);
        String relabel = "id,t,label,x\na,1,p,0\na,2,q,0\nb,1,q,0\n";
        m = message(relabel, LONG);
        assertTrue(m.contains("sequence 'a'") && m.contains("'p' (line 2)") && m.contains("'q' (line 3)"), m);
        m = message("id,t,label,x\na,1,p,0\nb,x,q,0\n", LONG);
        assertTrue(m.contains("line 3") && m.contains("'t'"), m);
        m = message("id,t,label,x\na,1,p,0\nb,1,q,0\n", ClassifySettings.longForm("id", "frame", "label"));
        assertTrue(m.contains("no column 'frame'") && m.contains("id, t, label, x"), m);
        m = message("id,t,label,x\na,1,p,0\nb,1,q,zero\n", LONG.withFeatureColumns(List.of("x")));
        assertTrue(m.contains("line 3") && m.contains("'x'"), m);
        m = message("id,t,label,name\na,1,p,u\nb,1,q,v\n", LONG);
        assertTrue(m.contains("no numeric feature column"), m);
    }

    @Test
    void aSingleClassIsRefused() {
        String m = message("id,t,label,x\na,1,p,0\nb,1,p,0\n", LONG);
        assertTrue(m.contains("'p'") && m.contains("at least two classes"), m);
    }

    @Test
    void theSplitColumnIsHonoured() {
        String csv = "id,t,label,split,x\na,1,p,train,0\nb,1,q,train,1\nc,1,p,test,2\nd,1,q,TEST,3\ne,1,q,train,4\n";
        ClassificationData d = read(csv, LONG);
        assertEquals(List.of("a", "b", "e"), d.train().ids());
        assertEquals(List.of("c", "d"), d.validation().ids());
        assertEquals("column 'split'", d.splitDescription());
        assertEquals(List.of("x"), d.encoding().featureColumns(), "the split column is not a feature");
        String m = message("id,t,label,split,x\na,1,p,train,0\nb,1,q,train,1\nc,1,p,holdout,2\n", LONG);
        assertTrue(m.contains("sequence 'c'") && m.contains("'holdout'"), m);
        m = message("id,t,label,split,x\na,1,p,train,0\nb,1,q,train,1\nc,1,r,test,2\n", LONG);
        assertTrue(m.contains("'r'") && m.contains("not trained on"), m);
    }

    @Test
    void theStratifiedSplitKeepsClassSharesAndIsSeeded() {
        StringBuilder csv = new StringBuilder("id,t,label,x\n");
        for (int i = 0; i < 30; i++) {
            csv.append(i).append(",1,").append(i < 20 ? "big" : i < 29 ? "small" : "single").append(',').append(i)
                    .append('\n');
        }
        ClassifySettings s = LONG.withValidationFraction(0.2).withSeed(7);
        ClassificationData d = read(csv.toString(), s);
        int[] held = new int[3];
        for (int y : d.validation().labels()) {
            held[y]++;
        }
        // classes sorted: big, single, small → 4 of 20, 0 of 1 (one always stays), 2 of 9
        assertArrayEquals(new int[] {4, 0, 2}, held);
        assertEquals(d.validation().ids(), read(csv.toString(), s).validation().ids(), "same seed, same split");
        assertTrue(!d.validation().ids().equals(read(csv.toString(), s.withSeed(8)).validation().ids()));
        assertTrue(d.splitDescription().startsWith("stratified 20%"));
    }

    @Test
    void tokenSequencesUseTheTrainingVocabularyAndSkipUnseenCharacters() {
        String csv = "name,seq,label,split\nr1,ABBA,x,train\nr2,CAB,y,train\nr3,ABZ,x,test\n";
        ClassificationData d = read(csv, ClassifySettings.perRow("seq", "label").withIdColumn("name"));
        assertEquals("ABC", d.encoding().vocabulary());
        assertArrayEquals(new int[] {0, 1, 1, 0}, d.train().tokens()[0]);
        assertArrayEquals(new int[] {0, 1}, d.validation().tokens()[0], "Z is not in the vocabulary: skipped");
        SequenceEncoding.Encoded e = d.encoding().encode(CsvTable.parse("seq\nZZA\nCC\n", "new.csv"), false);
        assertEquals(2, e.skippedTokens());
        assertTrue(!e.labelled());
        assertEquals(List.of("line 2", "line 3"), e.sequences().ids(),
                "without an id column sequences are named by line");
        InvalidInputException none = assertThrows(InvalidInputException.class,
                () -> d.encoding().encode(CsvTable.parse("seq\nZZ\n", "new.csv"), false));
        assertTrue(none.getMessage().contains("no character of the model's vocabulary"), none.getMessage());
        String m = message("seq,label\nAB,x\n,y\n", ClassifySettings.perRow("seq", "label"));
        assertTrue(m.contains("line 3") && m.contains("empty"), m);
        InvalidInputException unlabelled = assertThrows(InvalidInputException.class,
                () -> d.encoding().encode(CsvTable.parse("seq\nAB\n", "new.csv"), true));
        assertTrue(unlabelled.getMessage().contains("no column 'label'"), unlabelled.getMessage());
    }

    @Test
    void numericClassNamesSortAsNumbers() {
        ClassificationData d = read("id,t,label,x\na,1,10,0\nb,1,9,0\nc,1,2,0\n", LONG);
        assertEquals(List.of("2", "9", "10"), d.encoding().classNames());
    }

    @Test
    void theEncodingJsonRoundTripsAndRefusesDamage() {
        ClassificationData d = read("id,t,label,x,y\na,1,p,0,1\na,2,p,3,2\nb,1,q,1,1\n", LONG);
        SequenceEncoding back = SequenceEncoding.fromJson(d.encoding().toJson(), "config.json");
        assertEquals(d.encoding(), back);
        ClassificationData tokens = read("s,l\nAC,p\nGT,q\n", ClassifySettings.perRow("s", "l"));
        assertEquals(tokens.encoding(), SequenceEncoding.fromJson(tokens.encoding().toJson(), "config.json"));

        ObjectNode o = d.encoding().toJson();
        o.putArray("feature_std").add(1.0);
        assertDamaged(o, "task.encoding.feature_std");
        o = d.encoding().toJson();
        o.putArray("classes").add("only");
        assertDamaged(o, "task.encoding.classes");
        o = d.encoding().toJson();
        o.put("form", "wide");
        assertDamaged(o, "task.encoding.form");
        o = tokens.encoding().toJson();
        o.putArray("vocabulary").add(67).add(65);
        assertDamaged(o, "task.encoding.vocabulary");
    }

    private static void assertDamaged(ObjectNode json, String member) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SequenceEncoding.fromJson(json, "config.json"));
        assertTrue(e.getMessage().contains(member), e.getMessage());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> ClassifySettings.longForm("id", null, "label"));
        assertThrows(IllegalArgumentException.class, () -> ClassifySettings.perRow("s", " "));
        assertThrows(IllegalArgumentException.class, () -> LONG.withValidationFraction(1.0));
        assertThrows(IllegalArgumentException.class,
                () -> ClassifySettings.perRow("s", "l").withFeatureColumns(List.of("x")));
    }
}
