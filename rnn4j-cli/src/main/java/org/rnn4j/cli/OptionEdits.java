package org.rnn4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Changes to a command's options after picocli built them from the annotations: for a shared option
 * (a mixin) that one command uses differently, such as an optional {@code --model}.
 */
final class OptionEdits {

    private OptionEdits() {
    }

    /** Replaces the option {@code name} by {@code change} applied to a copy of it, in the same place in the help. */
    static CommandSpec edit(CommandSpec spec, String name, UnaryOperator<OptionSpec.Builder> change) {
        OptionSpec target = spec.findOption(name);
        if (target == null) {
            throw new IllegalArgumentException(spec.qualifiedName() + " has no option " + name);
        }
        List<OptionSpec> options = new ArrayList<>(spec.options());
        // the help lists options in the order they were added: re-add the edited one and all after it
        List<OptionSpec> tail = options.subList(options.indexOf(target), options.size());
        for (OptionSpec o : tail) {
            spec.remove(o);
        }
        for (OptionSpec o : tail) {
            spec.addOption(o == target ? change.apply(o.toBuilder()).build() : o);
        }
        return spec;
    }
}
