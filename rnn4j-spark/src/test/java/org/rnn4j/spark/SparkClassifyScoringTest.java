package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;
import org.rnn4j.classify.ClassifierModel;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.classify.ClassifySettings;
import org.rnn4j.classify.Predictions;
import org.rnn4j.data.CsvTable;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TaskModels;
import org.rnn4j.testing.SharedFiles;

/** Distributed classification against {@code ClassifyRunner.predict} on one machine. */
class SparkClassifyScoringTest {

    @TempDir
    static Path tmp;
    private static CsvTable promoters;
    private static CsvTable vowels;
    private static Path tokenModel;
    private static Path denseModel;
    private static SparkSession spark;

    @BeforeAll
    static void trainTwoClassifiers() throws IOException {
        promoters = CsvTable.read(SharedFiles.data("promoters_dna.csv"));
        vowels = CsvTable.read(SharedFiles.data("japanese_vowels.csv"));
        HyperParameters hp = ClassifyRunner.defaultHyperParameters().withHiddenSize(8).withSteps(10);
        tokenModel = tmp.resolve("promoters");
        ClassifyRunner.train(promoters, ClassifySettings.perRow("sequence", "class").withIdColumn("id"), hp,
                RunOptions.none().withCheckpoints(tokenModel, 0));
        denseModel = tmp.resolve("vowels");
        ClassifyRunner.train(vowels, ClassifySettings.longForm("series_id", "frame", "speaker"), hp,
                RunOptions.none().withCheckpoints(denseModel, 0));
        spark = SparkLmTrainingTest.session("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static void assertSameAnswers(Predictions expected, Map<String, Row> scored, int predictedAt) {
        assertEquals(expected.ids().size(), scored.size());
        for (int i = 0; i < expected.ids().size(); i++) {
            Row r = scored.get(expected.ids().get(i));
            String id = expected.ids().get(i);
            assertEquals(expected.predictedName(i), r.getString(predictedAt), "class of " + id);
            List<Double> p = r.getList(predictedAt + 2);
            for (int k = 0; k < expected.classNames().size(); k++) {
                assertEquals(Double.doubleToLongBits(expected.probabilities()[i][k]),
                        Double.doubleToLongBits(p.get(k)), "probability " + k + " of " + id);
            }
            assertEquals(expected.probabilities()[i][expected.predicted()[i]], r.getDouble(predictedAt + 1), 0.0);
        }
    }

    @Test
    void tokenSequencesOnThreePartitionsGetTheOneMachinePredictions() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < promoters.rowCount(); i++) {
            rows.add(RowFactory.create(promoters.text(i, promoters.column("id")),
                    promoters.text(i, promoters.column("sequence"))));
        }
        // an unknown character reads as the unknown token and is counted; nothing readable gives null answers,
        // not a failed job
        String first = promoters.text(0, promoters.column("sequence"));
        rows.add(RowFactory.create("one unknown", "N" + first.substring(1)));
        rows.add(RowFactory.create("unknown", "NNN"));
        rows.add(RowFactory.create("empty", ""));
        StructType schema = new StructType().add("id", DataTypes.StringType).add("sequence", DataTypes.StringType);
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(3);
        Map<String, Row> scored = new LinkedHashMap<>();
        for (Row r : SparkClassifyScoring.score(spark, data, "sequence", tokenModel, 7).collectAsList()) {
            scored.put(r.getString(0), r);
        }
        Row oneUnknown = scored.remove("one unknown");
        assertEquals(1, oneUnknown.getInt(5));
        assertEquals(first.length(),
                ClassifierModel.load(tokenModel).encoding().tokenIds(oneUnknown.getString(1)).length);
        assertTrue(oneUnknown.getDouble(3) > 0, "a sequence with an unknown character is still classified");
        Row unknown = scored.remove("unknown");
        assertNull(unknown.get(2));
        assertEquals(3, unknown.getInt(5));
        assertNull(scored.remove("empty").get(2));

        Predictions expected = ClassifyRunner.predict(ClassifierModel.load(tokenModel), promoters);
        assertSameAnswers(expected, scored, 2);
        assertEquals(List.of("non_promoter", "promoter"), SparkClassifyScoring.classNames(tokenModel));
    }

    @Test
    void denseSequencesGetTheOneMachinePredictions() throws IOException {
        // one row per series: its frames in order, each frame's twelve raw coefficients
        Map<String, TreeMap<Integer, double[]>> series = new LinkedHashMap<>();
        for (int i = 0; i < vowels.rowCount(); i++) {
            double[] frame = new double[12];
            for (int j = 0; j < 12; j++) {
                frame[j] = vowels.number(i, vowels.column("lpc" + (j + 1)));
            }
            series.computeIfAbsent(vowels.text(i, vowels.column("series_id")), k -> new TreeMap<>())
                    .put((int) vowels.number(i, vowels.column("frame")), frame);
        }
        List<Row> rows = new ArrayList<>();
        series.forEach(
                (id, frames) -> rows.add(RowFactory.create(id, (Object) frames.values().toArray(new double[0][]))));
        StructType schema = new StructType().add("series_id", DataTypes.StringType).add("frames",
                DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)));
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(2);
        Map<String, Row> scored = new LinkedHashMap<>();
        for (Row r : SparkClassifyScoring.score(spark, data, "frames", denseModel, 64).collectAsList()) {
            scored.put(r.getString(0), r);
        }
        assertSameAnswers(ClassifyRunner.predict(ClassifierModel.load(denseModel), vowels), scored, 2);
    }

    @Test
    void aModelOfAnotherTaskIsRefusedInOneLine() throws IOException {
        Path lm = tmp.resolve("lm");
        TaskModels.save(lm, ClassifierModel.load(tokenModel).model(),
                TaskModels.taskObject("lm", "vocabulary", TextNode.valueOf("ACGT"), null), 1);
        Dataset<Row> data = spark.createDataFrame(List.of(RowFactory.create("1", "ACGT")),
                new StructType().add("id", DataTypes.StringType).add("sequence", DataTypes.StringType));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SparkClassifyScoring.score(spark, data, "sequence", lm, 64));
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(e.getMessage().contains("task 'lm', not a classification model"), e.getMessage());
    }

    @Test
    void aColumnOfTheWrongTypeIsRefusedInOneLine() {
        Dataset<Row> data = spark.createDataFrame(List.of(RowFactory.create("1", "ACGT")),
                new StructType().add("id", DataTypes.StringType).add("frames", DataTypes.StringType));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SparkClassifyScoring.score(spark, data, "frames", denseModel, 64));
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(e.getMessage().contains("holds string but"), e.getMessage());
        assertTrue(e.getMessage().contains("12 features per step"), e.getMessage());
    }
}
