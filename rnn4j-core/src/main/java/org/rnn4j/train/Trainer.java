package org.rnn4j.train;

import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.ParameterPasses;
import org.rnn4j.optim.ClipResult;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.util.Rng;

/**
 * One optimizer step per batch: forward, loss, backpropagation through time (within the batch),
 * clipping, the update, and the state carried to the next batch when the batch asks for it
 * (truncated BPTT: the carried state is a constant, no gradient crosses a batch boundary).
 *
 * <p>All randomness (dropout) comes from the generator given here, so the same seed, data and
 * thread count give the same bits, and a checkpoint of {@link #dropoutRng()}, the optimizer, the
 * carried state and the data cursor resumes exactly.
 */
public final class Trainer {

    private final SequenceModel model;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final ClipConfig clip;
    private final LossKind lossKind;
    private final Rng dropoutRng;
    private final SoftmaxCrossEntropy crossEntropy;
    private final MeanSquaredError mse = new MeanSquaredError();
    /** The model's parameters, for the whole-parameter passes of a step (split over the model's threads). */
    private final ParameterPasses passes;
    private RecurrentState carried;

    /**
     * The optimizer's updates, like this trainer's passes over the gradients, are from now on split
     * over the model's kernel threads ({@link Optimizer#spreadOver}); the results are the same.
     */
    public Trainer(SequenceModel model, Optimizer optimizer, LearningRateSchedule schedule, ClipConfig clip,
            LossKind lossKind, Rng dropoutRng) {
        this.model = model;
        this.crossEntropy = new SoftmaxCrossEntropy(model.kernels());
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.clip = clip;
        this.lossKind = lossKind;
        this.dropoutRng = dropoutRng;
        this.passes = new ParameterPasses(model.kernels(), model.parameters());
        optimizer.spreadOver(model.kernels());
    }

    public SequenceModel model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Rng dropoutRng() {
        return dropoutRng;
    }

    /** The state carried into the next batch, or null before the first carrying batch. */
    public RecurrentState carriedState() {
        return carried;
    }

    /** Replaces the carried state (a resumed run restores it from the checkpoint). */
    public void setCarriedState(RecurrentState state) {
        this.carried = state;
    }

    /** Runs one step on {@code batch}. */
    public StepResult step(Batch batch) {
        int step = optimizer.stepCount() + 1;
        double rate = schedule.rateAt(step);
        optimizer.setLearningRate(rate);
        RecurrentState initial = null;
        if (batch.carryState()) {
            carried = carriedInto(carried, model, batch);
            initial = carried;
        }
        model.train(true, dropoutRng);
        passes.zeroGradients();
        float[] out = forward(model, batch, initial);
        double loss = loss(batch, out);
        if (!Double.isFinite(loss)) {
            throw new DivergenceException(step, "", "the loss is " + loss);
        }
        model.backward(lossKind == LossKind.CROSS_ENTROPY ? crossEntropy.backward() : mse.backward());
        ClipResult clipped = clip.apply(passes);
        if (!Double.isFinite(clipped.totalNorm())) {
            throw new DivergenceException(step, passes.firstNonFinite(true), "a gradient is not finite");
        }
        optimizer.step();
        if (!optimizer.valuesFinite()) {
            throw new DivergenceException(step, passes.firstNonFinite(false),
                    "a parameter became non-finite after the update");
        }
        if (batch.carryState()) {
            model.finalState(carried);
        }
        return new StepResult(step, loss, clipped.totalNorm(), clipped.clipped(), rate, batch.positions());
    }

    /**
     * The state a carrying batch starts from: {@code carried} (a new zero state when there is none
     * yet or the batch size changed), with the streams the batch resets zeroed.
     */
    static RecurrentState carriedInto(RecurrentState carried, SequenceModel model, Batch batch) {
        RecurrentState state = carried;
        if (state == null || state.batch() != batch.batch()) {
            state = new RecurrentState(model.config().rnn(), batch.batch());
        }
        if (batch.resetState() != null) {
            for (int b = 0; b < batch.batch(); b++) {
                if (batch.resetState()[b]) {
                    state.resetStream(b);
                }
            }
        }
        return state;
    }

    static float[] forward(SequenceModel model, Batch batch, RecurrentState initial) {
        return batch.tokens() != null
                ? model.forwardTokens(batch.tokens(), batch.steps(), batch.batch(), batch.lengths(), initial)
                : model.forwardDense(batch.features(), batch.steps(), batch.batch(), batch.lengths(), initial);
    }

    private double loss(Batch batch, float[] out) {
        int rows = model.headRows();
        if (lossKind == LossKind.CROSS_ENTROPY) {
            return crossEntropy.forward(out, rows, model.config().outputSize(), batch.classTargets());
        }
        return mse.forward(out, batch.valueTargets(), rows * model.config().outputSize());
    }
}
