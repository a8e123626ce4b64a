package org.rnn4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.serve.Predictor;

/**
 * Scores a Dataset of texts under a character language model on Spark: the model is broadcast once,
 * and each partition runs its rows through one {@link LmSequenceScorer} (one session) in blocks.
 *
 * <pre>
 * Dataset&lt;Row&gt; scored = SparkLmScoring.score(spark, texts, "text", Path.of("runs/shakespeare"), 64);
 * </pre>
 *
 * <p>The result has the input's columns followed by {@code characters}, {@code skipped},
 * {@code loss} (nats per next character), {@code bits_per_char} and {@code next} (the most likely
 * character after the text), one row per input row, in the input's order within each partition.
 */
public final class SparkLmScoring {

    /** Texts per session step: the scorer's block. */
    public static final int DEFAULT_BLOCK = 64;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkLmScoring() {
    }

    /**
     * What a partition rebuilds the model from, broadcast once.
     *
     * @param modelJson the network's configuration
     * @param taskJson  the language model's task object (its vocabulary)
     * @param weights   [parameters][elements] in the model's order
     */
    record ModelBytes(String modelJson, String taskJson, float[][] weights) implements Serializable {
        private static final long serialVersionUID = 1L;

        LanguageModel model() {
            try {
                SequenceModel m = new SequenceModel(
                        ModelDirectory.modelFromJson(JSON.readTree(modelJson), "the broadcast model"),
                        KernelProvider.get());
                for (int i = 0; i < weights.length; i++) {
                    m.parameters().get(i).set(weights[i]);
                }
                ModelDirectory.Contents c = new ModelDirectory.Contents(m, (ObjectNode) JSON.readTree(taskJson), null,
                        null);
                return LanguageModel.fromContents(c, "the broadcast model");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Scores column {@code textColumn} of {@code texts} with the language model in {@code modelDir}.
     *
     * @throws InvalidInputException when {@code modelDir} is not a language model's directory (another
     *                               task's, missing, corrupt) or the column is missing or not a string
     */
    public static Dataset<Row> score(SparkSession spark, Dataset<Row> texts, String textColumn, Path modelDir,
            int block) throws IOException {
        LanguageModel model = LanguageModel.load(modelDir);
        StructType in = texts.schema();
        if (!Arrays.asList(in.fieldNames()).contains(textColumn)) {
            throw new InvalidInputException("no column '" + textColumn + "' to score; the data has "
                    + String.join(", ", in.fieldNames()));
        }
        int column = in.fieldIndex(textColumn);
        if (!in.fields()[column].dataType().equals(DataTypes.StringType)) {
            throw new InvalidInputException("column '" + textColumn + "' holds " + in.fields()[column].dataType()
                    .simpleString() + ", not text");
        }
        List<Parameter> params = model.model().parameters();
        float[][] weights = new float[params.size()][];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = params.get(i).value().clone();
        }
        Broadcast<ModelBytes> bytes = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(
                new ModelBytes(ModelDirectory.modelToJson(model.model().config()).toString(),
                        model.taskJson().toString(), weights));
        StructType out = in.add("characters", DataTypes.IntegerType).add("skipped", DataTypes.IntegerType)
                .add("loss", DataTypes.DoubleType).add("bits_per_char", DataTypes.DoubleType)
                .add("next", DataTypes.StringType);
        int width = in.size();
        return spark.createDataFrame(texts.javaRDD().mapPartitions(rows -> new Iterator<Row>() {
            private LmSequenceScorer scorer;
            private final List<Row> pending = new ArrayList<>();
            private final List<String> blockTexts = new ArrayList<>();
            private LmSequenceScorer.Score[] scores = new LmSequenceScorer.Score[0];
            private int next;

            @Override
            public boolean hasNext() {
                if (next < pending.size()) {
                    return true;
                }
                pending.clear();
                blockTexts.clear();
                next = 0;
                while (pending.size() < block && rows.hasNext()) {
                    Row r = rows.next();
                    pending.add(r);
                    blockTexts.add(r.isNullAt(column) ? "" : r.getString(column));
                }
                if (pending.isEmpty()) {
                    return false;
                }
                if (scorer == null) {
                    LanguageModel lm = bytes.value().model();
                    // one session per partition, reused for every block of its rows
                    scorer = new LmSequenceScorer(Predictor.of(lm.model(), lm.taskJson()).newSession(block),
                            lm.vocabulary());
                }
                scores = new LmSequenceScorer.Score[pending.size()];
                scorer.score(blockTexts, 0, scores.length, scores);
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = pending.get(next);
                LmSequenceScorer.Score s = scores[next++];
                Object[] values = new Object[width + 5];
                for (int c = 0; c < width; c++) {
                    values[c] = r.get(c);
                }
                values[width] = s.characters();
                values[width + 1] = s.skipped();
                values[width + 2] = s.loss();
                values[width + 3] = s.loss() / Math.log(2);
                values[width + 4] = s.next();
                return RowFactory.create(values);
            }
        }), out);
    }
}
