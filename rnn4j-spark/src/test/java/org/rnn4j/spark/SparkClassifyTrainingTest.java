package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
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
import org.rnn4j.classify.ClassificationData;
import org.rnn4j.classify.ClassifierBlend;
import org.rnn4j.classify.ClassifierModel;
import org.rnn4j.classify.ClassifyResult;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.classify.ClassifySettings;
import org.rnn4j.classify.Predictions;
import org.rnn4j.data.CsvTable;
import org.rnn4j.nn.Parameter;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.testing.SharedFiles;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.StopSignal;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingLoop;

/**
 * Data-parallel classifier training against {@code ClassifyRunner.train} on one machine, on the promoter
 * sequences cut to different lengths (padding, the max-over-time head) with balanced class weights (the
 * weighted denominator), in local[1], local[2] and local[3] with uneven input partitions and a global
 * batch of 7 that 3 partitions do not divide.
 */
class SparkClassifyTrainingTest {

    private static final double RELATIVE = 1e-6;
    private static final int STEPS = 20;
    @TempDir
    static Path tmp;
    private static List<String[]> rows;
    private static Path csv;
    private static Map<String, float[]> oneMachine;

    @BeforeAll
    static void trainOnOneMachine() throws IOException {
        CsvTable promoters = CsvTable.read(SharedFiles.data("promoters_dna.csv"));
        rows = new ArrayList<>();
        StringBuilder text = new StringBuilder("id,class,sequence\n");
        for (int i = 0; i < promoters.rowCount(); i++) {
            String seq = promoters.text(i, promoters.column("sequence"));
            // lengths 20..56, so batches are padded and the head reads the maximum over time
            seq = seq.substring(0, 20 + (i * 7) % 37);
            String[] r = {promoters.text(i, promoters.column("id")), promoters.text(i, promoters.column("class")),
                seq};
            rows.add(r);
            text.append(String.join(",", r)).append('\n');
        }
        csv = tmp.resolve("cut.csv");
        Files.writeString(csv, text);
        ClassifyResult r = ClassifyRunner.train(ClassificationData.fromCsv(CsvTable.read(csv), settings()), hp(0),
                RunOptions.none());
        oneMachine = weights(r.model());
    }

    @AfterAll
    static void stop() {
        SparkLmTrainingTest.stopActiveSession();
    }

    static ClassifySettings settings() {
        return ClassifySettings.perRow("sequence", "class").withTestFraction(0).withValidationFraction(0.2)
                .withClassWeights(ClassifySettings.ClassWeights.BALANCED);
    }

    static HyperParameters hp(int patience) {
        // no dropout: the shares' masks are not the one-machine run's; clipping at 0.5 binds
        return ClassifyRunner.defaultHyperParameters().withHiddenSize(8).withDropout(0).withBatchSize(7)
                .withClip(ClipConfig.norm(0.5)).withSteps(STEPS).withPatience(patience);
    }

