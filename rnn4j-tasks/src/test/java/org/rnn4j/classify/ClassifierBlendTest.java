package org.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;

/** The blend of a classifier's network with a position-wise linear model: its weight, its run, its file. */
class ClassifierBlendTest {

    @Test
    void theWeightFollowsTheValidationCrossEntropy() {
        int[] labels = {0, 1, 1, 0};
        double[][] uniform = {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}};
        double[][] right = {{0.9, 0.1}, {0.2, 0.8}, {0.1, 0.9}, {0.7, 0.3}};
        double[][] wrongOnOne = {{0.99, 0.01}, {0.99, 0.01}, {0.01, 0.99}, {0.99, 0.01}};
        // a network that knows nothing gets no weight; a linear model that knows nothing neither
        assertEquals(0, ClassifierBlend.bestWeight(ClassifierBlend.losses(uniform, right, labels, null)));
        assertEquals(10, ClassifierBlend.bestWeight(ClassifierBlend.losses(right, uniform, labels, null)));
        // two confident models wrong on different sequences: a mix is better than either
        double[][] wrongOnOther = {{0.99, 0.01}, {0.01, 0.99}, {0.01, 0.99}, {0.01, 0.99}};
        int mixed = ClassifierBlend.bestWeight(ClassifierBlend.losses(wrongOnOne, wrongOnOther, labels, null));
        assertTrue(mixed > 0 && mixed < 10, "weight " + mixed);
        // equal models: the network's side
        assertEquals(10, ClassifierBlend.bestWeight(ClassifierBlend.losses(right, right, labels, null)));
        // the loss at weight k/10 is the cross-entropy of the mixed probabilities, class-weighted
        double[] cw = {2, 0.5};
        double[] loss = ClassifierBlend.losses(uniform, right, labels, cw);
        double expected = -(2 * Math.log(0.3 * 0.5 + 0.7 * 0.9) + 0.5 * Math.log(0.3 * 0.5 + 0.7 * 0.8)
                + 0.5 * Math.log(0.3 * 0.5 + 0.7 * 0.9) + 2 * Math.log(0.3 * 0.5 + 0.7 * 0.7)) / 5;
        assertEquals(expected, loss[3], 1e-15);
    }

    /** {@code n} rows of 10-base DNA whose class is set by bases 3 and 6 (position-wise signal), 10% flipped. */
    static CsvTable sites(int n, long seed) {
        Random rnd = new Random(seed);
        StringBuilder csv = new StringBuilder("id,class,sequence\n");
        for (int i = 0; i < n; i++) {
            char[] s = new char[10];
            for (int t = 0; t < 10; t++) {
                s[t] = "ACGT".charAt(rnd.nextInt(4));
            }
            boolean yes = s[3] == 'G' || s[6] == 'T';
            if (rnd.nextDouble() < 0.1) {
                yes = !yes;
            }
            csv.append(i).append(',').append(yes ? "yes" : "no").append(',').append(s).append('\n');
        }
        return CsvTable.parse(csv.toString(), "sites.csv");
    }

    @Test
    void aTrainedClassifierOfAlignedTokensKeepsItsBlendInItsModelDirectory(@TempDir Path dir) throws Exception {
        ClassificationData data = ClassificationData.fromCsv(sites(300, 1),
                ClassifySettings.perRow("sequence", "class").withIdColumn("id"));
        HyperParameters hp = ClassifyRunner.defaultHyperParameters().withHiddenSize(8).withLimits(120, 0, 0);
        ClassifyResult r = ClassifyRunner.train(data, hp, RunOptions.none().withCheckpoints(dir, 0));
        ClassifierBlend b = r.model().blend();
        assertNotNull(b, "aligned token sequences with a validation part get a blend");
        assertEquals(10, ((PositionLinear) b.linear()).positions());
        // the weight was chosen on out-of-fold probabilities of every training and validation sequence
        assertEquals(5, b.folds());
        assertEquals(data.train().size() + data.validation().size(), b.sequences());
        assertTrue(b.blendLoss() <= Math.min(b.networkLoss(), b.linearLoss()), b.describe());
        double[][] expected = r.model().withoutBlend().predict(data.test());
        double[][] linear = b.linear().probabilities(data.test());
        double[][] p = r.model().predict(data.test());
        for (int i = 0; i < p.length; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(b.networkWeight() * expected[i][c] + (1 - b.networkWeight()) * linear[i][c], p[i][c],
                        1e-15);
            }
        }
        assertEquals(r.model().evaluate(data.test()).accuracy(), r.test().accuracy(), "the test is scored blended");
        ClassifierModel linearOnly = r.model().withBlend(new ClassifierBlend(b.linear(), 0, 0, 0, 0));
        double[][] lp = linearOnly.predict(data.test());
        for (int i = 0; i < lp.length; i++) {
            assertArrayEquals(linear[i], lp[i], 0, "a weight of 0 is the linear model, sequence " + i);
        }

        ClassifierModel loaded = ClassifierModel.load(dir);
        assertNotNull(loaded.blend());
        assertEquals(b.networkWeight(), loaded.blend().networkWeight());
        double[][] q = loaded.predict(data.test());
        for (int i = 0; i < p.length; i++) {
            assertArrayEquals(p[i], q[i], 0, "sequence " + i);
        }

        // the run resumes from its blended checkpoint, and fits its blend again at the end
        HyperParameters longer = hp.withLimits(160, 0, 0);
        ClassifyResult resumed = ClassifyRunner.train(data, longer, RunOptions.none().withCheckpoints(dir, 0)
                .withResume(dir));
        assertEquals(160, resumed.summary().steps());
        assertNotNull(ClassifierModel.load(dir).blend());
    }

    @Test
    void outOfFoldProbabilitiesCoverEveryTrainingSequenceOnceAndOnValidationTheNetworkLossIsTrainings()
            throws Exception {
        ClassificationData data = ClassificationData.fromCsv(sites(150, 5),
                ClassifySettings.perRow("sequence", "class").withIdColumn("id"));
        HyperParameters hp = ClassifyRunner.defaultHyperParameters().withHiddenSize(4).withLimits(30, 0, 0);
        ClassifierBlend.OutOfFold oof = ClassifyRunner.outOfFold(data, hp, ClassifierHead.AUTO, 30, 1.0, null,
                RunOptions.none());
        // a time budget whose remainder would not hold five networks as long as the saved one's: none
        HyperParameters budget = hp.withLimits(30, 0, 10);
        assertNull(ClassifyRunner.outOfFold(data, budget, ClassifierHead.AUTO, 30, 2.0, null, RunOptions.none()));
        int pool = data.train().size() + data.validation().size();
        assertEquals(pool, oof.labels().length);
        int[] counts = new int[2];
        for (int y : oof.labels()) {
            counts[y]++;
        }
        int[] expected = new int[2];
        for (int[] part : new int[][] {data.train().labels(), data.validation().labels()}) {
            for (int y : part) {
                expected[y]++;
            }
        }
        assertArrayEquals(expected, counts, "each training and validation sequence once");
        for (double[] p : oof.network()) {
            assertEquals(1, p[0] + p[1], 1e-12);
        }

        // without out-of-fold probabilities the weight is chosen on the validation part, where the network's
        // loss is the one training reported
        ClassifyResult r = ClassifyRunner.train(data, hp, RunOptions.none(), ClassifierHead.AUTO,
                ClassifierBlend.Mode.OFF);
        ClassifierBlend b = ClassifierBlend.fit(r.model(), data.train(), data.validation(), null, 1);
        assertEquals(0, b.folds());
        assertEquals(data.validation().size(), b.sequences());
        assertEquals(r.model().meanLoss(data.validation(), null), b.networkLoss(), 1e-6);
    }

    @Test
    void denseSequencesBlendASummaryModelAndKeepItInTheirModelDirectory(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("id,t,class,x,y\n");
        Random rnd = new Random(6);
        for (int i = 0; i < 120; i++) {
            int label = i % 3;
            int steps = 4 + rnd.nextInt(5);
            for (int t = 0; t < steps; t++) {
                csv.append(i).append(',').append(t).append(',').append("c" + label).append(',')
                        .append(rnd.nextGaussian() + label).append(',').append(rnd.nextGaussian()).append('\n');
            }
        }
        ClassificationData data = ClassificationData.fromCsv(CsvTable.parse(csv.toString(), "series.csv"),
                ClassifySettings.longForm("id", "t", "class"));
        ClassifyResult r = ClassifyRunner.train(data, ClassifyRunner.defaultHyperParameters().withHiddenSize(4)
                .withLimits(40, 0, 0), RunOptions.none().withCheckpoints(dir, 0));
        ClassifierBlend b = r.model().blend();
        assertNotNull(b);
        assertTrue(b.linear() instanceof SummaryLinear, b.describe());
        assertTrue(new ClassifierBlend(b.linear(), 0.5, 0, 0, 0).describe()
                .startsWith("0.5 × network + 0.5 × summary linear (validation cross-entropy over 0 sequences"));
        ClassifierModel loaded = ClassifierModel.load(dir);
        double[][] p = r.model().predict(data.test());
        double[][] q = loaded.predict(data.test());
        for (int i = 0; i < p.length; i++) {
            assertArrayEquals(p[i], q[i], 0, "sequence " + i);
        }
    }

    @Test
    void offOrSequencesOfSeveralLengthsOrNoValidationMeanTheNetworkAlone() throws Exception {
        ClassifySettings settings = ClassifySettings.perRow("sequence", "class").withIdColumn("id");
        ClassificationData data = ClassificationData.fromCsv(sites(120, 2), settings);
        HyperParameters hp = ClassifyRunner.defaultHyperParameters().withHiddenSize(4).withLimits(20, 0, 0);
        assertNull(ClassifyRunner.train(data, hp, RunOptions.none(), ClassifierHead.AUTO, ClassifierBlend.Mode.OFF)
                .model().blend());
        ClassificationData noValidation = ClassificationData.fromCsv(sites(120, 2),
                settings.withValidationFraction(0));
        assertNull(ClassifyRunner.train(noValidation, hp, RunOptions.none()).model().blend());
        CsvTable ragged = CsvTable.parse("id,class,sequence\n1,a,ACGT\n2,b,ACG\n3,a,ACGTA\n4,b,CG\n5,a,ACGT\n"
                + "6,b,GG\n7,a,AC\n8,b,TTT\n9,a,ACG\n10,b,TGCA\n11,a,A\n12,b,CCC\n", "ragged.csv");
        assertNull(ClassifyRunner.train(ClassificationData.fromCsv(ragged, settings.withTestFraction(0)), hp,
                RunOptions.none()).model().blend());
    }

    @Test
    void aBlendThatDoesNotFitTheEncodingIsRefused() throws Exception {
        ClassificationData data = ClassificationData.fromCsv(sites(60, 3),
                ClassifySettings.perRow("sequence", "class").withIdColumn("id"));
        ClassifyResult r = ClassifyRunner.train(data, ClassifyRunner.defaultHyperParameters().withHiddenSize(4)
                .withLimits(10, 0, 0), RunOptions.none());
        ClassifierBlend b = r.model().blend();
        PositionLinear three = new PositionLinear(10, 4, 3, 0.1, new double[3 * 41]);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> r.model().withBlend(
                new ClassifierBlend(three, 0.5, b.networkLoss(), b.linearLoss(), b.blendLoss())));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> new ClassifierBlend(b.linear(), 1.5, b.networkLoss(), b.linearLoss(), b.blendLoss()));
    }
}
