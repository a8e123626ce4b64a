package org.rnn4j.cli;

import org.rnn4j.data.synthetic.SyntheticTask;
import org.rnn4j.kernel.Activation;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.Initializer;
import org.rnn4j.util.Rng;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Fresh models for the synthetic tasks, as {@code rnn4j gradflow} and {@code rnn4j demo} build them. */
final class SyntheticModels {

    /** Embedding width of a copy-task model (its input is one of 10 tokens). */
    static final int EMBEDDING = 16;

    private SyntheticModels() {
    }

    /** One recurrent architecture: a cell and, for a vanilla RNN, its nonlinearity. */
    record Architecture(CellType cell, Activation activation) {

        Architecture {
            if (cell != CellType.RNN) {
                activation = Activation.TANH;
            }
        }

        /** {@code rnn-tanh}, {@code rnn-sigmoid}, {@code rnn-relu}, {@code lstm}, {@code gru}. */
        String label() {
            return cell == CellType.RNN ? "rnn-" + activation.id() : cell.id();
        }
    }

    /** The five architectures {@code gradflow --compare} sets side by side. */
    static final Architecture[] COMPARED = {
        new Architecture(CellType.RNN, Activation.SIGMOID),
        new Architecture(CellType.RNN, Activation.TANH),
        new Architecture(CellType.RNN, Activation.RELU),
        new Architecture(CellType.LSTM, Activation.TANH),
        new Architecture(CellType.GRU, Activation.TANH),
    };

    /**
     * A model for {@code task}, initialized from {@code seed}: PyTorch's initialization, changed by
     * {@code init}, then every {@code W_hh} multiplied by {@code recurrentScale}.
     */
    static SequenceModel fresh(SyntheticTask task, Architecture arch, int hidden, int layers, InitConfig init,
            double recurrentScale, long seed) {
        RecurrentConfig rc = RecurrentConfig.builder(arch.cell(), EMBEDDING, hidden).activation(arch.activation())
                .layers(layers).build();
        SequenceModel model = new SequenceModel(task.modelConfig(rc), Main.kernels());
        Initializer.initialize(model, init, new Rng(seed));
        if (recurrentScale != 1.0) {
            org.rnn4j.analysis.RecurrentWeights.scale(model, recurrentScale);
        }
        return model;
    }

    /** {@code --forget-bias}: a number, or {@code none} to keep PyTorch's random forget-gate bias (NaN). */
    static final class ForgetBias implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if (value.trim().equalsIgnoreCase("none")) {
                return Double.NaN;
            }
            try {
                double v = Double.parseDouble(value.trim());
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("expected a number or 'none', got '" + value + "'");
        }
    }

    /** {@code --task}: adding or copy. */
    static final class Task implements ITypeConverter<SyntheticTask> {
        @Override
        public SyntheticTask convert(String value) {
            try {
                return SyntheticTask.parse(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected adding or copy, got '" + value + "'");
            }
        }
    }
}
