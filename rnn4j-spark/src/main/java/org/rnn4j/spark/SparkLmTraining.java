package org.rnn4j.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.lm.LmEvaluator;
import org.rnn4j.lm.LmResult;
import org.rnn4j.lm.LmScore;
import org.rnn4j.lm.LmSettings;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TaskTraining;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.DataCursor;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.StepResult;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainingLoop;

/**
 * A character language model trained on Spark by synchronous data parallelism: the run
 * {@code LmTraining.train} makes on one machine, step for step, with the global batch's {@code B}
 * streams split over {@code P} partitions.
 *
 * <pre>
 * JavaRDD&lt;String&gt; text = SparkLmTraining.readText(spark, "hdfs:///corpus.txt");
 * LmResult r = SparkLmTraining.train(spark, text, 0.1, hp, LmTraining.defaultSettings(),
 *         SparkOptions.ordered(8), RunOptions.none().withCheckpoints(Path.of("runs/lm"), 500));
 * </pre>
 *
 * <p>Each step the driver broadcasts the weights, the streams' position and the state every stream
 * carries in; partition {@code p} (streams {@code [⌊Bp/P⌋, ⌊B(p+1)/P⌋)}) runs its share from them and
 * returns its part of the mean loss (its summed loss over the global batch's positions) and that part's
 * gradient and its streams' final state; the driver adds the shares ({@link Reduction}), clips and
 * steps its optimizer. The streams never move
 * between partitions and their state travels with each step, so a retried task recomputes the same
 * share, and the checkpoint is the one-machine run's: the same model directory, the same cursor, the
 * same carried state. {@code rnn4j sample}, {@code eval}, the Java {@code Predictor} and even
 * {@code rnn4j train --resume} read it.
 *
 * <p>The run itself is {@code TaskTraining.fit}'s, each step taken on Spark: validation on the driver (the
 * first {@code validationSlice} characters of the held-out part, every {@code validateEvery} steps),
 * early stopping on the best weights, divergence rollback, checkpoints and resume are the one-machine
 * run's. Dropout masks are drawn per share from a generator fixed by the seed, step and share, so with
 * dropout the run is reproducible but not the one-machine run.
 */
public final class SparkLmTraining {

    private SparkLmTraining() {
    }

