package org.rnn4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.testing.GradCheck;

/**
 * Class-weighted cross-entropy (PyTorch's {@code F.cross_entropy(weight=w)}): the value against a
 * hand computation, its gradient by central differences on the logits and through a whole
 * bidirectional many-to-one model, and unit weights giving the bits of the unweighted loss.
 */
class WeightedCrossEntropyTest {

    @Test
    void theLossIsTheWeightedMeanOfTheRowLosses() {
        // row 0: logits (0, ln 3) target 1 → -log(3/4); row 1: logits (0, 0) target 0 → log 2; row 2 ignored
        float[] logits = {0f, (float) Math.log(3), 0f, 0f, 5f, -5f};
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        ce.setClassWeights(new double[] {3, 1});
        double loss = ce.forward(logits, 3, 2, new int[] {1, 0, SoftmaxCrossEntropy.IGNORE});
        double l0 = -Math.log(3.0 / (1 + 3.0));
        double l1 = Math.log(2);
        assertEquals((1 * l0 + 3 * l1) / (1 + 3), loss, 1e-7);
        // dL/dz[1,0] = w0·(softmax - 1)/Σw = 3·(0.5 - 1)/4
        assertEquals(3 * (0.5 - 1) / 4, ce.backward()[2], 1e-7);
        assertEquals(0f, ce.backward()[4]);
        assertEquals(0f, ce.backward()[5]);
    }

    @Test
    void gradientMatchesCentralDifferences() {
        for (int rows : new int[] {1, 6}) {
            Random rnd = new Random(40 + rows);
            int classes = 4;
            float[] logits = GradCheck.random(rnd, rows * classes, 3.0);
            int[] targets = new int[rows];
            for (int r = 0; r < rows; r++) {
                targets[r] = rnd.nextInt(classes);
            }
            if (rows > 1) {
                targets[2] = SoftmaxCrossEntropy.IGNORE;
                targets[3] = 3;   // class 3 weighs 0: its row must get no gradient
            }
            SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
            ce.setClassWeights(new double[] {0.4, 2.5, 1.0, rows > 1 ? 0 : 1.5});
            DoubleSupplier loss = () -> ce.forward(logits, rows, classes, targets);
            loss.getAsDouble();
            GradCheck.check("weighted cross-entropy, " + rows + " rows", logits, ce.backward().clone(), loss, 50, 3);
            if (rows > 1) {
                loss.getAsDouble();
                for (int v = 0; v < classes; v++) {
                    assertEquals(0f, ce.backward()[3 * classes + v], "a zero-weight class's row");
                }
            }
        }
    }

    @Test
    void gradientThroughABidirectionalManyToOneModel() {
        Random rnd = new Random(7);
        int steps = 5;
        int batch = 4;
        int vocab = 4;
        int classes = 3;
        RecurrentConfig rc = new RecurrentConfig(CellType.GRU, null, 3, 4, 1, true, true, 0, false);
        SequenceModel model = new SequenceModel(new ModelConfig(vocab, rc, classes, OutputMode.LAST_STEP, 0, false),
                KernelProvider.scalar());
        for (Parameter p : model.parameters()) {
            p.set(GradCheck.random(rnd, p.size(), 0.5));
        }
        int[] ids = new int[steps * batch];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rnd.nextInt(vocab);
        }
        int[] lengths = {5, 2, 4, 1};
        int[] targets = {0, 2, 2, 1};
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        ce.setClassWeights(new double[] {0.5, 3.0, 1.25});
        DoubleSupplier loss = () -> ce.forward(model.forwardTokens(ids, steps, batch, lengths, null), batch, classes,
                targets);
        loss.getAsDouble();
        model.zeroGrad();
        model.backward(ce.backward());
        for (Parameter p : model.parameters()) {
            GradCheck.check("weighted " + p.name(), p, loss, 25, 5);
        }
    }

    @Test
    void unitWeightsGiveTheBitsOfTheUnweightedLoss() {
        Random rnd = new Random(9);
        int rows = 37;
        int classes = 5;
        float[] logits = GradCheck.random(rnd, rows * classes, 4.0);
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) {
            targets[r] = rnd.nextInt(9) == 0 ? SoftmaxCrossEntropy.IGNORE : rnd.nextInt(classes);
        }
        SoftmaxCrossEntropy plain = new SoftmaxCrossEntropy();
        double expected = plain.forward(logits, rows, classes, targets);
        float[] expectedGrad = Arrays.copyOf(plain.backward(), rows * classes);
        SoftmaxCrossEntropy weighted = new SoftmaxCrossEntropy();
        weighted.setClassWeights(new double[] {1, 1, 1, 1, 1});
        assertEquals(expected, weighted.forward(logits, rows, classes, targets), 1e-12);
        assertArrayEquals(expectedGrad, Arrays.copyOf(weighted.backward(), rows * classes), 1e-7f);
        weighted.setClassWeights(null);
        assertEquals(Double.doubleToLongBits(expected),
                Double.doubleToLongBits(weighted.forward(logits, rows, classes, targets)));
    }

    @Test
    void badWeightsAreRefused() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        assertThrows(IllegalArgumentException.class, () -> ce.setClassWeights(new double[] {1, -1}));
        assertThrows(IllegalArgumentException.class, () -> ce.setClassWeights(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> ce.setClassWeights(new double[] {1, Double.NaN}));
        ce.setClassWeights(new double[] {1, 2});
        assertThrows(InvalidInputException.class, () -> ce.forward(new float[3], 1, 3, new int[] {0}));
    }
}
