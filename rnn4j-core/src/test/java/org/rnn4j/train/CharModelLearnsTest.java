package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.testing.SharedFiles;
import org.rnn4j.util.Rng;

/**
 * Behaviour, not pinned numbers: a seeded character-level LSTM trained for a few hundred steps on
 * 6,000 characters of Shakespeare predicts the next character much better than the text's unigram
 * distribution does (the best a model without memory of the context can do).
 */
class CharModelLearnsTest {

    @Test
    void trainingLossFallsWellBelowUnigramEntropy() throws Exception {
        String text = new String(Files.readAllBytes(SharedFiles.data("tinyshakespeare.txt")), StandardCharsets.US_ASCII)
                .substring(0, 6000);
        Map<Character, Integer> vocab = new TreeMap<>();
        for (char c : text.toCharArray()) {
            vocab.putIfAbsent(c, 0);
        }
        int id = 0;
        for (Map.Entry<Character, Integer> e : vocab.entrySet()) {
            e.setValue(id++);
        }
        int[] ids = new int[text.length()];
        long[] counts = new long[vocab.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocab.get(text.charAt(i));
            counts[ids[i]]++;
        }
        double unigram = 0;
        for (long c : counts) {
            double p = (double) c / ids.length;
            unigram -= p * Math.log(p);
        }

        RecurrentConfig rc = new RecurrentConfig(CellType.LSTM, null, 16, 64, 1, false, true, 0, false);
        SequenceModel model = new SequenceModel(
                new ModelConfig(vocab.size(), rc, vocab.size(), OutputMode.EVERY_STEP, 0, false),
                KernelProvider.get());
        Rng rng = new Rng(1234);
        Initializer.initialize(model, InitConfig.pytorch(), rng);
        Trainer trainer = new Trainer(model, OptimizerSpec.adam(1e-2).create(model.parameters()),
                LearningRateSchedule.constant(1e-2), ClipConfig.norm(5), LossKind.CROSS_ENTROPY, rng.split());
        TokenStreams data = new TokenStreams(ids, 16, 32);
        double recent = 0;
        int steps = 300;
        for (int s = 1; s <= steps; s++) {
            double loss = trainer.step(data.next()).loss();
            if (s > steps - 30) {
                recent += loss / 30;
            }
        }
        assertTrue(recent < 0.75 * unigram, "training loss " + recent + " nats is not well below the unigram entropy "
                + unigram + " nats");
    }
}