    /**
     * The lines of the text files at {@code path} with their newline put back, in Spark's order:
     * one file reads as its text (a last line without a newline gains one; "\r\n" reads as "\n").
     */
    public static JavaRDD<String> readText(SparkSession spark, String path) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).textFile(path).map(line -> line + "\n");
    }

    /** {@link #train(SparkSession, JavaRDD, double, HyperParameters, LmSettings, SparkOptions, RunOptions)} of a Dataset's rows in order. */
    public static LmResult train(SparkSession spark, Dataset<String> text, double validationFraction,
            HyperParameters hp, LmSettings lm, SparkOptions spread, RunOptions options) throws IOException {
        return train(spark, text.javaRDD(), validationFraction, hp, lm, spread, options);
    }

    /**
     * Trains on {@code text} (its pieces concatenated in order) until a limit of {@code hp}; with
     * {@code options.checkpointDir()} the model directory is written there every
     * {@code checkpointEvery} steps and at the end, and {@code options.resumeDir()} continues a run
     * exactly.
     *
     * @throws InvalidInputException for a bidirectional network, text that cannot be read or is too
     *                               short, a global batch smaller than the partition count, or a resume
     *                               directory of another run
     */
    public static LmResult train(SparkSession spark, JavaRDD<String> text, double validationFraction,
            HyperParameters hp, LmSettings lm, SparkOptions spread, RunOptions options) throws IOException {
        if (hp.bidirectional()) {
            throw new InvalidInputException("a language model cannot be bidirectional: it would read the character"
                    + " it predicts");
        }
        LmData data;
        try {
            data = LmData.prepare(text, validationFraction, hp.batchSize(), spread.partitions(),
                    lm.validationSlice());
        } catch (InvalidInputException e) {
            throw e;
        } catch (Exception e) {
            // Hadoop's IOExceptions arrive undeclared through Scala, task failures as SparkException
            throw new InvalidInputException("cannot read the text: " + SparkErrors.rootMessage(e));
        }
        try {
            return run(JavaSparkContext.fromSparkContext(spark.sparkContext()), data, hp, lm, spread, options);
        } finally {
            data.shards().unpersist(false);
        }
    }

    private static LmResult run(JavaSparkContext sc, LmData data, HyperParameters hp, LmSettings lm,
            SparkOptions spread, RunOptions options) throws IOException {
        int vocab = data.vocabulary().size();
        TaskTraining.Streams streams = TaskTraining.streams(hp.seed());
        SequenceModel network = TaskTraining.newModel(hp, vocab, lm.embeddingSize(), vocab, OutputMode.EVERY_STEP,
                streams.init());
        LanguageModel model = new LanguageModel(network, data.vocabulary());
        ObjectNode task = taskJson(model, data, hp, lm);
        Cursor cursor = new Cursor(data.streamLength(), lm.sequenceLength());
        if (options.resumeDir() != null) {
            // a language model's directory, not another task's: say so before comparing its contents
            LanguageModel.fromContents(ModelDirectory.load(options.resumeDir(), KernelProvider.get()),
                    options.resumeDir().resolve(ModelDirectory.MANIFEST).toString());
        }
        String runId = UUID.randomUUID().toString();
        Broadcast<LmShareWorker.RunSpec> spec = sc.broadcast(new LmShareWorker.RunSpec(runId,
                ModelDirectory.modelToJson(network.config()).toString(), lm.sequenceLength(),
                streams.dropout().state()));
        int[] validation = data.validation();
        DoubleSupplier validate = validation.length >= 2
                ? () -> LmEvaluator.evaluate(network, validation, 0).loss()
                : null;
        List<Parameter> params = network.parameters();
        int blocks = network.config().rnn().numLayers() * network.config().rnn().directions();
        Function<Trainer, TrainingLoop.StepFunction> steps = trainer -> () -> {
            RecurrentState carried = trainer.carriedState();
            float[][] weights = new float[params.size()][];
            for (int i = 0; i < params.size(); i++) {
                weights[i] = params.get(i).value().clone();
            }
            StepInput in = new StepInput(trainer.optimizer().stepCount() + 1,
                    cursor.batchSteps() * (long) hp.batchSize(), weights, cursor.position, cursor.epoch,
                    carried == null ? null : carried.hidden().clone(),
                    carried == null || carried.cell() == null ? null : carried.cell().clone());
            GradientSum sum = step(sc, data.shards(), spec, in, spread);
            for (int i = 0; i < params.size(); i++) {
                float[] g = params.get(i).grad();
                double[] acc = sum.gradient[i];
                for (int j = 0; j < g.length; j++) {
                    g[j] = (float) acc[j];
                }
            }
            // the source moves before the update, as a one-machine step draws its batch first
            cursor.advance();
            StepResult result = trainer.applyGradient(sum.loss, (int) sum.positions);
            trainer.setCarriedState(gather(sum, network, hp.batchSize(), blocks, spread.partitions(), carried));
            return result;
        };
        TrainingSummary during;
        try {
            during = TaskTraining.fit(network, new CursorSource(cursor), streams.dropout(), LossKind.CROSS_ENTROPY,
                    null, hp, options, validate, task, steps);
        } finally {
            spec.destroy();
            LmShareWorker.release(runId);
        }
        LmScore score = validation.length >= 2
                ? LmEvaluator.evaluate(network, validation, data.validationSkipped())
                : null;
        TrainingSummary summary = new TrainingSummary(during.steps(), during.trainLoss(),
                score == null ? Double.NaN : score.loss(), during.positionsPerSecond(), during.elapsedSeconds(),
                during.stopReason(), during.bestStep(), during.bestValidationLoss());
        return new LmResult(model, summary, score);
    }

    /** One step's shares, added as {@code spread} says. */
    private static GradientSum step(JavaSparkContext sc, JavaRDD<LmShard> shards,
            Broadcast<LmShareWorker.RunSpec> spec, StepInput in, SparkOptions spread) {
        Broadcast<StepInput> input = sc.broadcast(in);
        try {
            JavaRDD<ShareResult> results = shards.mapPartitions(it -> {
                List<ShareResult> out = new ArrayList<>(1);
                while (it.hasNext()) {
                    out.add(LmShareWorker.run(spec.value(), it.next(), input.value()));
                }
                return out.iterator();
            }, true);
            return GradientSum.reduce(results, spread);
        } finally {
            input.destroy();
        }
    }

    /** The state all {@code batch} streams carry into the next step, from the shares' final states. */
    private static RecurrentState gather(GradientSum sum, SequenceModel model, int batch, int blocks, int partitions,
            RecurrentState into) {
        RecurrentState state = into != null && into.batch() == batch
                ? into
                : new RecurrentState(model.config().rnn(), batch);
        for (Map.Entry<Integer, float[][]> e : sum.states.entrySet()) {
            int p = e.getKey();
            int firstStream = SparkOptions.shareStart(batch, p, partitions);
            int count = SparkOptions.shareStart(batch, p + 1, partitions) - firstStream;
            StreamColumns.insert(e.getValue()[0], state.hidden(), blocks, batch, firstStream, count);
            if (state.cell() != null) {
                StreamColumns.insert(e.getValue()[1], state.cell(), blocks, batch, firstStream, count);
            }
        }
        return state;
    }

    /** The task object {@code LmTraining} writes: the model's, the data fingerprint, the settings, the hyper-parameters. */
    static ObjectNode taskJson(LanguageModel model, LmData data, HyperParameters hp, LmSettings lm) {
        ObjectNode task = model.taskJson();
        ObjectNode d = task.putObject("data");
        d.put("sha256", data.sha256());
        d.put("validation_fraction", data.validationFraction());
        task.set("lm", lm.toJson());
        task.set(TaskTraining.HYPER_PARAMETERS_KEY, hp.toJson());
        return task;
    }

    /** {@code TokenStreams}' position without its tokens: the driver only moves it. */
    static final class Cursor {
        final int streamLength;
        final int chunk;
        long position;
        long epoch;

        Cursor(int streamLength, int chunk) {
            this.streamLength = streamLength;
            this.chunk = chunk;
        }

        /** The steps of the next batch: every stream's every step is a counted target. */
        int batchSteps() {
            return (int) Math.min(chunk, streamLength - position);
        }

        /** After one batch, as {@code TokenStreams.next} moves. */
        void advance() {
            position += Math.min(chunk, streamLength - position);
            if (position >= streamLength) {
                position = 0;
                epoch++;
            }
        }
    }

    /** The cursor as {@code Trainer.state} and {@code restore} see a source; it never yields batches. */
    private record CursorSource(Cursor at) implements org.rnn4j.train.BatchSource {
        @Override
        public org.rnn4j.train.Batch next() {
            throw new UnsupportedOperationException("the driver's cursor yields no batches; partitions read them");
        }

        @Override
        public long epoch() {
            return at.epoch;
        }

        @Override
        public Map<String, Long> cursor() {
            return DataCursor.of("position", at.position, "epoch", at.epoch);
        }

        @Override
        public void restore(Map<String, Long> saved) {
            DataCursor.Reader r = DataCursor.read(saved, "does not fit this text (stream length "
                    + at.streamLength + ") — was the checkpoint made with other data or another --batch?");
            at.position = r.inRange("position", 0, at.streamLength - 1);
            at.epoch = r.count("epoch");
        }
    }
}
