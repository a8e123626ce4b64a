package org.rnn4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.rnn4j.InvalidInputException;
import org.rnn4j.classify.ClassifierModel;
import org.rnn4j.classify.SequenceEncoding;
import org.rnn4j.data.LabelledSequences;

/**
 * Classifies a Dataset of sequences on Spark with a classifier trained by {@code rnn4j train classify}:
 * the model is broadcast once, and each partition rebuilds one {@link ClassifierModel} and runs its
 * rows through it in blocks.
 *
 * <pre>
 * Dataset&lt;Row&gt; classified = SparkClassifyScoring.score(spark, reviews, "text", Path.of("runs/sentiment"), 64);
 * </pre>
 *
 * <p>The sequence column is what the model reads: a string of characters for a token classifier
 * (characters outside its vocabulary read as the unknown token and are counted, as {@code rnn4j classify}
 * does), or, for a
 * dense one, an {@code array<array<double>>} of {@code [T][F]} raw feature values (an {@code array<double>}
 * when {@code F} is 1), normalized with the model's training statistics.
 *
 * <p>The result has the input's columns followed by {@code predicted} (the most probable class name),
 * {@code probability} (its probability), {@code probabilities} (every class's, in the order of
 * {@link #classNames}) and {@code unknown} (characters outside the vocabulary), one row per input row in the input's order within each
 * partition. A sequence with no step to read (null, empty, or no character of the vocabulary) gets
 * nulls for the three predictions rather than failing the job.
 */
public final class SparkClassifyScoring {

    /** Sequences per forward pass: the classifier's own prediction batch. */
    public static final int DEFAULT_BLOCK = 64;

    private SparkClassifyScoring() {
    }

    /** The class names of the classifier in {@code modelDir}, in the order of the {@code probabilities} column. */
    public static List<String> classNames(Path modelDir) throws IOException {
        return ClassifierModel.load(modelDir).encoding().classNames();
    }

