package org.rnn4j.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.nn.Parameter;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.train.TrainingListener;

class LmTrainingTest {

    private static final String TEXT = ("First Citizen: Before we proceed any further, hear me speak.\n"
            + "All: Speak, speak.\nFirst Citizen: You are all resolved rather to die than to famish?\n").repeat(12);

    private static HyperParameters small(long steps) {
        return LmTraining.defaultHyperParameters().withHiddenSize(24).withLayers(1).withBatchSize(4).withDropout(0.1)
                .withLearningRate(1e-2).withSteps(steps);
    }

    private static final LmSettings SETTINGS = new LmSettings(16, 8, 200);

    /** Records every step's loss. */
    private static final class Losses implements TrainingListener {
        final List<Double> values = new ArrayList<>();

        @Override
        public void onStep(StepEvent event) {
            values.add(event.result().loss());
        }
    }

    /** Stands for the process being killed. */
    private static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void learnsTheTextAndScoresTheWholeValidationPart(@TempDir Path dir) throws Exception {
        CharCorpus corpus = CharCorpus.split(TEXT, 0.1);
        LmResult r = LmTraining.train(corpus, small(150), SETTINGS, RunOptions.none().withCheckpoints(dir, 0));
        double unigram = Vocabulary.unigramEntropy(corpus.train(), corpus.vocabulary().size());
        assertEquals(150, r.summary().steps());
        assertEquals(corpus.validation().length - 1, r.validation().predictions());
        assertTrue(r.validation().loss() < 0.6 * unigram,
                "validation " + r.validation().loss() + " vs unigram " + unigram);
        LanguageModel loaded = LanguageModel.load(dir);
        assertEquals(corpus.vocabulary().symbols(), loaded.vocabulary().symbols());
        assertEquals(r.validation().loss(), LmEvaluator.evaluate(loaded.model(), corpus.validation(), 0).loss(), 1e-9);
    }

    @Test
    void resumingContinuesBitForBit(@TempDir Path dir) throws Exception {
        CharCorpus corpus = CharCorpus.split(TEXT, 0.1);
        Losses straight = new Losses();
        LmResult whole = LmTraining.train(corpus, small(30), SETTINGS, RunOptions.none().withListener(straight));

        // the same run, killed right after its checkpoint at step 13
        Losses first = new Losses();
        TrainingListener kill = new TrainingListener() {
            @Override
            public void onCheckpoint(int step, Path where) {
                throw new Interrupted();
            }
        };
        assertThrows(Interrupted.class, () -> LmTraining.train(corpus, small(30), SETTINGS,
                RunOptions.none().withListener(first).withListener(kill).withCheckpoints(dir, 13)));
        assertEquals(13, first.values.size());
        Losses second = new Losses();
        LmResult resumed = LmTraining.train(corpus, small(30), SETTINGS,
                RunOptions.none().withListener(second).withResume(dir));
        List<Double> joined = new ArrayList<>(first.values);
        joined.addAll(second.values);
        assertEquals(straight.values, joined);
        for (Parameter p : whole.model().model().parameters()) {
            assertArrayEquals(p.value(), resumed.model().model().namedParameters().get(p.name()).value(), 0f, p.name());
        }
    }

    @Test
    void refusesToResumeAnotherRun(@TempDir Path dir) throws Exception {
        CharCorpus corpus = CharCorpus.split(TEXT, 0.1);
        LmTraining.train(corpus, small(3), SETTINGS, RunOptions.none().withCheckpoints(dir, 0));
        RunOptions resume = RunOptions.none().withResume(dir);
        assertThrows(InvalidInputException.class,
                () -> LmTraining.train(CharCorpus.split(TEXT + "x", 0.1), small(6), SETTINGS, resume), "other data");
        assertThrows(InvalidInputException.class,
                () -> LmTraining.train(corpus, small(6).withBatchSize(5), SETTINGS, resume), "other batch");
        assertThrows(InvalidInputException.class,
                () -> LmTraining.train(corpus, small(6).withHiddenSize(20), SETTINGS, resume), "other architecture");
        assertThrows(InvalidInputException.class,
                () -> LmTraining.train(corpus, small(6), SETTINGS.withSequenceLength(8), resume), "other chunk");
        assertThrows(InvalidInputException.class,
                () -> LmTraining.train(corpus, small(6).withBidirectional(true), SETTINGS, RunOptions.none()));
    }
}
