package org.rnn4j.cli;

import org.rnn4j.kernel.Activation;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.task.HyperParameters;
import picocli.CommandLine.Option;

/**
 * The network of a {@code train} subcommand: {@code --cell}, {@code --activation}, {@code --layers},
 * {@code --hidden}, {@code --dropout}. An option left out is null, so that the resumed run's or the
 * task's setting stays.
 */
final class ArchitectureOptions implements HelpLayout.Grouped {

    @Option(names = "--cell", paramLabel = "CELL", converter = OptionValues.Cell.class,
            description = "rnn, lstm or gru.")
    CellType cell;

    @Option(names = "--activation", paramLabel = "FN", converter = OptionValues.Nonlinearity.class,
            description = "The nonlinearity of an rnn cell: tanh, relu or sigmoid.")
    Activation activation;

    @Option(names = "--layers", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Stacked recurrent layers.")
    Integer layers;

    @Option(names = "--hidden", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Units per layer (and direction).")
    Integer hidden;

    @Option(names = "--dropout", paramLabel = "P", converter = OptionValues.Fraction.class,
            description = "Dropout between layers and before the head, in [0, 1).")
    Double dropout;

    /**
     * {@code hp} with the options given.
     *
     * @throws IllegalArgumentException for a combination the settings refuse
     */
    HyperParameters applyTo(HyperParameters hp) {
        if (cell != null) {
            hp = hp.withCell(cell);
        }
        if (activation != null) {
            hp = hp.withActivation(activation);
        }
        if (hidden != null) {
            hp = hp.withHiddenSize(hidden);
        }
        if (layers != null) {
            hp = hp.withLayers(layers);
        }
        if (dropout != null) {
            hp = hp.withDropout(dropout);
        }
        return hp;
    }

    @Override
    public String helpHeading() {
        return "Network";
    }
}
