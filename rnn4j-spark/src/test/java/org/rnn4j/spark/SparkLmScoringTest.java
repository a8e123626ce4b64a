package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.rnn4j.lm.CharCorpus;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.lm.LmTraining;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.serve.Predictor;
import org.rnn4j.task.TaskModels;
import org.rnn4j.task.RunOptions;

/** Distributed language-model scoring against the Java Predictor on one thread. */
class SparkLmScoringTest {

    private static final int SEQUENCES = 100_000;

    @TempDir
    static Path tmp;
    private static Path modelDir;
    private static SparkSession spark;

    @BeforeAll
    static void trainAModel() throws IOException {
        List<String> lines = SparkTestTexts.lines(400, 11);
        CharCorpus corpus = CharCorpus.split(String.join("", lines), 0.1);
        LanguageModel model = LmTraining.train(corpus, SparkLmTrainingTest.hp(CellType.GRU, 30),
                SparkLmTrainingTest.settings(), RunOptions.none()).model();
        modelDir = tmp.resolve("lm");
        model.save(modelDir, 3);
        spark = SparkLmTrainingTest.session("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> texts(List<String> texts, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create((long) i, texts.get(i)));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("text", DataTypes.StringType);
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    @Test
    void scoring100000SequencesOnTwoPartitionsGivesThePredictorsScores() throws IOException {
        // the texts include one with an unseen character ('z') and an empty one
        List<String> texts = new ArrayList<>(SparkTestTexts.lines(SEQUENCES - 2, 12, 1, 3));
        texts.add("zebra bead.");
        texts.add("");
        long t0 = System.nanoTime();
        List<Row> scored = SparkLmScoring.score(spark, texts(texts, 2), "text", modelDir, 64).collectAsList();
        double sparkSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(SEQUENCES, scored.size());

        LanguageModel lm = LanguageModel.load(modelDir);
        LmSequenceScorer.Score[] expected = new LmSequenceScorer.Score[texts.size()];
        t0 = System.nanoTime();
        new LmSequenceScorer(Predictor.load(modelDir).newSession(64), lm.vocabulary()).score(texts, 0, texts.size(),
                expected);
        double oneThread = (System.nanoTime() - t0) / 1e9;
        System.out.printf("scored %d sequences: local[2], 2 partitions %.2f s; one thread %.2f s%n", SEQUENCES,
                sparkSeconds, oneThread);
        for (Row r : scored) {
            int i = (int) r.getLong(0);
            LmSequenceScorer.Score e = expected[i];
            assertEquals(texts.get(i), r.getString(1));
            assertEquals(e.characters(), r.getInt(2), "characters of " + i);
            assertEquals(e.skipped(), r.getInt(3), "skipped of " + i);
            assertEquals(Double.doubleToLongBits(e.loss()), Double.doubleToLongBits(r.getDouble(4)), "loss of " + i);
            assertEquals(e.next(), r.getString(6), "next of " + i);
        }
        assertEquals(1, expected[SEQUENCES - 2].skipped());
        assertTrue(Double.isNaN(expected[SEQUENCES - 1].loss()));
    }

    @Test
    void blocksOfStreamsScoreAsOneStreamAtATime() throws IOException {
        List<String> texts = SparkTestTexts.lines(300, 13);
        LanguageModel lm = LanguageModel.load(modelDir);
        LmSequenceScorer.Score[] block = new LmSequenceScorer.Score[texts.size()];
        LmSequenceScorer.Score[] single = new LmSequenceScorer.Score[texts.size()];
        new LmSequenceScorer(Predictor.load(modelDir).newSession(64), lm.vocabulary()).score(texts, 0, texts.size(),
                block);
        new LmSequenceScorer(Predictor.load(modelDir).newSession(1), lm.vocabulary()).score(texts, 0, texts.size(),
                single);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(single[i].loss(), block[i].loss(), 1e-6 * single[i].loss(), "loss of " + i);
            assertEquals(single[i].next(), block[i].next(), "next of " + i);
            assertEquals(single[i].characters(), block[i].characters());
        }
    }

    @Test
    void aModelOfAnotherTaskIsRefusedInOneLine() throws IOException {
        Path other = tmp.resolve("forecast");
        LanguageModel lm = LanguageModel.load(modelDir);
        TaskModels.save(other, lm.model(), TaskModels.taskObject("forecast", "target", null, null), 1);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SparkLmScoring.score(spark, texts(List.of("abc"), 1), "text", other, 64));
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(e.getMessage().contains("forecast"), e.getMessage());
    }
}
