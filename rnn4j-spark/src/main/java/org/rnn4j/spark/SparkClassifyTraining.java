package org.rnn4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.rnn4j.InvalidInputException;
import org.rnn4j.classify.ClassificationData;
import org.rnn4j.classify.ClassifierBlend;
import org.rnn4j.classify.ClassifierHead;
import org.rnn4j.classify.ClassifierModel;
import org.rnn4j.classify.ClassifyResult;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.classify.ClassifySettings;
import org.rnn4j.classify.PositionLinear;
import org.rnn4j.classify.SequenceEncoding;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TaskTraining;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.Batch;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainingLoop;
import org.rnn4j.data.SequenceBatches;
import scala.Tuple2;

/**
 * A sequence classifier trained on Spark by synchronous data parallelism: the run
 * {@code ClassifyRunner.train} makes on one machine, step for step, from a Dataset with one token string
 * and one label a row.
 *
 * <pre>
 * ClassifySettings s = ClassifySettings.perRow("sequence", "class").withTestFraction(0);
 * ClassifyResult r = SparkClassifyTraining.train(spark, rows, s, ClassifyRunner.defaultHyperParameters(),
 *         SparkOptions.ordered(8), RunOptions.none().withCheckpoints(Path.of("runs/splice"), 0));
 * </pre>
 *
 * <p>Only the labels come to the driver during training: it draws the stratified validation hold-out and every batch's
 * members exactly as one machine does ({@link ClassificationData#validationHoldOut},
 * {@link SequenceBatches#indicesOnly}). The executors encode the sequences once into one cached
 * {@link ClassifyShard} a partition, training sequence {@code k} of {@code n} on partition
 * {@code ⌊kP/n⌋}. Each step the driver broadcasts the weights and the batch's members; every partition
 * computes the loss and gradient of the members it holds ({@link Trainer#shareGradient}, over the global
 * batch's denominator), and the driver adds them ({@link Reduction}), clips and steps. Validation (for
 * early stopping, which keeps the best weights) is summed over cached validation shards the same way.
 * Everything else (divergence rollback, checkpoints, exact resume) is {@link TaskTraining#fit}'s, so the
 * model directory is the one-machine run's: {@code rnn4j classify}, {@code eval}, the Java
 * {@code Predictor} and {@link SparkClassifyScoring} read it.
 *
 * <p>A partition's share of a batch is the members it holds, so shares vary from step to step around
 * {@code B/P}. Dropout masks are drawn per share from a generator fixed by the seed, step and share, so
 * with dropout the run is reproducible but not the one-machine run. The test part is not held out here:
 * score a test Dataset with {@link SparkClassifyScoring}.
 */
public final class SparkClassifyTraining {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkClassifyTraining() {
    }

    /** What does not change during a run, broadcast once. */
    record RunSpec(String runId, String modelJson, double[] classWeights, long dropoutSeed, List<String> classNames,
            String encodingJson)
            implements
                Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One step's broadcast: the weights and the global batch's members. */
    record StepInput(int step, int[] members, double denominator, float[][] weights) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Trains a classifier on {@code data} (every row a training or validation sequence) as
     * {@code settings} say; with {@code options.checkpointDir()} the model directory is written there
     * every {@code checkpointEvery} steps and at the end, and {@code options.resumeDir()} continues a run
     * exactly.
     *
     * @throws InvalidInputException for long-form settings, a test fraction above 0, a missing column, a
     *                               sequence column that is not a string, a row without a label or sequence,
     *                               a class with a single sequence, a global batch smaller than the partition
     *                               count, or a resume directory of another run
     */
    public static ClassifyResult train(SparkSession spark, Dataset<Row> data, ClassifySettings settings,
            HyperParameters hp, SparkOptions spread, RunOptions options) throws IOException {
        return train(spark, data, settings, hp, spread, options, ClassifierBlend.Mode.AUTO);
    }

