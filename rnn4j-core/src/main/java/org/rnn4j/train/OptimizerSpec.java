package org.rnn4j.train;

import java.util.List;
import java.util.Locale;
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
 * PyTorch's default.
 *
 * @param name         sgd, adam, adamw, rmsprop or adagrad
 * @param learningRate the (peak) learning rate
 * @param momentum     SGD and RMSProp momentum
 * @param weightDecay  L2 penalty (decoupled for AdamW); NaN = the optimizer's default
 */
public record OptimizerSpec(String name, double learningRate, double momentum, double weightDecay) {

    public static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad");

    public OptimizerSpec {
        name = name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    "optimizer must be one of " + String.join(", ", NAMES) + ", got '" + name + "'");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
    }

    public Optimizer create(List<Parameter> params) {
        double wd = Double.isNaN(weightDecay) ? 0 : weightDecay;
        switch (name) {
            case "sgd":
                return new Sgd(params, new SgdConfig(learningRate, momentum, 0, false, wd));
            case "adam":
                return new Adam(params, AdamConfig.defaults().withLearningRate(learningRate).withWeightDecay(wd));
            case "adamw": {
                AdamWConfig d = AdamWConfig.defaults();
                return new AdamW(params, new AdamWConfig(learningRate, d.beta1(), d.beta2(), d.epsilon(),
                        Double.isNaN(weightDecay) ? d.weightDecay() : weightDecay));
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
