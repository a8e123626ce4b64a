package org.rnn4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
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
    /** Multiplies every rate of the schedule: 1 until a rollback after divergence lowers it. */
    private double rateScale = 1;

    /** The name of the dropout generator's state in a {@link TrainingState}. */
    public static final String DROPOUT_RNG = "dropout";

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

    /**
     * Weights the cross-entropy of each sequence or position by its target's class from the next step
     * on ({@link SoftmaxCrossEntropy#setClassWeights}); null = unweighted.
     */
    public void setClassWeights(double[] weights) {
        if (weights != null && lossKind != LossKind.CROSS_ENTROPY) {
            throw new IllegalArgumentException("class weights apply to the cross-entropy loss, not " + lossKind);
        }
        crossEntropy.setClassWeights(weights);
    }

    /** The factor applied to every rate of the schedule (1 unless a rollback lowered it). */
    public double learningRateScale() {
        return rateScale;
    }

    /** Multiplies every rate of the schedule by {@code scale} from the next step on. */
    public void setLearningRateScale(double scale) {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("learning-rate scale must be in (0, 1], got " + scale);
        }
        this.rateScale = scale;
    }

    /**
     * The state a resumed run needs besides the served weights: optimizer, dropout generator, the
     * data position of {@code source}, the carried state, and (copies of) the current weights. Copies
     * all, so it stays valid while training goes on.
     */
    public TrainingState state(BatchSource source) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            weights.put(p.name(), p.value().clone());
        }
        RecurrentState carriedCopy = null;
        if (carried != null) {
            carriedCopy = new RecurrentState(model.config().rnn(), carried.batch());
            carriedCopy.copyFrom(carried);
        }
        return new TrainingState(optimizer.stepCount(), optimizer.stateTensors(), optimizer.stateScalars(),
                Map.of(DROPOUT_RNG, dropoutRng.state()), source.cursor(), carriedCopy, weights, Map.of());
    }

    /**
     * Puts back a state made by {@link #state} (or read from a checkpoint): the weights it carries, if
     * any, the optimizer, the dropout generator, the data position and the carried state.
     *
     * @throws InvalidInputException when the state does not belong to this model, optimizer or source
     */
    public void restore(TrainingState s, BatchSource source) {
        Long dropout = s.rngStates().get(DROPOUT_RNG);
        if (dropout == null) {
            throw new InvalidInputException("the training state has no dropout generator state");
        }
        for (Parameter p : model.parameters()) {
            float[] v = s.parameters().get(p.name());
            if (v == null && !s.parameters().isEmpty()) {
                throw new InvalidInputException("the training state has no weights for " + p.name());
            }
            if (v != null) {
                p.set(v);
            }
        }
        optimizer.loadState(s.optimizerTensors(), s.optimizerScalars());
        source.restore(s.cursor());
        dropoutRng.setState(dropout);
        if (s.carried() == null) {
            carried = null;
        } else {
            carried = new RecurrentState(model.config().rnn(), s.carried().batch());
            carried.copyFrom(s.carried());
        }
    }

    /** The forward pass of a training step, gradients zeroed, from the carried state when the batch carries it. */
    private float[] trainingForward(Batch batch) {
        RecurrentState initial = null;
        if (batch.carryState()) {
            carried = carriedInto(carried, model, batch);
            initial = carried;
        }
        model.train(true, dropoutRng);
        passes.zeroGradients();
        return forward(model, batch, initial);
    }

    /** Runs one step on {@code batch}. */
    public StepResult step(Batch batch) {
        int step = optimizer.stepCount() + 1;
        double rate = schedule.rateAt(step) * rateScale;
        float[] out = trainingForward(batch);
        double loss = loss(batch, out);
        if (!Double.isFinite(loss)) {
            throw new DivergenceException(step, "", "the loss is " + loss);
        }
        model.backward(lossKind == LossKind.CROSS_ENTROPY ? crossEntropy.backward() : mse.backward());
        StepResult result = update(step, rate, loss, batch.positions());
        if (batch.carryState()) {
            model.finalState(carried);
        }
        return result;
    }

    /**
     * A worker's share of a data-parallel step: the share's part of the global batch's mean loss (its
     * summed loss over {@code totalWeight}: for cross-entropy the global batch's counted positions or class
     * weights' sum, for MSE its number of predicted values),
     * and the gradient of that part in every parameter's {@link Parameter#grad()}, each row's gradient
     * the bits it has in the whole batch. Nothing is updated; a carrying batch starts from and leaves its
     * final state in {@link #carriedState()}, as {@link #step} does. The shares' parts and gradients
     * added are the global batch's; feed them to {@link #applyGradient}.
     *
     * @param totalWeight the global batch's mean denominator; NaN for this batch's own (a whole batch)
     * @throws DivergenceException when the loss is not finite
     */
    public ShareLoss shareGradient(Batch batch, double totalWeight) {
        float[] out = trainingForward(batch);
        boolean ce = lossKind == LossKind.CROSS_ENTROPY;
        if (ce) {
            crossEntropy.setDenominator(totalWeight);
        } else {
            mse.setDenominator(totalWeight);
        }
        double part;
        try {
            part = loss(batch, out);
        } finally {
            crossEntropy.setDenominator(Double.NaN);
            mse.setDenominator(Double.NaN);
        }
        if (!Double.isFinite(part)) {
            throw new DivergenceException(optimizer.stepCount() + 1, "", "the loss is " + part);
        }
        model.backward(ce ? crossEntropy.backward() : mse.backward());
        if (batch.carryState()) {
            model.finalState(carried);
        }
        return new ShareLoss(part, batch.positions());
    }

    /**
     * A share's part of a data-parallel step's loss.
     *
     * @param loss      the share's summed loss over the global batch's denominator
     * @param positions target positions in the share
     */
    public record ShareLoss(double loss, int positions) {
    }

    /**
     * The driver's half of a data-parallel step: the gradient of the global batch's mean loss is already
     * in every parameter's {@link Parameter#grad()} (the shares of {@link #shareGradient} added); clips it and steps the optimizer, whose state this trainer owns, as the end
     * of {@link #step} does.
     *
     * @param loss      the global batch's mean loss
     * @param positions target positions in the global batch
     * @throws DivergenceException when the loss, a gradient or an updated parameter is not finite
     */
    public StepResult applyGradient(double loss, int positions) {
        int step = optimizer.stepCount() + 1;
        if (!Double.isFinite(loss)) {
            throw new DivergenceException(step, "", "the loss is " + loss);
        }
        return update(step, schedule.rateAt(step) * rateScale, loss, positions);
    }

    /** Clipping and the optimizer's update of step {@code step} on the gradients in the parameters. */
    private StepResult update(int step, double rate, double loss, int positions) {
        optimizer.setLearningRate(rate);
        ClipResult clipped = clip.apply(passes);
        if (!Double.isFinite(clipped.totalNorm())) {
            throw new DivergenceException(step, passes.firstNonFinite(true), "a gradient is not finite");
        }
        optimizer.step();
        if (!optimizer.valuesFinite()) {
            throw new DivergenceException(step, passes.firstNonFinite(false),
                    "a parameter became non-finite after the update");
        }
        return new StepResult(step, loss, clipped.totalNorm(), clipped.clipped(), rate, positions);
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