    /**
     * {@link #train(SparkSession, Dataset, ClassifySettings, HyperParameters, SparkOptions, RunOptions)}, with
     * the linear blend as {@code blend} says. The blend is fitted on the driver after the network's run, as
     * one machine fits it with the weight chosen on the validation part (no fold networks), and only where
     * the position-wise model applies and is small enough to fit there ({@link ClassifierBlend#applies}):
     * then, and only then, the training and validation sequences come to the driver.
     */
    public static ClassifyResult train(SparkSession spark, Dataset<Row> data, ClassifySettings settings,
            HyperParameters hp, SparkOptions spread, RunOptions options, ClassifierBlend.Mode blend)
            throws IOException {
        int partitions = spread.partitions();
        if (settings.isLongForm()) {
            throw new InvalidInputException("Spark classification reads one token string a row: give the settings a"
                    + " sequence column (ClassifySettings.perRow)");
        }
        if (settings.testFraction() > 0) {
            throw new InvalidInputException("the Dataset is the training data: hold the test part out yourself and"
                    + " give a test fraction of 0, got " + settings.testFraction());
        }
        if (hp.batchSize() < partitions) {
            throw new InvalidInputException("the global batch of " + hp.batchSize() + " sequences is smaller than the "
                    + partitions + " partitions: every partition needs at least one (raise --batch or lower"
                    + " --partitions)");
        }
        List<String> columns = Arrays.asList(data.columns());
        for (String c : new String[] {settings.sequenceColumn(), settings.labelColumn()}) {
            if (!columns.contains(c)) {
                throw new InvalidInputException("no column '" + c + "' in the data; it has " + String.join(", ",
                        columns));
            }
        }
        if (!data.schema().apply(settings.sequenceColumn()).dataType().equals(DataTypes.StringType)) {
            throw new InvalidInputException("column '" + settings.sequenceColumn() + "' holds "
                    + data.schema().apply(settings.sequenceColumn()).dataType().simpleString()
                    + "; a classifier trained on Spark reads a string of characters a row");
        }
        JavaRDD<Row> rows = data.select(data.col(settings.sequenceColumn()),
                data.col(settings.labelColumn()).cast(DataTypes.StringType)).javaRDD();
        rows.persist(StorageLevel.MEMORY_AND_DISK());
        Prepared prepared;
        try {
            prepared = prepare(JavaSparkContext.fromSparkContext(spark.sparkContext()), rows, settings, partitions);
        } catch (InvalidInputException e) {
            throw e;
        } catch (Exception e) {
            // a task's InvalidInputException arrives as a SparkException, Hadoop's IOExceptions undeclared
            throw new InvalidInputException("cannot read the sequences: " + SparkErrors.rootMessage(e));
        } finally {
            rows.unpersist(false);
        }
        try {
            return run(JavaSparkContext.fromSparkContext(spark.sparkContext()), prepared, settings, hp, spread,
                    options, blend);
        } finally {
            prepared.train.unpersist(false);
            prepared.validation.unpersist(false);
        }
    }

    /** The encoding, the cached shards and what the driver keeps of the labels. */
    private record Prepared(SequenceEncoding encoding, JavaRDD<ClassifyShard> train, JavaRDD<ClassifyShard> validation,
            int trainSize, int validationSize, int[] trainLabels, int fixedLength) {
    }