    static Dataset<Row> dataset(SparkSession spark, int slices) {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("class", DataTypes.StringType)
                .add("sequence", DataTypes.StringType);
        List<Row> list = new ArrayList<>();
        for (String[] r : rows) {
            list.add(RowFactory.create((Object[]) r));
        }
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(list,
                slices), schema);
    }

    static Map<String, float[]> weights(ClassifierModel model) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Parameter p : model.model().parameters()) {
            m.put(p.name(), p.value().clone());
        }
        return m;
    }

    static ClassifyResult spark(SparkSession spark, SparkOptions spread, int slices, HyperParameters hp,
            RunOptions options) throws IOException {
        return SparkClassifyTraining.train(spark, dataset(spark, slices), settings(), hp, spread, options);
    }

    @Test
    void twentyStepsEqualOneMachineInLocal1To3AndOrderedIsBitIdentical() throws IOException {
        List<Map<String, float[]>> ordered = new ArrayList<>();
        for (String master : List.of("local[1]", "local[2]", "local[3]")) {
            SparkSession spark = SparkLmTrainingTest.session(master);
            Map<String, float[]> w = weights(spark(spark, SparkOptions.ordered(3), 4, hp(0), RunOptions.none())
                    .model());
            double rel = SparkLmTrainingTest.worstRelative(w, oneMachine);
            System.out.printf("classify %s ordered, 3 partitions: worst relative difference %.3g%n", master, rel);
            assertTrue(rel <= RELATIVE, master + ": " + rel);
            ordered.add(w);
            if (master.equals("local[2]")) {
                ordered.add(weights(spark(spark, SparkOptions.ordered(3), 2, hp(0), RunOptions.none()).model()));
                Map<String, float[]> tree = weights(spark(spark, SparkOptions.tree(2), 3, hp(0), RunOptions.none())
                        .model());
                double relTree = SparkLmTrainingTest.worstRelative(tree, oneMachine);
                System.out.printf("classify %s tree, 2 partitions: worst relative difference %.3g%n", master, relTree);
                assertTrue(relTree <= RELATIVE, "tree: " + relTree);
            }
        }
        SparkLmTrainingTest.assertAllIdentical(ordered);
    }

    @Test
    void earlyStoppingStopsWhereOneMachineStopsAndKeepsTheBestWeights(@TempDir Path dir) throws IOException {
        HyperParameters hp = hp(2).withSteps(400).withLearningRate(3e-2);
        RunOptions every5 = RunOptions.none().withValidateEvery(5);
        ClassifyResult one = ClassifyRunner.train(ClassificationData.fromCsv(CsvTable.read(csv), settings()), hp,
                every5);
        SparkSession spark = SparkLmTrainingTest.session("local[2]");
        ClassifyResult r = spark(spark, SparkOptions.ordered(2), 3, hp, every5.withCheckpoints(dir, 0));
        assertEquals(TrainingLoop.EARLY_STOPPING, one.summary().stopReason());
        assertEquals(one.summary().stopReason(), r.summary().stopReason());
        assertEquals(one.summary().steps(), r.summary().steps());
        assertEquals(one.summary().bestStep(), r.summary().bestStep());
        assertTrue(r.summary().bestStep() < r.summary().steps());
        assertEquals(one.summary().bestValidationLoss(), r.summary().bestValidationLoss(),
                1e-6 * one.summary().bestValidationLoss());
        assertTrue(SparkLmTrainingTest.worstRelative(weights(r.model()), weights(one.model())) <= RELATIVE);
        // the directory serves the best weights, and the one-machine tools read it
        ClassifierModel loaded = ClassifierModel.load(dir);
        Map<String, float[]> served = weights(loaded);
        Map<String, float[]> ended = weights(r.model());
        for (String name : ended.keySet()) {
            assertArrayEquals(ended.get(name), served.get(name), 0f, name);
        }
        Predictions p = ClassifyRunner.predict(loaded, CsvTable.read(csv));
        assertEquals(rows.size(), p.ids().size());
    }

    @Test
    void sequencesOfOneLengthGetTheLinearBlendAsOnOneMachine(@TempDir Path dir) throws IOException {
        // the promoters at their full 57 bases: the position-wise model applies
        CsvTable full = CsvTable.read(SharedFiles.data("promoters_dna.csv"));
        StructType schema = new StructType().add("class", DataTypes.StringType).add("sequence", DataTypes.StringType);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < full.rowCount(); i++) {
            list.add(RowFactory.create(full.text(i, full.column("class")), full.text(i, full.column("sequence"))));
        }
        SparkSession spark = SparkLmTrainingTest.session("local[2]");
        Dataset<Row> data = spark.createDataFrame(list, schema).repartition(3);
        ClassifyResult r = SparkClassifyTraining.train(spark, data, settings(), hp(0), SparkOptions.ordered(3),
                RunOptions.none().withCheckpoints(dir, 0), ClassifierBlend.Mode.AUTO);
        ClassifierBlend blend = r.model().blend();
        assertNotNull(blend, "a position-wise blend for sequences of one length");
        assertEquals(0, blend.folds(), "the weight is chosen on the validation part");
        assertEquals(22, blend.sequences(), "the validation part: round(0.2 · 53) of each class");
        ClassifierModel loaded = ClassifierModel.load(dir);
        assertEquals(blend.networkWeight(), loaded.blend().networkWeight());
        Predictions a = ClassifyRunner.predict(r.model(), full);
        Predictions b = ClassifyRunner.predict(loaded, full);
        for (int i = 0; i < a.ids().size(); i++) {
            assertArrayEquals(a.probabilities()[i], b.probabilities()[i], 0.0);
        }
        ClassifyResult off = SparkClassifyTraining.train(spark, data, settings(), hp(0), SparkOptions.ordered(3),
                RunOptions.none(), ClassifierBlend.Mode.OFF);
        assertNull(off.model().blend());
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne(@TempDir Path tmpDir) throws IOException {
        SparkSession spark = SparkLmTrainingTest.session("local[2]");
        Map<String, float[]> whole = weights(spark(spark, SparkOptions.ordered(3), 3, hp(0), RunOptions.none())
                .model());
        Path dir = tmpDir.resolve("run");
        StopSignal stop = new StopSignal();
        TrainingListener stopAfter8 = new TrainingListener() {
            @Override
            public void onStep(StepEvent event) {
                if (event.result().step() == 8) {
                    stop.request();
                }
            }
        };
        ClassifyResult first = spark(spark, SparkOptions.ordered(3), 3, hp(0),
                RunOptions.none().withCheckpoints(dir, 5).withListener(stopAfter8).withStop(stop));
        assertEquals(8, first.summary().steps());
        ClassifyResult resumed = spark(spark, SparkOptions.ordered(3), 3, hp(0),
                RunOptions.none().withCheckpoints(dir, 5).withResume(dir));
        assertEquals(STEPS, resumed.summary().steps());
        Map<String, float[]> w = weights(resumed.model());
        for (String name : w.keySet()) {
            assertArrayEquals(whole.get(name), w.get(name), 0f, name);
        }
    }

    @Test
    void badInputIsOneLineAndNothingIsWritten(@TempDir Path tmpDir) {
        SparkSession spark = SparkLmTrainingTest.session("local[2]");
        Path dir = tmpDir.resolve("run");
        RunOptions options = RunOptions.none().withCheckpoints(dir, 5);
        InvalidInputException small = assertThrows(InvalidInputException.class,
                () -> spark(spark, SparkOptions.ordered(8), 3, hp(0), options));
        assertEquals("the global batch of 7 sequences is smaller than the 8 partitions: every partition needs at"
                + " least one (raise --batch or lower --partitions)", small.getMessage());
        InvalidInputException test = assertThrows(InvalidInputException.class,
                () -> SparkClassifyTraining.train(spark, dataset(spark, 2), ClassifySettings.perRow("sequence",
                        "class"), hp(0), SparkOptions.ordered(2), options));
        assertTrue(test.getMessage().startsWith("the Dataset is the training data"), test.getMessage());
        InvalidInputException column = assertThrows(InvalidInputException.class,
                () -> SparkClassifyTraining.train(spark, dataset(spark, 2), ClassifySettings.perRow("dna", "class")
                        .withTestFraction(0), hp(0), SparkOptions.ordered(2), options));
        assertEquals("no column 'dna' in the data; it has id, class, sequence", column.getMessage());
        List<Row> single = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            single.add(RowFactory.create("s" + i, i == 0 ? "rare" : "common", "ACGTACGT"));
        }
        StructType schema = new StructType().add("id", DataTypes.StringType).add("class", DataTypes.StringType)
                .add("sequence", DataTypes.StringType);
        InvalidInputException lone = assertThrows(InvalidInputException.class,
                () -> SparkClassifyTraining.train(spark, spark.createDataFrame(single, schema), settings(),
                        hp(0).withBatchSize(2), SparkOptions.ordered(2), options));
        assertTrue(lone.getMessage().contains("class 'rare' has a single training sequence (row 1)"),
                lone.getMessage());
        for (InvalidInputException e : List.of(small, test, column, lone)) {
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        assertTrue(Files.notExists(dir));
    }
}
