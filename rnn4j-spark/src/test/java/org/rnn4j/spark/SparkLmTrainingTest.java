package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;
import org.rnn4j.lm.CharCorpus;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.lm.LmResult;
import org.rnn4j.lm.LmSettings;
import org.rnn4j.lm.LmTraining;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.train.StopSignal;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingLoop;

/**
 * Data-parallel language-model training on Spark against one machine: the same global batches of 7
 * streams (shares of 2, 2 and 3 over 3 partitions; 3 and 4 over 2), 20 steps of Adam with norm
 * clipping that binds, in local[1], local[2] and local[3].
 */
class SparkLmTrainingTest {

    /** The bound on |spark - one machine| relative to the parameter's largest value. */
    private static final double RELATIVE = 1e-6;
    private static final int STEPS = 20;

    private static List<String> lines;
    private static Map<String, float[]> oneMachine;

    @BeforeAll
    static void trainOnOneMachine() throws IOException {
        lines = SparkTestTexts.lines(300, 5);
        CharCorpus corpus = CharCorpus.split(String.join("", lines), 0.1);
        LmResult r = LmTraining.train(corpus, hp(CellType.LSTM, STEPS), settings(), RunOptions.none());
        oneMachine = weights(r.model());
    }

    @AfterAll
    static void stop() {
        stopActiveSession();
    }

    /** Stops the session a test class left running, if any. */
    static void stopActiveSession() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    static HyperParameters hp(CellType cell, long steps) {
        // clipping at 0.5 binds on most of the 20 steps, so the driver's clipping is exercised
        return HyperParameters.builder(cell, OptimizerSpec.adam(1e-2)).hiddenSize(12).layers(2).batchSize(7)
                .clip(ClipConfig.norm(0.5)).maxSteps(steps).seed(3).patience(0).build();
    }

    static LmSettings settings() {
        return new LmSettings(9, 6, 200);
    }

