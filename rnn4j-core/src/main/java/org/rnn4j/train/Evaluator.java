package org.rnn4j.train;

import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;

/**
 * Mean loss of a model over a number of batches, without dropout or updates, carrying the state
 * between batches that ask for it. The mean is weighted by each batch's target positions.
 */
public final class Evaluator {

    private SoftmaxCrossEntropy crossEntropy;
    private final MeanSquaredError mse = new MeanSquaredError();

    public double meanLoss(SequenceModel model, BatchSource source, long batches, LossKind lossKind) {
        model.inferenceOnly();
        if (crossEntropy == null) {
            crossEntropy = new SoftmaxCrossEntropy(model.kernels());
        }
        RecurrentState carried = null;
        double total = 0;
        long count = 0;
        for (long i = 0; i < batches; i++) {
            Batch batch = source.next();
            RecurrentState initial = null;
            if (batch.carryState()) {
                carried = Trainer.carriedInto(carried, model, batch);
                initial = carried;
            }
            float[] out = Trainer.forward(model, batch, initial);
            int rows = model.headRows();
            int positions = batch.positions();
            double loss = lossKind == LossKind.CROSS_ENTROPY
                    ? crossEntropy.forward(out, rows, model.config().outputSize(), batch.classTargets())
                    : mse.forward(out, batch.valueTargets(), rows * model.config().outputSize());
            total += loss * positions;
            count += positions;
            if (batch.carryState()) {
                model.finalState(carried);
            }
        }
        return count == 0 ? Double.NaN : total / count;
    }
}
