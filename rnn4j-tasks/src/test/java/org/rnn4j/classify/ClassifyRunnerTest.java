package org.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;
import org.rnn4j.forecast.ForecastModel;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.testing.SharedFiles;

/**
 * End to end on real sequence sets with the library's default hyper-parameters (what {@code rnn4j train
 * --task classify} uses).
 */
class ClassifyRunnerTest {

    private static final ClassifySettings VOWELS = ClassifySettings.longForm("series_id", "frame", "speaker");
    private static final ClassifySettings PROMOTERS = ClassifySettings.perRow("sequence", "class").withIdColumn("id");

    private static void report(String name, ClassificationMetrics m) {
        System.out.printf(Locale.ROOT, "%s: accuracy %.3f, macro-F1 %.3f, majority baseline %.3f over %d sequences;"
                + " confusion %s%n", name, m.accuracy(), m.macroF1(), m.majorityAccuracy(), m.count(),
                Arrays.deepToString(m.confusion()));
    }

    @Test
    void japaneseVowelsTestSplitIsClassifiedWellAboveTheMajority() throws Exception {
        CsvTable table = CsvTable.read(SharedFiles.data("japanese_vowels.csv"));
        ClassifyResult r = ClassifyRunner.train(table, VOWELS, ClassifyRunner.defaultHyperParameters(),
                RunOptions.none());
        ClassificationMetrics m = r.test();
        report("Japanese vowels, test split", m);
        assertEquals(370, m.count(), "the file's test split");
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), m.classNames());
        assertTrue(m.accuracy() >= 0.85, "accuracy " + m.accuracy());
        assertTrue(m.macroF1() >= 0.85, "macro-F1 " + m.macroF1());
        // every training class has 30 sequences: the tie goes to the first class, "1", which has 31 in test
        assertEquals(31.0 / 370, m.majorityAccuracy(), 1e-12);
    }

    @Test
    void promotersTrainAndEvaluateEndToEnd() throws Exception {
        CsvTable table = CsvTable.read(SharedFiles.data("promoters_dna.csv"));
        // half the default width and steps: 57 steps per sequence make the defaults take ~20 s on scalar kernels
        HyperParameters hp = ClassifyRunner.defaultHyperParameters().withHiddenSize(32).withSteps(200);
        ClassifyResult r = ClassifyRunner.train(table, PROMOTERS, hp, RunOptions.none());
        ClassificationMetrics m = r.test();
        report("promoters, stratified 20%", m);
        assertEquals(22, m.count(), "round(0.2 · 53) = 11 of each class");
        assertEquals(0.5, m.majorityAccuracy(), 1e-12);
        int total = Arrays.stream(m.confusion()).flatMapToInt(Arrays::stream).sum();
        assertEquals(22, total);
        assertEquals("ACGT", r.model().encoding().vocabulary());
        assertTrue(r.summary().trainLoss() < 0.5 * Math.log(2), "training loss " + r.summary().trainLoss());
        // 22 held-out sequences: only "better than the majority" is robust
        assertTrue(m.accuracy() > m.majorityAccuracy(), "accuracy " + m.accuracy());
    }

    @Test
    void aSavedModelPredictsAsTrained(@TempDir Path dir) throws Exception {
        CsvTable table = CsvTable.read(SharedFiles.data("promoters_dna.csv"));
        HyperParameters hp = ClassifyRunner.defaultHyperParameters().withHiddenSize(8).withSteps(10)
                .withBidirectional(true);
        ClassifyResult r = ClassifyRunner.train(table, PROMOTERS, hp, RunOptions.none().withCheckpoints(dir, 0));
        ClassifierModel loaded = ClassifierModel.load(dir);
        assertEquals(r.model().encoding(), loaded.encoding());
        Predictions before = ClassifyRunner.predict(r.model(), table);
        Predictions after = ClassifyRunner.predict(loaded, table);
        assertEquals(106, after.ids().size());
        assertEquals("1", after.ids().get(0));
        for (int i = 0; i < 106; i++) {
            assertArrayEquals(before.probabilities()[i], after.probabilities()[i], 0.0);
            assertEquals(1.0, Arrays.stream(after.probabilities()[i]).sum(), 1e-9);
        }
        // no split column: evaluation scores every sequence either way
        assertEquals(106, ClassifyRunner.evaluate(loaded, table, false).count());
        // an unseen character keeps its position: the unknown token, whose embedding row no step moved
        int unknown = loaded.encoding().unknownId();
        assertEquals(4, unknown);
        float[] table4 = loaded.model().embedding().weight().value();
        int width = loaded.model().embedding().dim();
        for (int j = 0; j < width; j++) {
            assertEquals(0f, table4[unknown * width + j]);
        }
        String first = table.text(0, table.column("sequence"));
        Predictions odd = ClassifyRunner.predict(loaded,
                CsvTable.parse("id,sequence\nodd,N" + first.substring(1) + "\n", "odd.csv"));
        assertEquals(1, odd.unknownTokens());
        assertEquals(1.0, Arrays.stream(odd.probabilities()[0]).sum(), 1e-9);
        InvalidInputException other = assertThrows(InvalidInputException.class, () -> ForecastModel.load(dir));
        assertTrue(other.getMessage().contains("task 'classify'"), other.getMessage());
    }

    @Test
    void evaluationHonoursTheSplitColumnUnlessAskedForAllRows(@TempDir Path dir) throws Exception {
        CsvTable table = CsvTable.read(SharedFiles.data("japanese_vowels.csv"));
        HyperParameters hp = ClassifyRunner.defaultHyperParameters().withHiddenSize(8).withSteps(5);
        ClassifyResult r = ClassifyRunner.train(table, VOWELS, hp, RunOptions.none().withCheckpoints(dir, 0));
        ClassifierModel m = ClassifyRunner.load(dir);
        ClassificationMetrics held = ClassifyRunner.evaluate(m, table, false);
        assertEquals(370, held.count());
        assertArrayEquals(r.test().confusion(), held.confusion());
        assertEquals(640, ClassifyRunner.evaluate(m, table, true).count());
        assertEquals(12, m.encoding().featureColumns().size());
    }
}