    static SparkSession session(String master) {
        stopActiveSession();
        return SparkSession.builder().master(master).appName("rnn4j-test").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "3").getOrCreate();
    }

    static JavaRDD<String> text(SparkSession spark, int slices) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(lines, slices);
    }

    static Map<String, float[]> weights(LanguageModel model) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Parameter p : model.model().parameters()) {
            m.put(p.name(), p.value().clone());
        }
        return m;
    }

    /** max |a - b| / max |b| over each parameter, the largest over parameters. */
    static double worstRelative(Map<String, float[]> a, Map<String, float[]> b) {
        double worst = 0;
        for (Map.Entry<String, float[]> e : b.entrySet()) {
            float[] x = a.get(e.getKey());
            float[] y = e.getValue();
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < y.length; i++) {
                scale = Math.max(scale, Math.abs(y[i]));
                diff = Math.max(diff, Math.abs((double) x[i] - y[i]));
            }
            worst = Math.max(worst, diff / scale);
        }
        return worst;
    }

    static LmResult spark(SparkSession spark, SparkOptions spread, int slices, RunOptions options) throws IOException {
        return SparkLmTraining.train(spark, text(spark, slices), 0.1, hp(CellType.LSTM, STEPS), settings(), spread,
                options);
    }

    @Test
    void twentyAdamStepsEqualOneMachineInLocal1To3AndOrderedIsBitIdentical() throws IOException {
        List<Map<String, float[]>> ordered = new ArrayList<>();
        for (String master : List.of("local[1]", "local[2]", "local[3]")) {
            SparkSession spark = session(master);
            Map<String, float[]> w = weights(spark(spark, SparkOptions.ordered(3), 4, RunOptions.none()).model());
            double rel = worstRelative(w, oneMachine);
            System.out.printf("%s ordered, 3 partitions: worst relative difference %.3g%n", master, rel);
            assertTrue(rel <= RELATIVE, master + ": " + rel);
            ordered.add(w);
            if (master.equals("local[2]")) {
                Map<String, float[]> again = weights(spark(spark, SparkOptions.ordered(3), 2, RunOptions.none())
                        .model());
                ordered.add(again);
                Map<String, float[]> two = weights(spark(spark, SparkOptions.ordered(2), 3, RunOptions.none())
                        .model());
                double rel2 = worstRelative(two, oneMachine);
                System.out.printf("%s ordered, 2 partitions: worst relative difference %.3g%n", master, rel2);
                assertTrue(rel2 <= RELATIVE, "2 partitions: " + rel2);
            }
            if (master.equals("local[3]")) {
                Map<String, float[]> tree = weights(spark(spark, SparkOptions.tree(3), 4, RunOptions.none()).model());
                double relTree = worstRelative(tree, oneMachine);
                System.out.printf("%s tree, 3 partitions: worst relative difference %.3g%n", master, relTree);
                assertTrue(relTree <= RELATIVE, "tree: " + relTree);
            }
        }
        assertAllIdentical(ordered);
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneAndSampleToolsReadTheDirectory(@TempDir Path tmp) throws IOException {
        SparkSession spark = session("local[2]");
        Map<String, float[]> whole = weights(spark(spark, SparkOptions.ordered(3), 3, RunOptions.none()).model());
        Path dir = tmp.resolve("run");
        StopSignal stop = new StopSignal();
        TrainingListener stopAfter8 = new TrainingListener() {
            @Override
            public void onStep(StepEvent event) {
                if (event.result().step() == 8) {
                    stop.request();
                }
            }
        };
        LmResult first = spark(spark, SparkOptions.ordered(3), 3,
                RunOptions.none().withCheckpoints(dir, 5).withListener(stopAfter8).withStop(stop));
        assertEquals(8, first.summary().steps());
        LmResult resumed = spark(spark, SparkOptions.ordered(3), 3,
                RunOptions.none().withCheckpoints(dir, 5).withResume(dir));
        assertEquals(STEPS, resumed.summary().steps());
        Map<String, float[]> w = weights(resumed.model());
        for (String name : w.keySet()) {
            assertArrayEquals(whole.get(name), w.get(name), 0f, name);
        }
        // the one-machine loader reads what the driver wrote
        Map<String, float[]> loaded = weights(LanguageModel.load(dir));
        for (String name : w.keySet()) {
            assertArrayEquals(w.get(name), loaded.get(name), 0f, name);
        }
    }

    @Test
    void aGlobalBatchSmallerThanThePartitionsIsRefusedAndNothingIsWritten(@TempDir Path tmp) {
        SparkSession spark = session("local[2]");
        Path dir = tmp.resolve("run");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> spark(spark,
                SparkOptions.ordered(8), 3, RunOptions.none().withCheckpoints(dir, 5)));
        assertEquals("the global batch of 7 sequences is smaller than the 8 partitions: every partition needs at"
                + " least one (raise --batch or lower --partitions)", e.getMessage());
        assertTrue(Files.notExists(dir));
    }

    @Test
    void anUnreadableDataPathIsOneLineAndNothingIsWritten(@TempDir Path tmp) {
        SparkSession spark = session("local[2]");
        Path dir = tmp.resolve("run");
        String missing = tmp.resolve("no-such-text.txt").toString();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SparkLmTraining.train(spark, SparkLmTraining.readText(spark, missing), 0.1,
                        hp(CellType.LSTM, STEPS), settings(), SparkOptions.ordered(2),
                        RunOptions.none().withCheckpoints(dir, 5)));
        assertTrue(e.getMessage().startsWith("cannot read the text: ") && e.getMessage().contains(missing),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(Files.notExists(dir));
    }

    @Test
    void earlyStoppingStopsWhereOneMachineStops() throws IOException {
        HyperParameters hp = HyperParameters.builder(CellType.GRU, OptimizerSpec.adam(3e-2)).hiddenSize(32)
                .layers(1).batchSize(4).clip(ClipConfig.norm(1)).maxSteps(600).seed(3).patience(2).build();
        RunOptions every10 = RunOptions.none().withValidateEvery(10);
        CharCorpus corpus = CharCorpus.split(String.join("", lines), 0.1);
        LmResult one = LmTraining.train(corpus, hp, settings(), every10);
        SparkSession spark = session("local[2]");
        LmResult r = SparkLmTraining.train(spark, text(spark, 3), 0.1, hp, settings(), SparkOptions.ordered(2),
                every10);
        System.out.printf("LM early stopping: one machine %s at %d (best %d), Spark %s at %d (best %d)%n",
                one.summary().stopReason(), one.summary().steps(), one.summary().bestStep(),
                r.summary().stopReason(), r.summary().steps(), r.summary().bestStep());
        assertEquals(TrainingLoop.EARLY_STOPPING, one.summary().stopReason());
        assertEquals(one.summary().stopReason(), r.summary().stopReason());
        assertEquals(one.summary().steps(), r.summary().steps());
        assertEquals(one.summary().bestStep(), r.summary().bestStep());
        assertTrue(worstRelative(weights(r.model()), weights(one.model())) <= RELATIVE);
    }

    /** Every run's weights equal the first's bit for bit. */
    static void assertAllIdentical(List<Map<String, float[]>> runs) {
        for (Map<String, float[]> w : runs.subList(1, runs.size())) {
            for (String name : w.keySet()) {
                assertArrayEquals(runs.get(0).get(name), w.get(name), 0f, name);
            }
        }
    }
}
