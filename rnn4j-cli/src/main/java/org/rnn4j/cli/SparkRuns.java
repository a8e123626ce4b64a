package org.rnn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.rnn4j.InvalidInputException;
import org.rnn4j.classify.ClassifierBlend;
import org.rnn4j.classify.ClassifyResult;
import org.rnn4j.classify.ClassifySettings;
import org.rnn4j.forecast.AutoForecaster;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.lm.LmResult;
import org.rnn4j.lm.LmSettings;
import org.rnn4j.spark.Reduction;
import org.rnn4j.spark.SparkClassifyTraining;
import org.rnn4j.spark.SparkErrors;
import org.rnn4j.spark.SparkForecastTraining;
import org.rnn4j.spark.SparkLmScoring;
import org.rnn4j.spark.SparkLmTraining;
import org.rnn4j.spark.SparkOptions;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;

/**
 * Everything the {@code spark-*} commands do with Spark's classes, kept out of the command classes so
 * that picocli can read those (help, usage errors) when Spark is not on the class path.
 */
final class SparkRuns {

    private static final String SESSION_CLASS = "org.apache.spark.sql.SparkSession";

    private SparkRuns() {
    }

    /** Fails in one line when Spark's classes are missing (the jar run without ./rnn4j or spark-submit). */
    static void requireSpark() {
        try {
            Class.forName(SESSION_CLASS, false, SparkRuns.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidInputException("Spark is not on the class path: run the spark-* commands through"
                    + " ./rnn4j (which adds rnn4j-spark's Spark) or spark-submit (which adds the cluster's)");
        }
    }

    /** The session for {@code master} (null: spark-submit's, else local[*]), quiet below warnings. */
    static SparkSession session(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("rnn4j");
        String url = master != null ? master : System.getProperty("spark.master", "local[*]");
        try {
            SparkSession s = b.master(url).config("spark.ui.showConsoleProgress", "false").getOrCreate();
            s.sparkContext().setLogLevel("WARN");
            return s;
        } catch (Exception e) {
            // SparkException arrives undeclared through Scala
            throw new InvalidInputException("--master " + url + ": " + SparkErrors.rootMessage(e));
        }
    }

    static LmResult trainLm(String master, String data, double valFraction, HyperParameters hp, LmSettings settings,
            Integer partitions, Reduction reduction, RunOptions options) throws IOException {
        SparkSession spark = session(master);
        try {
            int p = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
            SparkOptions spread = new SparkOptions(p, reduction, 2);
            return SparkLmTraining.train(spark, SparkLmTraining.readText(spark, data), valFraction, hp, settings,
                    spread, options);
        } finally {
            spark.stop();
        }
    }

    /** Trains a classifier on the CSV {@code data} (a header, one token string a row) read by Spark. */
    static ClassifyResult trainClassifier(String master, String data, ClassifySettings settings, HyperParameters hp,
            Integer partitions, Reduction reduction, RunOptions options, ClassifierBlend.Mode blend)
            throws IOException {
        SparkSession spark = session(master);
        try {
            int p = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
            Dataset<Row> rows;
            try {
                // quotes as CsvText writes them, every field a string
                rows = spark.read().option("header", "true").option("escape", "\"").csv(data);
            } catch (Exception e) {
                throw new InvalidInputException("cannot read the CSV: " + SparkErrors.rootMessage(e));
            }
            return SparkClassifyTraining.train(spark, rows, settings, hp, new SparkOptions(p, reduction, 2), options,
                    blend);
        } finally {
            spark.stop();
        }
    }

    /** Chooses and trains the default forecaster of the long-form panel CSV {@code data} read by Spark. */
    static AutoForecaster.Result trainForecaster(String master, String data, String idColumn, String timeColumn,
            String target, int season, int horizon, AutoForecaster.Settings settings, Integer partitions,
            Reduction reduction) {
        SparkSession spark = session(master);
        try {
            int p = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
            Dataset<Row> panel;
            try {
                // numbers as numbers: the target must be numeric
                panel = spark.read().option("header", "true").option("escape", "\"").option("inferSchema", "true")
                        .csv(data);
            } catch (Exception e) {
                throw new InvalidInputException("cannot read the CSV: " + SparkErrors.rootMessage(e));
            }
            return SparkForecastTraining.train(spark, panel, idColumn, timeColumn, target, season, horizon, settings,
                    new SparkOptions(p, reduction, 2));
        } finally {
            spark.stop();
        }
    }

    /**
     * Scores every line of {@code data} and writes the scores as a CSV directory {@code out} (Spark's
     * part files), moved into place only when complete.
     *
     * @return rows written
     */
    static long scoreLm(String master, Path model, String data, Path out, Integer partitions, int block)
            throws IOException {
        LanguageModel.load(model);
        SparkSession spark = session(master);
        try {
            int p = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
            // the sort by line shuffles into P parts, not Spark's default 200 (each a file and a task)
            spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(p));
            JavaRDD<Row> lines;
            Dataset<Row> texts;
            try {
                lines = spark.read().textFile(data).javaRDD().zipWithIndex()
                        .map(t -> RowFactory.create(t._2(), t._1()));
                StructType schema = new StructType().add("line", DataTypes.LongType).add("text",
                        DataTypes.StringType);
                texts = spark.createDataFrame(lines, schema).repartition(p);
            } catch (Exception e) {
                throw new InvalidInputException("cannot read the text: " + SparkErrors.rootMessage(e));
            }
            Dataset<Row> scored = SparkLmScoring.score(spark, texts, "text", model, block).orderBy("line");
            return writeCsv(spark, scored, out, "cannot score " + data + ": ");
        } finally {
            spark.stop();
        }
    }

    /**
     * Writes {@code table} as a CSV directory with a header, quoted as {@link CsvText} quotes, into a scratch sibling of {@code out} and
     * moves it to {@code out} only when complete; on a failure the scratch directory is deleted and the
     * failure reported in one line after {@code failure}.
     *
     * @return rows written
     */
    static long writeCsv(SparkSession spark, Dataset<Row> table, Path out, String failure) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            // RFC 4180 as CsvText writes it: quotes doubled, not escaped with \; spaces and empty fields kept
            table.write().option("header", "true").option("escape", "\"").option("emptyValue", "")
                    .option("ignoreLeadingWhiteSpace", "false").option("ignoreTrailingWhiteSpace", "false")
                    .csv(tmp.toString());
            long rows = spark.read().option("header", "true").option("escape", "\"").csv(tmp.toString()).count();
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            return rows;
        } catch (Exception e) {
            deleteTree(tmp);
            if (e instanceof IOException io) {
                throw io;
            }
            throw oneLine(e, failure);
        }
    }

    /**
     * A failed job as one line: an {@link InvalidInputException} an executor threw (bad data found
     * there) with its own message, anything else as Spark's innermost message after {@code failure}.
     */
    static InvalidInputException oneLine(Throwable e, String failure) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof InvalidInputException bad) {
                return t == e ? bad : new InvalidInputException(bad.getMessage());
            }
        }
        return new InvalidInputException(failure + SparkErrors.rootMessage(e));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(all.get(i));
        }
    }
}
