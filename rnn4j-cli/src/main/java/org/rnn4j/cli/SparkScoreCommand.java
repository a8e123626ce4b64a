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
 * {@code rnn4j spark-score --model DIR --data PATH --out DIR}: what {@code sample}/{@code eval},
 * {@code classify} and {@code forecast} answer on one machine, on Spark, chosen by the model's task: every
 * line of a text scored under a character language model; every sequence of a CSV classified; every
 * series of a long-form CSV forecast {@code --horizon} steps. The model is broadcast once and rebuilt
 * once per partition.
 */
@Command(name = "spark-score",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Scores data on Spark with a trained model, as its task asks:",
            "  a language model (train lm): every line of a text; per line its characters, mean loss (nats),"
                    + " bits per character and most likely next character;",
            "  a classifier (train classify): every sequence of a CSV laid out like its training data; the"
                    + " columns id,predicted,p_<class>... that classify --out writes;",
            "  a forecaster (train forecast): every series of its long-form CSV, --horizon steps; the columns"
                    + " forecast --out writes (with 80/95%% bounds for --method auto).",
            "Writes a CSV directory (Spark's part files, with a header, rows in the one-machine command's order),"
                    + " moved into place when complete.",
        })
final class SparkScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "What Spark reads (a file, a directory, hdfs://, s3a://): text, one sequence per line, for"
                    + " a language model; CSV with a header for a classifier or forecaster.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The CSV directory to create.")
    Path out;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master. Default: spark-submit's, else local[*].")
    String master;

    @Option(names = "--partitions", paramLabel = "P", converter = OptionValues.PositiveInt.class,
            description = "Partitions the data is scored in. Default: Spark's default parallelism.")
    Integer partitions;

    @Option(names = "--horizon", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Forecasters only, and required for them: steps to forecast, at least 1 (at most the"
                    + " rows of --data for a network forecaster, the trained --horizon for an automatic one)."
                    + " Default: none.")
    Integer horizon;

    @Option(names = "--block", paramLabel = "B", converter = OptionValues.PositiveInt.class,
            description = "Lines or sequences run side by side through a partition's model. Default: 64.")
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
        ModelDirs.requireTask(contents, model.dir, "spark-score", "lm", "classify", "forecast");
        String task = ModelDirs.taskOf(contents);
        boolean forecast = task.equals("forecast");
        if (forecast && horizon == null) {
            throw new BadArgumentException(cl, "--horizon: a forecasting model needs the steps to forecast");
        }
        if (!forecast && horizon != null) {
            throw new BadArgumentException(cl, "--horizon is for forecasting models; " + model.dir + " holds "
                    + ModelDirs.describe(task));
        }
        SparkRuns.requireSpark();
        int b = block != null ? block : SparkLmScoring.DEFAULT_BLOCK;
        long t0 = System.nanoTime();
        long rows = switch (task) {
            case "classify" -> SparkCsvScoring.classify(master, model.dir, data, out, partitions, b);
            case "forecast" -> SparkCsvScoring.forecast(master, model.dir, data, out, partitions, horizon);
            default -> SparkRuns.scoreLm(master, model.dir, data, out, partitions, b);
        };
        double seconds = (System.nanoTime() - t0) / 1e9;
        PrintWriter o = cl.getOut();
        String what = switch (task) {
            case "classify" -> "classified %d sequences";
            case "forecast" -> "wrote %d forecast rows";
            default -> "scored %d lines";
        };
        o.printf(Locale.ROOT, what + " in %.1f s: %s%n", rows, seconds, out);
        if (json.requested()) {
            JsonResult j = new JsonResult().put("command", "spark-score").put("task", task).put("rows", rows)
                    .put("seconds", seconds)
                    .put("out", out.toString());
            j.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }
}
