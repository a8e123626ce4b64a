package org.rnn4j.nn;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.testing.GradCheck;

/** Central-difference checks of Linear, Embedding and both losses, including one-row cases. */
class LayerGradientTest {

    @Test
    void linearWeightBiasAndInput() {
        for (int rows : new int[] {1, 5}) {
            Random rnd = new Random(rows);
            Linear lin = new Linear("l.", 4, 3, true, KernelProvider.scalar());
            lin.weight().set(GradCheck.random(rnd, 12, 0.7));
            lin.bias().set(GradCheck.random(rnd, 3, 0.7));
            float[] x = GradCheck.random(rnd, rows * 4, 1.0);
            float[] w = GradCheck.random(rnd, rows * 3, 1.0);
            java.util.function.DoubleSupplier loss = () -> GradCheck.dot(lin.forward(x, rows), w, rows * 3);
            loss.getAsDouble();
            float[] dx = lin.backward(w).clone();
            GradCheck.check("linear weight", lin.weight(), loss, 50, 1);
            GradCheck.check("linear bias", lin.bias(), loss, 50, 2);
            GradCheck.check("linear input", x, dx, loss, 50, 3);
        }
    }

    @Test
    void embeddingRowsReceiveOnlyTheirTokens() {
        Random rnd = new Random(3);
        Embedding emb = new Embedding("e.", 6, 3);
        emb.weight().set(GradCheck.random(rnd, 18, 1.0));
        int[] tokens = {2, 5, 2, 0};
        float[] w = GradCheck.random(rnd, 12, 1.0);
        java.util.function.DoubleSupplier loss = () -> GradCheck.dot(emb.forward(tokens, 4), w, 12);
        loss.getAsDouble();
        emb.backward(w);
        GradCheck.check("embedding", emb.weight(), loss, 18, 4);
        for (int j = 0; j < 3; j++) {
            org.junit.jupiter.api.Assertions.assertEquals(0f, emb.weight().grad()[1 * 3 + j], "row 1 is never used");
        }
    }

    @Test
    void crossEntropyLogits() {
        for (int rows : new int[] {1, 4}) {
            Random rnd = new Random(10 + rows);
            float[] logits = GradCheck.random(rnd, rows * 5, 3.0);
            int[] targets = new int[rows];
            for (int r = 0; r < rows; r++) {
                targets[r] = rnd.nextInt(5);
            }
            if (rows > 1) {
                targets[1] = SoftmaxCrossEntropy.IGNORE;
            }
            SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
            java.util.function.DoubleSupplier loss = () -> ce.forward(logits, rows, 5, targets);
            loss.getAsDouble();
            GradCheck.check("cross-entropy", logits, ce.backward().clone(), loss, 50, 5);
        }
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        double l = ce.forward(new float[] {1000f, 0f, -1000f}, 1, 3, new int[] {1});
        org.junit.jupiter.api.Assertions.assertEquals(1000.0, l, 1e-9);
        for (float g : ce.backward()) {
            org.junit.jupiter.api.Assertions.assertTrue(Float.isFinite(g));
        }
    }

    @Test
    void meanSquaredError() {
        Random rnd = new Random(7);
        float[] p = GradCheck.random(rnd, 6, 1.0);
        float[] y = GradCheck.random(rnd, 6, 1.0);
        MeanSquaredError mse = new MeanSquaredError();
        java.util.function.DoubleSupplier loss = () -> mse.forward(p, y, 6);
        loss.getAsDouble();
        GradCheck.check("mse", p, mse.backward().clone(), loss, 6, 6);
    }
}