    /**
     * Classifies column {@code sequenceColumn} of {@code sequences} with the classifier in {@code modelDir}.
     *
     * @param block sequences per forward pass in a partition, at least 1
     * @throws InvalidInputException when {@code modelDir} is not a classifier's directory (another task's,
     *                               missing, corrupt), or the column is missing or not of the type the model
     *                               reads
     */
    public static Dataset<Row> score(SparkSession spark, Dataset<Row> sequences, String sequenceColumn,
            Path modelDir, int block) throws IOException {
        if (block < 1) {
            throw new InvalidInputException("the block should be at least 1 sequence, got " + block);
        }
        ClassifierModel model = ClassifierModel.load(modelDir);
        SequenceEncoding encoding = model.encoding();
        StructType in = sequences.schema();
        if (!Arrays.asList(in.fieldNames()).contains(sequenceColumn)) {
            throw new InvalidInputException("no column '" + sequenceColumn + "' to classify; the data has "
                    + String.join(", ", in.fieldNames()));
        }
        int column = in.fieldIndex(sequenceColumn);
        DataType type = in.fields()[column].dataType();
        int features = encoding.tokenInput() ? 0 : encoding.inputSize();
        boolean scalarSteps = type.equals(DataTypes.createArrayType(DataTypes.DoubleType, true))
                || type.equals(DataTypes.createArrayType(DataTypes.DoubleType, false));
        boolean fits = encoding.tokenInput()
                ? type.equals(DataTypes.StringType)
                : (scalarSteps && features == 1) || isArrayOfDoubleArrays(type);
        if (!fits) {
            throw new InvalidInputException("column '" + sequenceColumn + "' holds " + type.simpleString()
                    + " but " + modelDir + " reads " + (encoding.tokenInput()
                            ? "text (a string of characters)"
                            : features + " features per step (array<array<double>>"
                                    + (features == 1 ? " or array<double>" : "") + ")"));
        }
        Broadcast<BroadcastModel> bytes = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(BroadcastModel.of(model.model(), model.taskJson(null)));
        StructType out = in.add("predicted", DataTypes.StringType).add("probability", DataTypes.DoubleType)
                .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType, false))
                .add("unknown", DataTypes.IntegerType);
        int width = in.size();
        return spark.createDataFrame(sequences.javaRDD().mapPartitions(rows -> new Iterator<Row>() {
            private BlockClassifier classifier;
            private final List<Row> pending = new ArrayList<>();
            private BlockClassifier.Answer[] answers;
            private int next;

            @Override
            public boolean hasNext() {
                if (next < pending.size()) {
                    return true;
                }
                pending.clear();
                next = 0;
                while (pending.size() < block && rows.hasNext()) {
                    pending.add(rows.next());
                }
                if (pending.isEmpty()) {
                    return false;
                }
                if (classifier == null) {
                    // one model per partition, reused for every block of its rows
                    classifier = new BlockClassifier(
                            ClassifierModel.fromContents(bytes.value().contents(), "the broadcast model"));
                }
                answers = classifier.classify(pending, column, scalarSteps);
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = pending.get(next);
                BlockClassifier.Answer a = answers[next++];
                Object[] values = new Object[width + 4];
                for (int c = 0; c < width; c++) {
                    values[c] = r.get(c);
                }
                if (a.probabilities() != null) {
                    values[width] = a.predicted();
                    values[width + 1] = a.probabilities()[a.predictedId()];
                    values[width + 2] = a.probabilities();
                }
                values[width + 3] = a.unknown();
                return RowFactory.create(values);
            }
        }), out);
    }

    private static boolean isArrayOfDoubleArrays(DataType type) {
        return type instanceof ArrayType outer && outer.elementType() instanceof ArrayType inner
                && inner.elementType().equals(DataTypes.DoubleType);
    }

    /** One partition's classifier: encodes a block of rows as the model's encoding does and predicts them. */
    static final class BlockClassifier {

        /** One row's answer; {@code probabilities} is null when the row had no step to read. */
        record Answer(String predicted, int predictedId, double[] probabilities, int unknown) {
        }

        private final ClassifierModel model;
        private final double[] mean; // [F], dense input
        private final double[] std;  // [F], dense input

        BlockClassifier(ClassifierModel model) {
            this.model = model;
            SequenceEncoding e = model.encoding();
            if (e.tokenInput()) {
                mean = null;
                std = null;
            } else {
                // the encoding's training statistics, read from its saved form
                JsonNode json = e.toJson();
                mean = numbers(json.get("feature_mean"));
                std = numbers(json.get("feature_std"));
            }
        }

        private static double[] numbers(JsonNode array) {
            double[] out = new double[array.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = array.get(i).asDouble();
            }
            return out;
        }

        Answer[] classify(List<Row> rows, int column, boolean scalarSteps) {
            int n = rows.size();
            Answer[] out = new Answer[n];
            List<Integer> readable = new ArrayList<>(n);
            List<int[]> tokens = new ArrayList<>(n);
            List<float[][]> features = new ArrayList<>(n);
            int[] unknown = new int[n];
            for (int i = 0; i < n; i++) {
                Row r = rows.get(i);
                if (r.isNullAt(column)) {
                    continue;
                }
                if (mean == null) {
                    String text = r.getString(column);
                    unknown[i] = model.encoding().unknownCount(text);
                    if (unknown[i] < text.codePointCount(0, text.length())) {
                        readable.add(i);
                        tokens.add(model.encoding().tokenIds(text));
                    }
                } else {
                    float[][] x = dense(r.getList(column), scalarSteps);
                    if (x.length > 0) {
                        readable.add(i);
                        features.add(x);
                    }
                }
            }
            if (!readable.isEmpty()) {
                int m = readable.size();
                List<String> ids = new ArrayList<>(m);
                for (int i : readable) {
                    ids.add("row " + i);
                }
                LabelledSequences seqs = new LabelledSequences(ids,
                        mean == null ? null : features.toArray(new float[0][][]),
                        mean == null ? tokens.toArray(new int[0][]) : null, new int[m],
                        model.encoding().classNames());
                double[][] p = model.predict(seqs);
                int[] best = ClassifierModel.argmax(p);
                for (int k = 0; k < m; k++) {
                    int i = readable.get(k);
                    out[i] = new Answer(model.encoding().classNames().get(best[k]), best[k], p[k], unknown[i]);
                }
            }
            for (int i = 0; i < n; i++) {
                if (out[i] == null) {
                    out[i] = new Answer(null, -1, null, unknown[i]);
                }
            }
            return out;
        }

        /** {@code [T][F]} raw values z-scored as the encoding does, in double then rounded to float. */
        private float[][] dense(List<Object> steps, boolean scalarSteps) {
            int f = mean.length;
            float[][] x = new float[steps.size()][f];
            for (int t = 0; t < x.length; t++) {
                List<Double> row = scalarSteps ? List.of((Double) steps.get(t)) : asDoubles(steps.get(t));
                if (row.size() != f) {
                    throw new InvalidInputException("step " + t + " has " + row.size() + " features, but the model"
                            + " reads " + f + " (" + String.join(", ", model.encoding().featureColumns()) + ")");
                }
                for (int j = 0; j < f; j++) {
                    x[t][j] = (float) ((row.get(j) - mean[j]) / std[j]);
                }
            }
            return x;
        }

        @SuppressWarnings("unchecked")
        private static List<Double> asDoubles(Object step) {
            if (step instanceof scala.collection.Seq<?> seq) {
                return (List<Double>) (List<?>) scala.jdk.javaapi.CollectionConverters.asJava(seq);
            }
            return (List<Double>) step;
        }
    }
}
