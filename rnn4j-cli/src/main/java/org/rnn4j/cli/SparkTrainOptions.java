package org.rnn4j.cli;

import java.util.Locale;
import org.rnn4j.spark.Reduction;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every {@code spark-train} task has: where Spark runs, how the global batch is shared and added. */
final class SparkTrainOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], spark://HOST:PORT, yarn, ... Default: spark-submit's, else"
                    + " local[*].")
    String master;

    @Option(names = "--partitions", paramLabel = "P", converter = OptionValues.PositiveInt.class,
            description = "Shares of the global batch, one Spark partition each. Default: Spark's default"
                    + " parallelism.")
    Integer partitions;

    @Option(names = "--reduction", paramLabel = "MODE", defaultValue = "ordered",
            description = "How the shares are added: ordered (on the driver in partition order, bit-reproducible)"
                    + " or tree (treeAggregate, for many partitions). Default: ordered.")
    String reduction;

    /** {@code --reduction} parsed; a usage error of {@code cl} for anything but ordered or tree. */
    Reduction reduction(CommandLine cl) {
        return switch (reduction.toLowerCase(Locale.ROOT)) {
            case "ordered" -> Reduction.ORDERED;
            case "tree" -> Reduction.TREE;
            default -> throw new CommandLine.ParameterException(cl,
                    "--reduction: expected ordered or tree, got '" + reduction + "'");
        };
    }
}