    private static Prepared prepare(JavaSparkContext sc, JavaRDD<Row> rows, ClassifySettings settings,
            int partitions) {
        String source = "the Dataset";
        String sequenceColumn = settings.sequenceColumn();
        List<String> labels = rows.map(r -> {
            if (r.isNullAt(0) || r.getString(0).isEmpty()) {
                throw new InvalidInputException("a row has no sequence in column '" + sequenceColumn + "'");
            }
            return r.isNullAt(1) ? null : r.getString(1);
        }).collect();
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i) == null) {
                throw new InvalidInputException("row " + (i + 1) + " has no label in column '" + settings.labelColumn()
                        + "'");
            }
        }
        boolean[] held = ClassificationData.validationHoldOut(labels, settings.validationFraction(), settings.seed(),
                source);
        int[] part = new int[labels.size()]; // each row's index in its part, training or validation
        List<String> trainLabels = new ArrayList<>();
        int validationSize = 0;
        for (int i = 0; i < part.length; i++) {
            part[i] = held[i] ? validationSize++ : trainLabels.size();
            if (!held[i]) {
                trainLabels.add(labels.get(i));
            }
        }
        int trainSize = trainLabels.size();
        Broadcast<boolean[]> heldOut = sc.broadcast(held);
        Broadcast<int[]> index = sc.broadcast(part);
        try {
            JavaPairRDD<Row, Long> indexed = rows.zipWithIndex();
            int[] vocabulary = indexed.filter(t -> !heldOut.value()[(int) (long) t._2()])
                    .flatMap(t -> t._1().getString(0).codePoints().boxed().iterator()).distinct().collect().stream()
                    .mapToInt(Integer::intValue).toArray();
            SequenceEncoding encoding = SequenceEncoding.perRow(settings.labelColumn(), settings.idColumn(),
                    settings.sequenceColumn(), trainLabels, vocabulary, source);
            String encodingJson = encoding.toJson().toString();
            JavaRDD<ClassifyShard> train = shards(indexed, heldOut, index, false, trainSize, partitions, encodingJson);
            JavaRDD<ClassifyShard> validation = shards(indexed, heldOut, index, true, validationSize, partitions,
                    encodingJson);
            int[] range = {Integer.MAX_VALUE, Integer.MIN_VALUE};
            for (JavaRDD<ClassifyShard> s : List.of(train, validation)) {
                for (int[] r : s.map(ClassifyShard::lengthRange).collect()) {
                    range[0] = Math.min(range[0], r[0]);
                    range[1] = Math.max(range[1], r[1]);
                }
            }
            int[] trainIds = new int[trainSize];
            for (int k = 0; k < trainSize; k++) {
                trainIds[k] = encoding.classNames().indexOf(trainLabels.get(k));
            }
            return new Prepared(encoding, train, validation, trainSize, validationSize, trainIds,
                    range[0] == range[1] ? range[0] : 0);
        } finally {
            heldOut.destroy();
            index.destroy();
        }
    }

    /**
     * One cached shard a partition of the training ({@code validation} false) or validation part: sequence
     * {@code k} of {@code size} on partition {@code ⌊kP/size⌋}, encoded there.
     */
    private static JavaRDD<ClassifyShard> shards(JavaPairRDD<Row, Long> indexed, Broadcast<boolean[]> heldOut,
            Broadcast<int[]> index, boolean validation, int size, int partitions, String encodingJson) {
        JavaRDD<ClassifyShard> shards = indexed.filter(t -> heldOut.value()[(int) (long) t._2()] == validation)
                .mapToPair(t -> {
                    int k = index.value()[(int) (long) t._2()];
                    return new Tuple2<>((int) ((long) k * partitions / Math.max(size, 1)),
                            new Tuple2<>(k, t._1()));
                })
                .partitionBy(new LmData.SharePartitioner(partitions))
                .mapPartitionsWithIndex((p, it) -> {
                    SequenceEncoding encoding = encoding(encodingJson);
                    List<Tuple2<Integer, Row>> members = new ArrayList<>();
                    it.forEachRemaining(t -> members.add(t._2()));
                    members.sort((a, b) -> Integer.compare(a._1(), b._1()));
                    int n = members.size();
                    int[] rows = new int[n];
                    int[][] tokens = new int[n][];
                    int[] labels = new int[n];
                    for (int i = 0; i < n; i++) {
                        Row r = members.get(i)._2();
                        rows[i] = members.get(i)._1();
                        tokens[i] = encoding.tokenIds(r.getString(0));
                        labels[i] = encoding.classNames().indexOf(r.getString(1));
                        if (tokens[i].length == 0) {
                            throw new InvalidInputException("validation sequence " + (rows[i] + 1)
                                    + " has no character of the training sequences' vocabulary '"
                                    + encoding.vocabulary() + "'");
                        }
                    }
                    return List.of(new ClassifyShard(p, rows, tokens, labels)).iterator();
                }, true);
        shards.persist(StorageLevel.MEMORY_AND_DISK());
        long built = shards.count();
        if (built != partitions) {
            throw new IllegalStateException(built + " shards were built for " + partitions + " partitions");
        }
        return shards;
    }

    private static SequenceEncoding encoding(String json) {
        try {
            return SequenceEncoding.fromJson(JSON.readTree(json), "the broadcast encoding");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClassifyResult run(JavaSparkContext sc, Prepared data, ClassifySettings settings,
            HyperParameters hp, SparkOptions spread, RunOptions options, ClassifierBlend.Mode blend)
            throws IOException {
        SequenceEncoding encoding = data.encoding();
        TaskTraining.Streams streams = TaskTraining.streams(hp.seed());
        int classes = encoding.classNames().size();
        OutputMode mode = ClassifierHead.AUTO.mode(true, data.fixedLength());
        int positions = mode == OutputMode.ALL_STEPS ? data.fixedLength() : 0;
        SequenceModel network = ClassifyRunner.newNetwork(hp, encoding, mode, positions, streams.init());
        ClassifierModel model = new ClassifierModel(network, encoding);
        SequenceBatches order = SequenceBatches.indicesOnly(data.trainSize(), hp.batchSize(), streams.data());
        double[] weights = ClassifyRunner.classWeights(settings.classWeights(), encoding.classCounts());
        String runId = UUID.randomUUID().toString();
        Broadcast<RunSpec> spec = sc.broadcast(new RunSpec(runId, ModelDirectory.modelToJson(network.config())
                .toString(), weights, streams.dropout().state(), encoding.classNames(), encoding.toJson().toString()));
        DoubleSupplier validation = null;
        if (data.validationSize() > 0) {
            validation = () -> validationLoss(sc, data.validation(), spec, network);
            if (options.validateEvery() == 0 && hp.patience() > 0) {
                options = options.withValidateEvery(ClassifyRunner.validationInterval(data.trainSize(),
                        hp.batchSize()));
            }
        }
        ObjectNode task = model.taskJson(hp.toJson());
        task.set(ClassifyRunner.DATA_KEY, ClassifyRunner.dataJson(settings, weights));
        Function<Trainer, TrainingLoop.StepFunction> steps = trainer -> () -> {
            int[] members = order.nextMembers();
            double denominator = 0;
            for (int m : members) {
                denominator += weights == null ? 1 : weights[data.trainLabels()[m]];
            }
            GradientSum sum = step(sc, data.train(), spec,
                    new StepInput(trainer.optimizer().stepCount() + 1, members, denominator, weightsOf(network)),
                    spread);
            List<Parameter> params = network.parameters();
            for (int i = 0; i < params.size(); i++) {
                float[] g = params.get(i).grad();
                double[] acc = sum.gradient[i];
                for (int j = 0; j < g.length; j++) {
                    g[j] = (float) acc[j];
                }
            }
            return trainer.applyGradient(sum.loss, (int) sum.positions);
        };
        TrainingSummary summary;
        try {
            summary = TaskTraining.fit(network, order, streams.dropout(), LossKind.CROSS_ENTROPY, weights, hp, options,
                    validation, task, steps);
        } finally {
            spec.destroy();
            ShareWorker.release(runId);
        }
        ClassifierModel trained = model;
        int length = data.fixedLength();
        if (blend == ClassifierBlend.Mode.AUTO && data.validationSize() > 0 && length > 0
                && PositionLinear.fits(length, encoding.inputSize(), classes)
                && PositionLinear.affordable(data.trainSize() + (long) data.validationSize(), length,
                        encoding.inputSize(), classes)) {
            LabelledSequences train = collect(data.train(), encoding.classNames());
            LabelledSequences held = collect(data.validation(), encoding.classNames());
            if (ClassifierBlend.applies(blend, encoding, train, held, null)) {
                trained = model.withBlend(ClassifierBlend.fit(model, train, held, weights, hp.seed(), null));
                if (options.checkpointDir() != null) {
                    task.set(ClassifierModel.BLEND_KEY, trained.blend().toJson());
                    ModelDirectory.replaceTask(options.checkpointDir(), task);
                }
            }
        }
        return new ClassifyResult(trained, summary, null);
    }

    /** The sequences of cached shards, in shard order, on the driver. */
    private static LabelledSequences collect(JavaRDD<ClassifyShard> shards, List<String> classNames) {
        List<ClassifyShard> all = new ArrayList<>(shards.collect());
        all.sort(Comparator.comparingInt(ClassifyShard::index));
        List<String> ids = new ArrayList<>();
        List<int[]> tokens = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (ClassifyShard shard : all) {
            for (int i = 0; i < shard.rows().length; i++) {
                ids.add("row " + shard.rows()[i]);
                tokens.add(shard.tokens()[i]);
                labels.add(shard.labels()[i]);
            }
        }
        return new LabelledSequences(ids, null, tokens.toArray(new int[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
    }

    private static float[][] weightsOf(SequenceModel network) {
        List<Parameter> params = network.parameters();
        float[][] w = new float[params.size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = params.get(i).value().clone();
        }
        return w;
    }

    /** One step's shares, added as {@code spread} says. */
    private static GradientSum step(JavaSparkContext sc, JavaRDD<ClassifyShard> shards, Broadcast<RunSpec> spec,
            StepInput in, SparkOptions spread) {
        Broadcast<StepInput> input = sc.broadcast(in);
        try {
            JavaRDD<ShareResult> results = shards.mapPartitions(it -> {
                List<ShareResult> out = new ArrayList<>(1);
                while (it.hasNext()) {
                    out.add(share(spec.value(), it.next(), input.value()));
                }
                return out.iterator();
            }, true);
            return GradientSum.reduce(results, spread);
        } finally {
            input.destroy();
        }
    }

    /** Shard {@code shard}'s part of step {@code in}: zero when it holds none of the batch's members. */
    private static ShareResult share(RunSpec spec, ClassifyShard shard, StepInput in) {
        return ShareWorker.with(spec.runId(), spec.modelJson(), LossKind.CROSS_ENTROPY, spec.classWeights(), w -> {
            Batch batch = shard.batch(in.members(), spec.classNames());
            if (batch == null) {
                return new ShareResult(shard.index(), 0, 0, w.gradients(true), null, null);
            }
            w.setWeights(in.weights());
            w.dropout.setState(LmShareWorker.shareSeed(spec.dropoutSeed(), in.step(), shard.index()));
            Trainer.ShareLoss part = w.trainer.shareGradient(batch, in.denominator());
            return new ShareResult(shard.index(), part.loss(), part.positions(), w.gradients(false), null, null);
        });
    }

    /** The validation loss of the driver's current weights, its sums added over the shards in order. */
    private static double validationLoss(JavaSparkContext sc, JavaRDD<ClassifyShard> shards, Broadcast<RunSpec> spec,
            SequenceModel network) {
        Broadcast<float[][]> weights = sc.broadcast(weightsOf(network));
        try {
            List<double[]> sums = shards.map(shard -> ShareWorker.with(spec.value().runId(), spec.value().modelJson(),
                    LossKind.CROSS_ENTROPY, spec.value().classWeights(), w -> {
                        if (shard.rows().length == 0) {
                            return new double[2];
                        }
                        w.setWeights(weights.value());
                        ClassifierModel m = new ClassifierModel(w.model, encoding(spec.value().encodingJson()));
                        return m.lossSums(shard.sequences(spec.value().classNames()), spec.value().classWeights());
                    })).collect();
            double loss = 0;
            double weight = 0;
            for (double[] s : sums) {
                loss += s[0];
                weight += s[1];
            }
            return weight == 0 ? Double.NaN : loss / weight;
        } finally {
            weights.destroy();
        }
    }
}
