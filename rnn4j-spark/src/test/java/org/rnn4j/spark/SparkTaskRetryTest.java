package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.classify.ClassifySettings;
import org.rnn4j.data.CsvTable;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.testing.SharedFiles;

/**
 * The "a lost executor or task retry changes no result, since a step's inputs are fixed": in
 * local[2,3] (Spark retries a failed task up to 3 times) one task's first attempt throws, and the run
 * ends with the bits of the run where nothing failed.
 */
class SparkTaskRetryTest {

    @TempDir
    static Path tmp;
    private static SparkSession spark;

    /** Rows the failing first attempts were at: the retried task's work. */
    private static final AtomicInteger FAILED = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        spark = SparkLmTrainingTest.session("local[2,3]");
        SparkLmTrainingTest.trainOnOneMachine();
    }

    @AfterEach
    void removeTheHook() {
        LmShareWorker.testHook = null;
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aShareRetriedAfterItsFirstAttemptFailedGivesTheSameWeightsBitForBit() throws IOException {
        Map<String, float[]> clean = SparkLmTrainingTest.weights(SparkLmTrainingTest.spark(spark, SparkOptions
                .ordered(3), 3, RunOptions.none()).model());
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        LmShareWorker.testHook = (step, share) -> {
            if (step == 5 && share == 1) {
                int attempt = TaskContext.get().attemptNumber();
                attempts.add(attempt);
                if (attempt == 0) {
                    throw new IllegalStateException("test: the first attempt of share 1 at step 5 is lost");
                }
            }
        };
        Map<String, float[]> retried = SparkLmTrainingTest.weights(SparkLmTrainingTest.spark(spark, SparkOptions
                .ordered(3), 3, RunOptions.none()).model());
        assertEquals(List.of(0, 1), attempts, "share 1 of step 5: a failed attempt, then its retry");
        assertEquals(clean.keySet(), retried.keySet());
        for (Map.Entry<String, float[]> e : clean.entrySet()) {
            assertArrayEquals(e.getValue(), retried.get(e.getKey()), e.getKey());
        }
    }

    @Test
    void aClassificationTaskRetriedMidPartitionGivesTheSamePredictionsBitForBit() throws IOException {
        CsvTable promoters = CsvTable.read(SharedFiles.data("promoters_dna.csv"));
        HyperParameters hp = ClassifyRunner.defaultHyperParameters().withHiddenSize(8).withSteps(5);
        Path model = tmp.resolve("promoters");
        ClassifyRunner.train(promoters, ClassifySettings.perRow("sequence", "class").withIdColumn("id"), hp,
                RunOptions.none().withCheckpoints(model, 0));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < promoters.rowCount(); i++) {
            rows.add(RowFactory.create(promoters.text(i, promoters.column("id")), promoters.text(i, promoters.column(
                    "sequence"))));
        }
        StructType schema = new StructType().add("id", DataTypes.StringType).add("sequence", DataTypes.StringType);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Row> clean = SparkClassifyScoring.score(spark, spark.createDataFrame(sc.parallelize(rows, 3), schema),
                "sequence", model, 2).collectAsList();

        // partition 1's third row, read after its first block of 2 was classified: the attempt dies mid-partition
        String victim = rows.get(rows.size() / 3 + 2).getString(0);
        JavaRDD<Row> failing = sc.parallelize(rows, 3).map(r -> {
            TaskContext t = TaskContext.get();
            if (t.attemptNumber() == 0 && t.partitionId() == 1 && r.getString(0).equals(victim)) {
                FAILED.incrementAndGet();
                throw new IllegalStateException("test: the first attempt of partition 1 is lost");
            }
            return r;
        });
        Dataset<Row> data = spark.createDataFrame(failing, schema);
        List<Row> retried = SparkClassifyScoring.score(spark, data, "sequence", model, 2).collectAsList();
        assertEquals(1, FAILED.get(), "one failed attempt");
        assertEquals(clean.size(), retried.size());
        for (int i = 0; i < clean.size(); i++) {
            Row a = clean.get(i);
            Row b = retried.get(i);
            assertEquals(a.getString(0), b.getString(0));
            assertEquals(a.getString(2), b.getString(2), a.getString(0));
            List<Double> pa = a.getList(4);
            List<Double> pb = b.getList(4);
            for (int k = 0; k < pa.size(); k++) {
                assertEquals(Double.doubleToLongBits(pa.get(k)), Double.doubleToLongBits(pb.get(k)), a.getString(0));
            }
        }
    }
}
