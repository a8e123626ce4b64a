package org.rnn4j.crash;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.lm.CharCorpus;
import org.rnn4j.lm.LmResult;
import org.rnn4j.lm.LmSettings;
import org.rnn4j.lm.LmTraining;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.train.TrainingListener;

/**
 * The child process of {@link CrashSafetyTest}: trains a tiny seeded character language model with a
 * checkpoint after every step into {@code args[0]}, resuming from it when it already holds one, until
 * {@code args[1]} steps in all. Prints {@code checkpoint N} after each checkpoint it writes, so that the
 * parent can count steps rather than time them: how far a run gets in a given time depends on the machine.
 */
public final class CrashTrainingMain {

    static final String TEXT = ("First Citizen: Before we proceed any further, hear me speak.\n"
            + "All: Speak, speak.\nFirst Citizen: You are all resolved rather to die than to famish?\n").repeat(8);
    static final LmSettings SETTINGS = new LmSettings(12, 6, 100);

    private CrashTrainingMain() {
    }

    static HyperParameters hyperParameters(long steps) {
        return LmTraining.defaultHyperParameters().withHiddenSize(12).withLayers(1).withBatchSize(3).withDropout(0.1)
                .withLearningRate(1e-2).withSteps(steps).withSeed(7);
    }

    /** Trains in this process; with {@code dir} set, checkpoints every step there and resumes from it. */
    static LmResult train(Path dir, long steps, TrainingListener listener) throws Exception {
        RunOptions options = RunOptions.none();
        if (listener != null) {
            options = options.withListener(listener);
        }
        if (dir != null) {
            if (Files.exists(dir.resolve(ModelDirectory.MANIFEST))) {
                options = options.withResume(dir);
            }
            options = options.withCheckpoints(dir, 1);
        }
        return LmTraining.train(CharCorpus.split(TEXT, 0.1), hyperParameters(steps), SETTINGS, options);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long steps = Long.parseLong(args[1]);
        // a short pause per step spreads the run over time, so that kills land at every phase of a step
        train(dir, steps, new TrainingListener() {
            @Override
            public void onStep(StepEvent event) {
                sleep();
            }

            @Override
            public void onCheckpoint(int step, Path written) {
                System.out.println("checkpoint " + step);
                System.out.flush();
            }
        });
        System.out.println("done");
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
