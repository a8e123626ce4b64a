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

    private static final ClassifySettings LONG = ClassifySettings.longForm("id", "t", "label").withTestFraction(0)
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
                + "a,7,cat,2,n,1\n"
                + "c,1,dog,7.2,n,1\n"   // at the mean of the others, so the mean stays 7.2
                + "d,1,cat,7.2,n,1\n";
        ClassificationData d = read(csv, LONG);
        LabelledSequences s = d.train();
        assertEquals(List.of("b", "a", "c", "d"), s.ids(), "ids in order of first appearance");
        assertEquals(List.of("cat", "dog"), s.classNames());
        assertArrayEquals(new int[] {1, 0, 1, 0}, s.labels());
        assertEquals(List.of("x", "y"), d.encoding().featureColumns(),
                "non-numeric and id/order/label columns are not features");
        assertEquals(2, s.length(0));
        assertEquals(3, s.length(1));
        // x over the training steps: 20, 3, 10, 1, 2, 7.2, 7.2 → mean 7.2; sequence a in order 1, 2, 3
        float[][] a = s.features()[1];
        assertTrue(a[0][0] < a[1][0] && a[1][0] < a[2][0]);
        double mean = 0;
        double sq = 0;
        for (float[][] seq : s.features()) {
            for (float[] row : seq) {
                mean += row[0] / 7.0;
                sq += row[0] * row[0] / 7.0;
            }
        }
        assertEquals(0, mean, 1e-6);
        assertEquals(1, sq, 1e-5);
        assertEquals(0f, a[0][1], "a constant feature is only centred");
        assertNull(d.validation());
        assertNull(d.test());
    }

    @Test
    void longFormErrorsNameTheSequenceAndLines() {
        String dup = "id,t,label,x\na,1,p,0\na,2,p,0\nb,1,q,0\na,2,p,1\nc,1,q,0\n";
        String m = message(dup, LONG);
        assertTrue(m.contains("sequence 'a'") && m.contains("lines 3 and 5"), m);
        String relabel = "id,t,label,x\na,1,p,0\na,2,q,0\nb,1,q,0\nc,1,q,0\n";
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
    void aClassWithASingleTrainingSequenceIsRefused() {
        String m = message("id,t,label,x\na,1,p,0\nb,1,p,0\nc,1,q,1\nd,1,r,1\ne,1,r,2\n", LONG);
        assertTrue(m.contains("class 'q'") && m.contains("single training sequence") && m.contains("'c', line 4"), m);
        // in the split column's training part: one there and one in the test part is still one to train on
        m = message("id,t,label,split,x\na,1,p,train,0\nb,1,p,train,0\nc,1,q,train,1\nd,1,q,test,1\n", LONG);
        assertTrue(m.contains("class 'q'") && m.contains("single training sequence"), m);
    }

    @Test
    void theSplitColumnIsHonoured() {
        String csv = "id,t,label,split,x\na,1,p,train,0\nb,1,q,train,1\nc,1,p,test,2\nd,1,q,TEST,3\ne,1,q,train,4\n"
                + "f,1,p,train,5\n";
        ClassificationData d = read(csv, LONG);
        assertEquals(List.of("a", "b", "e", "f"), d.train().ids());
        assertEquals(List.of("c", "d"), d.test().ids());
        assertNull(d.validation());
        assertEquals("column 'split'", d.splitDescription());
        assertEquals(List.of("x"), d.encoding().featureColumns(), "the split column is not a feature");
        String m = message("id,t,label,split,x\na,1,p,train,0\nb,1,q,train,1\nc,1,p,holdout,2\n", LONG);
        assertTrue(m.contains("sequence 'c'") && m.contains("'holdout'"), m);
        m = message("id,t,label,split,x\na,1,p,train,0\nb,1,q,train,1\nc,1,r,test,2\ne,1,p,train,0\n"
                + "f,1,q,train,1\n", LONG);
        assertTrue(m.contains("'r'") && m.contains("not trained on"), m);
    }

    private static String classes(int big, int small) {
        StringBuilder csv = new StringBuilder("id,t,label,x\n");
        for (int i = 0; i < big + small; i++) {
            csv.append(i).append(",1,").append(i < big ? "big" : "small").append(',').append(i).append('\n');
        }
        return csv.toString();
    }

    private static int[] perClass(LabelledSequences s) {
        int[] n = new int[s.classNames().size()];
        for (int y : s.labels()) {
            n[y]++;
        }
        return n;
    }

    @Test
    void theStratifiedSplitsKeepClassSharesAndAreSeeded() {
        String csv = classes(20, 10);
        ClassifySettings s = LONG.withTestFraction(0.2).withValidationFraction(0.25).withSeed(7);
        ClassificationData d = read(csv, s);
        // test: round(0.2·20) = 4 and round(0.2·10) = 2; validation: round(0.25·16) = 4, round(0.25·8) = 2
        assertArrayEquals(new int[] {4, 2}, perClass(d.test()));
        assertArrayEquals(new int[] {4, 2}, perClass(d.validation()));
        assertArrayEquals(new int[] {12, 6}, perClass(d.train()));
        assertEquals(d.test().ids(), read(csv, s).test().ids(), "same seed, same split");
        assertEquals(d.validation().ids(), read(csv, s).validation().ids());
        assertTrue(!d.test().ids().equals(read(csv, s.withSeed(8)).test().ids()));
        assertTrue(d.splitDescription().startsWith("stratified 20%"));
        assertTrue(d.validationDescription().startsWith("6 sequences"), d.validationDescription());
        // a class of two: round(0.4) = 0 to the test, then one of the two to validation, never both
        ClassificationData two = read(classes(20, 2), s);
        assertEquals(0, perClass(two.test())[1]);
        assertEquals(1, perClass(two.train())[1]);
        assertEquals(1, perClass(two.validation())[1]);
    }

    @Test
    void foldsPartitionTheTrainingSequencesByClass() {
        ClassificationData d = read(classes(23, 7), LONG.withValidationFraction(0.2).withSeed(3));
        List<ClassificationData> folds = d.folds(5);
        assertEquals(5, folds.size());
        java.util.Set<String> tested = new java.util.HashSet<>();
        int[] sizes = new int[5];
        for (int i = 0; i < 5; i++) {
            ClassificationData f = folds.get(i);
            int[] c = perClass(f.test());
            // 23 = 5·4 + 3 and 7 = 5·1 + 2: every fold holds 4 or 5 big and 1 or 2 small
            assertTrue(c[0] == 4 || c[0] == 5, "fold " + i + ": " + c[0] + " big");
            assertTrue(c[1] == 1 || c[1] == 2, "fold " + i + ": " + c[1] + " small");
            sizes[i] = f.test().size();
            for (String id : f.test().ids()) {
                assertTrue(tested.add(id), id + " is tested in two folds");
            }
            int trained = f.train().size() + f.validation().size();
            assertEquals(30 - f.test().size(), trained, "the other folds train (and validate)");
            for (String id : f.test().ids()) {
                assertTrue(!f.train().ids().contains(id) && !f.validation().ids().contains(id));
            }
            assertEquals("fold " + (i + 1) + " of 5", f.splitDescription());
        }
        assertEquals(30, tested.size(), "every sequence is tested once");
        // 30 over 5 folds: 6 each (the classes are dealt on from where the last one stopped)
        assertArrayEquals(new int[] {6, 6, 6, 6, 6}, sizes);
        assertEquals(folds.get(2).test().ids(), d.folds(5).get(2).test().ids(), "seeded");
    }

    @Test
    void foldsAboveTheSmallestClassAreRefused() {
        ClassificationData d = read(classes(23, 7), LONG);
        String m = assertThrows(InvalidInputException.class, () -> d.folds(8)).getMessage();
        assertTrue(m.contains("class 'small' has 7") && m.contains("at most 7 folds"), m);
        assertEquals(7, d.folds(7).size());
        assertThrows(InvalidInputException.class, () -> d.folds(1));
    }

    @Test
    void tokenSequencesUseTheTrainingVocabularyAndReadUnseenCharactersAsUnknown() {
        String csv = "name,seq,label,split\nr1,ABBA,x,train\nr2,CAB,y,train\nr3,ABZ,x,test\nr4,BA,x,train\n"
                + "r5,AAC,y,train\n";
        ClassificationData d = read(csv, ClassifySettings.perRow("seq", "label").withIdColumn("name")
                .withValidationFraction(0));
        assertEquals("ABC", d.encoding().vocabulary());
        assertArrayEquals(new int[] {0, 1, 1, 0}, d.train().tokens()[0]);
        assertEquals(4, d.encoding().inputSize(), "three characters and the unknown token");
        assertArrayEquals(new int[] {0, 1, 3}, d.test().tokens()[0], "Z is not in the vocabulary: the unknown id");
        SequenceEncoding.Encoded e = d.encoding().encode(CsvTable.parse("seq\nZZA\nCC\n", "new.csv"), false);
        assertEquals(2, e.unknownTokens());
        assertArrayEquals(new int[] {3, 3, 0}, e.sequences().tokens()[0]);
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
        ClassificationData d = read("id,t,label,x\na,1,10,0\nb,1,9,0\nc,1,2,0\nd,1,10,0\ne,1,9,0\nf,1,2,0\n", LONG);
        assertEquals(List.of("2", "9", "10"), d.encoding().classNames());
    }

    @Test
    void spacesAroundASequenceOrALabelAreTheFilesLayout() {
        ClassificationData d = read("s,l\n   ACG, p\nGTA ,q \n  CAT,p\nTGC,  q\n", ClassifySettings.perRow("s", "l")
                .withTestFraction(0).withValidationFraction(0));
        assertEquals("ACGT", d.encoding().vocabulary());
        assertEquals(List.of("p", "q"), d.encoding().classNames());
        assertArrayEquals(new int[] {0, 1, 2}, d.train().tokens()[0]);
    }

    @Test
    void theEncodingJsonRoundTripsAndRefusesDamage() {
        ClassificationData d = read("id,t,label,x,y\na,1,p,0,1\na,2,p,3,2\nb,1,q,1,1\nc,1,p,0,0\nd,1,q,2,2\n", LONG);
        SequenceEncoding back = SequenceEncoding.fromJson(d.encoding().toJson(), "config.json");
        assertEquals(d.encoding(), back);
        ClassificationData tokens = read("s,l\nAC,p\nGT,q\nCA,p\nTG,q\n", ClassifySettings.perRow("s", "l")
                .withTestFraction(0).withValidationFraction(0));
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
        o = tokens.encoding().toJson();
        o.put("unknown_token", "yes");
        assertDamaged(o, "task.encoding.unknown_token");
        // saved before the unknown token: unseen characters are left out, as then
        o = tokens.encoding().toJson();
        o.remove("unknown_token");
        SequenceEncoding old = SequenceEncoding.fromJson(o, "config.json");
        assertEquals(4, old.inputSize());
        assertEquals(-1, old.unknownId());
        assertArrayEquals(new int[] {0, 3}, old.tokenIds("AZT"));
        assertArrayEquals(new int[] {0, 4, 3}, tokens.encoding().tokenIds("AZT"));
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
        assertThrows(IllegalArgumentException.class, () -> LONG.withTestFraction(1.0));
        assertThrows(IllegalArgumentException.class,
                () -> ClassifySettings.perRow("s", "l").withFeatureColumns(List.of("x")));
    }
}
