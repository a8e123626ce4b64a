package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.spark.SparkLmScoring;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j spark-score --model DIR --data PATH --out DIR}: every line of a text scored under a
 * character language model on Spark, the model broadcast once and one session per partition.
 */
@Command(name = "spark-score",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Scores every line of a text under a character language model on Spark: per line its characters,"
                    + " mean loss (nats), bits per character and most likely next character.",
            "Writes a CSV directory (Spark's part files, with a header), moved into place when complete.",
        })
final class SparkScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "Text file(s) as Spark reads them; one sequence per line.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The CSV directory to create.")
    Path out;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master. Default: spark-submit's, else local[*].")
    String master;

    @Option(names = "--partitions", paramLabel = "P", converter = OptionValues.PositiveInt.class,
            description = "Partitions the lines are scored in. Default: Spark's default parallelism.")
    Integer partitions;

    @Option(names = "--block", paramLabel = "B", converter = OptionValues.PositiveInt.class,
            description = "Lines run side by side through a partition's session. Default: 64.")
    Integer block;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (Files.exists(out)) {
            throw new BadArgumentException(cl, "--out: " + out + " already exists; choose another path");
        }
        ModelDirectory.Contents contents = ModelDirs.load(cl, "--model", model.dir);
        ModelDirs.requireTask(contents, model.dir, "spark-score", "lm");
        SparkRuns.requireSpark();
        long t0 = System.nanoTime();
        long rows = SparkRuns.scoreLm(master, model.dir, data, out, partitions,
                block != null ? block : SparkLmScoring.DEFAULT_BLOCK);
        double seconds = (System.nanoTime() - t0) / 1e9;
        PrintWriter o = cl.getOut();
        o.printf(Locale.ROOT, "scored %d lines in %.1f s: %s%n", rows, seconds, out);
        if (json.requested()) {
            JsonResult j = new JsonResult().put("command", "spark-score").put("rows", rows).put("seconds", seconds)
                    .put("out", out.toString());
            j.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }
}
