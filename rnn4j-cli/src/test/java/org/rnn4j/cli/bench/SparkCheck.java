package org.rnn4j.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnn4j.data.TextFiles;
import org.rnn4j.lm.CharCorpus;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.lm.LmResult;
import org.rnn4j.lm.LmSettings;
import org.rnn4j.lm.LmTraining;
import org.rnn4j.serve.Predictor;
import org.rnn4j.spark.LmSequenceScorer;
import org.rnn4j.spark.SparkLmScoring;
import org.rnn4j.spark.SparkLmTraining;
import org.rnn4j.spark.SparkOptions;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.train.TrainingListener;

/**
 * The real-data check of bench/RESULTS-spark-*.md (not a test: run by hand, see there): a character
 * LM on a text for N steps on one machine and on Spark local[2] with the same global batch, loss per
 * step of both into a CSV and a PNG; then 100,000 sequences scored by Spark (2 partitions) and by the
 * Predictor on one thread, compared and timed.
 *
 * <p>Arguments: TEXT OUTDIR STEPS.
 */
public final class SparkCheck {

    private SparkCheck() {
    }

    /** Per-step losses and when each step ended. */
    static final class Recorder implements TrainingListener {
        final List<Double> losses = new ArrayList<>();
        final List<Double> seconds = new ArrayList<>();

        @Override
        public void onStep(StepEvent e) {
            losses.add(e.result().loss());
            seconds.add(e.elapsedSeconds());
        }
    }

    public static void main(String[] args) throws IOException {
        Path textFile = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int steps = Integer.parseInt(args[2]);
        Files.createDirectories(out);
        HyperParameters hp = LmTraining.defaultHyperParameters().withPatience(0).withLimits(steps, 0, 0);
        LmSettings settings = LmTraining.defaultSettings();

        Recorder one = new Recorder();
        CharCorpus corpus = CharCorpus.split(TextFiles.readUtf8(textFile), 0.1);
        LmResult single = LmTraining.train(corpus, hp, settings, RunOptions.none().withListener(one));

        SparkSession spark = SparkSession.builder().master("local[2]").appName("rnn4j-check")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Recorder two = new Recorder();
        Path sparkModel = out.resolve("spark-model");
        LmResult distributed = SparkLmTraining.train(spark, SparkLmTraining.readText(spark, textFile.toString()), 0.1,
                hp, settings, SparkOptions.ordered(2),
                RunOptions.none().withListener(two).withCheckpoints(sparkModel, 0));

        StringBuilder csv = new StringBuilder("step,loss_one_machine,loss_spark_local2,seconds_one_machine,"
                + "seconds_spark_local2\n");
        double worst = 0;
        for (int i = 0; i < steps; i++) {
            double a = one.losses.get(i);
            double b = two.losses.get(i);
            worst = Math.max(worst, Math.abs(a - b) / Math.abs(a));
            csv.append(String.format(Locale.ROOT, "%d,%.9f,%.9f,%.3f,%.3f%n", i + 1, a, b, one.seconds.get(i),
                    two.seconds.get(i)));
        }
        Files.writeString(out.resolve("loss-curves.csv"), csv);
        chart(one, two, out.resolve("loss-curves.png"));
        System.out.printf(Locale.ROOT, "loss per step: worst relative difference %.3g over %d steps%n", worst, steps);
        System.out.printf(Locale.ROOT, "one machine: %d steps in %.1f s, %.0f chars/s; validation %.4f bpc%n", steps,
                one.seconds.get(steps - 1), single.summary().positionsPerSecond(),
                single.validation().bitsPerCharacter());
        System.out.printf(Locale.ROOT, "spark local[2]: %d steps in %.1f s, %.0f chars/s; validation (first %d"
                + " held-out chars) %.4f bpc%n", steps, two.seconds.get(steps - 1),
                distributed.summary().positionsPerSecond(), distributed.validation().predictions() + 1,
                distributed.validation().bitsPerCharacter());

        // scoring: 100,000 windows of 40 characters
        String text = TextFiles.readUtf8(textFile);
        List<String> windows = new ArrayList<>();
        for (int i = 0; windows.size() < 100_000; i = (i + 11) % (text.length() - 40)) {
            windows.add(text.substring(i, i + 40));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            rows.add(RowFactory.create((long) i, windows.get(i)));
        }
        Dataset<Row> df = spark.createDataFrame(rows,
                new StructType().add("id", DataTypes.LongType).add("text", DataTypes.StringType)).repartition(2)
                .cache();
        df.count();
        SparkLmScoring.score(spark, df.limit(2000), "text", sparkModel, 64).count();
        long t0 = System.nanoTime();
        List<Row> scored = SparkLmScoring.score(spark, df, "text", sparkModel, 64).collectAsList();
        double sparkSeconds = (System.nanoTime() - t0) / 1e9;
        LanguageModel lm = LanguageModel.load(sparkModel);
        LmSequenceScorer.Score[] expected = new LmSequenceScorer.Score[windows.size()];
        LmSequenceScorer scorer = new LmSequenceScorer(Predictor.load(sparkModel).newSession(64), lm.vocabulary());
        scorer.score(windows, 0, 2000, expected);
        t0 = System.nanoTime();
        scorer.score(windows, 0, windows.size(), expected);
        double oneSeconds = (System.nanoTime() - t0) / 1e9;
        int mismatches = 0;
        for (Row r : scored) {
            LmSequenceScorer.Score e = expected[(int) r.getLong(0)];
            if (Double.doubleToLongBits(e.loss()) != Double.doubleToLongBits(r.getDouble(4))
                    || !e.next().equals(r.getString(6))) {
                mismatches++;
            }
        }
        System.out.printf(Locale.ROOT, "scoring %d sequences of 40 chars: spark local[2], 2 partitions %.1f s (%.0f"
                + " seq/s); Predictor, one thread %.1f s (%.0f seq/s); %d of %d differ%n", windows.size(),
                sparkSeconds, windows.size() / sparkSeconds, oneSeconds, windows.size() / oneSeconds, mismatches,
                scored.size());
        spark.stop();
    }

    private static void chart(Recorder one, Recorder two, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(420).title("Training loss, tinyshakespeare")
                .xAxisTitle("step").yAxisTitle("bits per character").build();
        double[] x = new double[one.losses.size()];
        double[] a = new double[x.length];
        double[] b = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            a[i] = one.losses.get(i) / Math.log(2);
            b[i] = two.losses.get(i) / Math.log(2);
        }
        chart.addSeries("rnn4j train (one machine)", x, a).setMarker(SeriesMarkers.NONE);
        chart.addSeries("rnn4j spark-train, local[2], 2 partitions", x, b).setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
