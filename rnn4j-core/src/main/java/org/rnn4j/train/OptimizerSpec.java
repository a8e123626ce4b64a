package org.rnn4j.train;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.rnn4j.nn.Parameter;
import org.rnn4j.optim.Adagrad;
import org.rnn4j.optim.AdagradConfig;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamConfig;
import org.rnn4j.optim.AdamW;
import org.rnn4j.optim.AdamWConfig;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.optim.RmsProp;
import org.rnn4j.optim.RmsPropConfig;
import org.rnn4j.optim.Sgd;
import org.rnn4j.optim.SgdConfig;

/**
 * An optimizer chosen by name with the settings a command line exposes; every other setting keeps
 * PyTorch's default. Made by name ({@link #of}) or by the named factories ({@link #adam},
 * {@link #sgd}, ...), then changed with the {@code with...} methods:
 * <pre>
 * OptimizerSpec.adamW(3e-3).withWeightDecay(1e-4)
 * OptimizerSpec.sgd(0.1).withMomentum(0.9)
 * </pre>
 *
 * @param name         sgd, adam, adamw, rmsprop or adagrad
 * @param learningRate the (peak) learning rate
 * @param momentum     SGD and RMSProp momentum (0 = none)
 * @param weightDecay  the L2 penalty (decoupled for AdamW); empty = the optimizer's own default
 *                     ({@link #defaultWeightDecay}), so that changing the name keeps PyTorch's default
 */
public record OptimizerSpec(String name, double learningRate, double momentum, OptionalDouble weightDecay) {

    public static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad");

    public OptimizerSpec {
        name = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    "optimizer must be one of " + String.join(", ", NAMES) + ", got '" + name + "'");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(momentum >= 0 && Double.isFinite(momentum))) {
            throw new IllegalArgumentException("momentum must be a finite number >= 0, got " + momentum);
        }
        if (weightDecay == null) {
            weightDecay = OptionalDouble.empty();
        }
        if (weightDecay.isPresent()
                && !(weightDecay.getAsDouble() >= 0 && Double.isFinite(weightDecay.getAsDouble()))) {
            throw new IllegalArgumentException("weight decay must be a finite number >= 0, got "
                    + weightDecay.getAsDouble());
        }
    }

    /** The optimizer called {@code name} at {@code learningRate}, everything else PyTorch's default. */
    public static OptimizerSpec of(String name, double learningRate) {
        return new OptimizerSpec(name, learningRate, 0, OptionalDouble.empty());
    }

    public static OptimizerSpec sgd(double learningRate) {
        return of("sgd", learningRate);
    }

    public static OptimizerSpec adam(double learningRate) {
        return of("adam", learningRate);
    }

    public static OptimizerSpec adamW(double learningRate) {
        return of("adamw", learningRate);
    }

    public static OptimizerSpec rmsProp(double learningRate) {
        return of("rmsprop", learningRate);
    }

    public static OptimizerSpec adagrad(double learningRate) {
        return of("adagrad", learningRate);
    }

    /** Another optimizer with this learning rate, momentum and (explicit) weight decay. */
    public OptimizerSpec withName(String value) {
        return new OptimizerSpec(value, learningRate, momentum, weightDecay);
    }

    public OptimizerSpec withLearningRate(double value) {
        return new OptimizerSpec(name, value, momentum, weightDecay);
    }

    /** SGD and RMSProp momentum; the other optimizers have none and ignore it. */
    public OptimizerSpec withMomentum(double value) {
        return new OptimizerSpec(name, learningRate, value, weightDecay);
    }

    public OptimizerSpec withWeightDecay(double value) {
        return new OptimizerSpec(name, learningRate, momentum, OptionalDouble.of(value));
    }

    /** PyTorch's default weight decay of optimizer {@code name}: 0.01 for AdamW, 0 for the others. */
    public static double defaultWeightDecay(String name) {
        return "adamw".equals(name) ? AdamWConfig.defaults().weightDecay() : 0;
    }

    /** The weight decay the optimizer will use: the one given, else its default. */
    public double effectiveWeightDecay() {
        return weightDecay.orElse(defaultWeightDecay(name));
    }

    public Optimizer create(List<Parameter> params) {
        double wd = effectiveWeightDecay();
        switch (name) {
            case "sgd":
                return new Sgd(params, new SgdConfig(learningRate, momentum, 0, false, wd));
            case "adam":
                return new Adam(params, AdamConfig.defaults().withLearningRate(learningRate).withWeightDecay(wd));
            case "adamw": {
                AdamWConfig d = AdamWConfig.defaults();
                return new AdamW(params, new AdamWConfig(learningRate, d.beta1(), d.beta2(), d.epsilon(), wd));
            }
            case "rmsprop":
                return new RmsProp(params,
                        RmsPropConfig.defaults().withLearningRate(learningRate).withMomentum(momentum)
                                .withWeightDecay(wd));
            case "adagrad":
                return new Adagrad(params, AdagradConfig.defaults().withLearningRate(learningRate).withWeightDecay(wd));
            default:
                throw new AssertionError(name);
        }
    }
}
