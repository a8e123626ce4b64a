package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.rnn4j.InvalidInputException;
import org.rnn4j.classify.ClassifierModel;
import org.rnn4j.forecast.AutoForecastModel;
import org.rnn4j.forecast.ForecastModel;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.spark.SparkClassifyScoring;
import org.rnn4j.spark.SparkErrors;
import org.rnn4j.spark.SparkForecastScoring;

/**
 * The classification and forecasting halves of {@code spark-score}: the CSV that {@code rnn4j classify}
 * or {@code rnn4j forecast} reads, read by Spark into the Dataset the library's scorer takes, and the
 * answers written as the CSV those commands write ({@link SparkRuns#writeCsv}). Like {@link SparkRuns},
 * only the spark-* commands reach this class.
 *
 * <p>Rows are numbered in file order ({@code zipWithIndex}) so that sequences and series come out in the
 * order the one-machine commands give them (first appearance in the file), and a series' rows are read
 * in file order, as {@code rnn4j forecast} reads them. Numbers are parsed as {@code CsvTable.number}
 * parses them, with the same one-line error.
 */
final class SparkCsvScoring {

    private static final String ROW = "__row";
    private static final String ID = "__id";
    private static final String SEQUENCE = "__sequence";
    private static final String TIME = "__time";
    private static final String FIRST = "__first";
    private static final String PERIODS = "__periods";
    private static final String STEP = "__step";

    private SparkCsvScoring() {
    }

    /**
     * Classifies every sequence of {@code data} (laid out like the classifier's training table) and writes
     * {@code id,predicted,p_<class>...} as {@code rnn4j classify --out} does.
     *
     * @return sequences written
     */
    static long classify(String master, Path model, String data, Path out, Integer partitions, int block)
            throws IOException {
        ClassifierModel cm = ClassifierModel.load(model);
        JsonNode encoding = cm.encoding().toJson();
        boolean longForm = "long".equals(encoding.path("form").asText());
        String idColumn = nullableText(encoding, "id_column");
        List<String> classes = cm.encoding().classNames();
        SparkSession spark = SparkRuns.session(master);
        try {
            shufflePartitions(spark, partitions);
            Dataset<Row> csv = readCsv(spark, data);
            Dataset<Row> sequences = longForm
                    ? longFormSequences(spark, csv, data, idColumn, nullableText(encoding, "order_column"),
                            cm.encoding().featureColumns())
                    : rowSequences(spark, csv, data, idColumn, nullableText(encoding, "sequence_column"));
            Dataset<Row> scored = SparkClassifyScoring.score(spark, sequences, SEQUENCE, model, block);
            StructType schema = new StructType().add(ROW, DataTypes.LongType).add("id", DataTypes.StringType)
                    .add("predicted", DataTypes.StringType);
            for (String c : classes) {
                schema = schema.add("p_" + c, DataTypes.StringType);
            }
            int row = scored.schema().fieldIndex(ROW);
            int id = scored.schema().fieldIndex(ID);
            int predicted = scored.schema().fieldIndex("predicted");
            int probabilities = scored.schema().fieldIndex("probabilities");
            int width = schema.size();
            JavaRDD<Row> lines = scored.javaRDD().map(r -> {
                if (r.isNullAt(predicted)) {
                    throw new InvalidInputException(data + ": sequence '" + r.getString(id) + "' has no character"
                            + " of the model's vocabulary");
                }
                Object[] v = new Object[width];
                v[0] = r.getLong(row);
                v[1] = r.getString(id);
                v[2] = r.getString(predicted);
                List<Double> p = r.getList(probabilities);
                for (int c = 0; c < p.size(); c++) {
                    v[3 + c] = String.format(Locale.ROOT, "%.6f", p.get(c));
                }
                return RowFactory.create(v);
            });
            Dataset<Row> table = spark.createDataFrame(lines, schema).orderBy(ROW).drop(ROW);
            return SparkRuns.writeCsv(spark, table, out, "cannot classify " + data + ": ");
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            // a job Spark runs before the output is written (a sort samples its input) fails here
            throw SparkRuns.oneLine(e, "cannot classify " + data + ": ");
        } finally {
            spark.stop();
        }
    }

    /** One sequence per row: {@code (__row, __id, __sequence)}, named by line without an id column. */
    private static Dataset<Row> rowSequences(SparkSession spark, Dataset<Row> csv, String data, String idColumn,
            String sequenceColumn) {
        int seq = column(csv, data, sequenceColumn);
        int id = idColumn != null && Arrays.asList(csv.columns()).contains(idColumn)
                ? column(csv, data, idColumn)
                : -1;
        StructType schema = new StructType().add(ROW, DataTypes.LongType).add(ID, DataTypes.StringType)
                .add(SEQUENCE, DataTypes.StringType);
        JavaRDD<Row> rows = csv.javaRDD().zipWithIndex().map(t -> {
            Row r = t._1();
            long line = t._2() + 2;   // the header is line 1
            String text = r.isNullAt(seq) ? "" : r.getString(seq);
            if (text.isEmpty()) {
                throw new InvalidInputException(data + ": line " + line + ", column '" + sequenceColumn
                        + "': the sequence is empty; every sequence needs at least one token");
            }
            return RowFactory.create(t._2(), id >= 0 ? text(r, id) : "line " + line, text);
        });
        return spark.createDataFrame(rows, schema);
    }

    /**
     * Long form, one row per step: each id's rows gathered and sorted by the order column into
     * {@code (__row, __id, __sequence)}, {@code __row} the id's first row and {@code __sequence} its
     * {@code [T][F]} raw features.
     */
    private static Dataset<Row> longFormSequences(SparkSession spark, Dataset<Row> csv, String data, String idColumn,
            String orderColumn, List<String> featureColumns) {
        int id = column(csv, data, idColumn);
        int order = column(csv, data, orderColumn);
        int[] features = new int[featureColumns.size()];
        for (int j = 0; j < features.length; j++) {
            features[j] = column(csv, data, featureColumns.get(j));
        }
        StructType steps = new StructType().add(ROW, DataTypes.LongType).add(ID, DataTypes.StringType)
                .add("order", DataTypes.DoubleType).add("features", DataTypes.createArrayType(DataTypes.DoubleType));
        JavaRDD<Row> rows = csv.javaRDD().zipWithIndex().map(t -> {
            Row r = t._1();
            long line = t._2() + 2;
            double[] x = new double[features.length];
            for (int j = 0; j < x.length; j++) {
                x[j] = number(r, features[j], data, line);
            }
            return RowFactory.create(t._2(), text(r, id), number(r, order, data, line), x);
        });
        Dataset<Row> grouped = spark.createDataFrame(rows, steps).groupBy(ID).agg(functions.min(ROW).as(ROW),
                functions.sort_array(functions.collect_list(functions.struct(functions.col("order"), functions.col(
                        "features")))).as("steps"));
        StructType schema = new StructType().add(ROW, DataTypes.LongType).add(ID, DataTypes.StringType)
                .add(SEQUENCE, DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)));
        JavaRDD<Row> sequences = grouped.javaRDD().map(g -> {
            List<Row> s = g.getList(2);
            Object[] x = new Object[s.size()];
            for (int t = 0; t < x.length; t++) {
                if (t > 0 && s.get(t).getDouble(0) == s.get(t - 1).getDouble(0)) {
                    throw new InvalidInputException(data + ": sequence '" + g.getString(0) + "' has " + orderColumn
                            + " = " + s.get(t).getDouble(0) + " twice; each step of a sequence needs its own order"
                            + " value");
                }
                List<Double> f = s.get(t).getList(1);
                double[] step = new double[f.size()];
                for (int j = 0; j < step.length; j++) {
                    step[j] = f.get(j);
                }
                x[t] = step;
            }
            return RowFactory.create(g.getLong(1), g.getString(0), x);
        });
        return spark.createDataFrame(sequences, schema);
    }

    /**
     * Forecasts {@code horizon} steps after every series of {@code data} (the long-form panel the model was
     * trained on) and writes the CSV {@code rnn4j forecast --out} writes: {@code step,[time,]<targets>} for a
     * network forecaster, {@code [id,]step,[time,]<target>,<target>_lo80,_hi80,_lo95,_hi95} for an automatic
     * one; the time column when every series' last periods continue (see {@link Periods}).
     *
     * @return rows written
     */
    static long forecast(String master, Path model, String data, Path out, Integer partitions, int horizon)
            throws IOException {
        ModelDirectory.Contents contents = ModelDirectory.load(model, Main.kernels());
        boolean auto = AutoForecastModel.isAuto(contents);
        List<String> targets;
        String idColumn;
        String timeColumn;
        if (auto) {
            AutoForecastModel.Columns c = AutoForecastModel.load(model, contents).columns();
            targets = List.of(c.target());
            idColumn = c.idColumn();
            timeColumn = c.timeColumn();
        } else {
            ForecastModel fm = ForecastModel.fromContents(contents, model.toString());
            targets = fm.transform().targets();
            idColumn = null;
            timeColumn = fm.transform().timeColumn();
        }
        SparkSession spark = SparkRuns.session(master);
        try {
            shufflePartitions(spark, partitions);
            Dataset<Row> csv = readCsv(spark, data);
            int id = idColumn != null ? column(csv, data, idColumn) : -1;
            int time = timeColumn != null && Arrays.asList(csv.columns()).contains(timeColumn)
                    ? csv.schema().fieldIndex(timeColumn)
                    : -1;
            int[] values = new int[targets.size()];
            StructType schema = new StructType().add(ID, DataTypes.StringType).add(ROW, DataTypes.LongType)
                    .add(TIME, DataTypes.StringType);
            for (int k = 0; k < values.length; k++) {
                values[k] = column(csv, data, targets.get(k));
                schema = schema.add(targets.get(k), DataTypes.DoubleType);
            }
            String single = targets.get(0);   // one-machine's id of the one series of a table without ids
            JavaRDD<Row> rows = csv.javaRDD().zipWithIndex().map(t -> {
                Row r = t._1();
                long line = t._2() + 2;
                Object[] v = new Object[3 + values.length];
                v[0] = id >= 0 ? text(r, id) : single;
                v[1] = t._2();
                v[2] = time >= 0 ? text(r, time) : null;
                for (int k = 0; k < values.length; k++) {
                    v[3 + k] = number(r, values[k], data, line);
                }
                return RowFactory.create(v);
            });
            Dataset<Row> panel = spark.createDataFrame(rows, schema).cache();
            if (!auto) {
                long n = count(panel, data);
                if (horizon > n) {
                    throw new InvalidInputException("--horizon " + horizon + " is beyond what the data supports: "
                            + data + " has " + n + " rows, so at most " + n + " steps can be forecast");
                }
            }
            Column[] select = new Column[2 + targets.size()];
            select[0] = functions.col(ID);
            select[1] = functions.col(ROW);
            for (int k = 0; k < targets.size(); k++) {
                select[2 + k] = functions.col(targets.get(k));
            }
            Dataset<Row> forecasts = SparkForecastScoring.forecast(spark, panel.select(select), ID, ROW, model,
                    horizon);
            Dataset<Row> perSeries = seriesPeriods(spark, panel, horizon);
            boolean timed = time >= 0 && count(perSeries.filter(functions.col(PERIODS).isNull()), data) == 0;
            List<String> header = new ArrayList<>();
            if (auto && idColumn != null) {
                header.add(idColumn);
            }
            header.add("step");
            if (timed) {
                header.add(timeColumn);
            }
            if (auto) {
                String t = targets.get(0);
                header.addAll(List.of(t, t + "_lo80", t + "_hi80", t + "_lo95", t + "_hi95"));
            } else {
                header.addAll(targets);
            }
            StructType outSchema = new StructType().add(FIRST, DataTypes.LongType).add(STEP, DataTypes.IntegerType);
            for (String h : header) {
                outSchema = outSchema.add(h, DataTypes.StringType);
            }
            boolean withId = auto && idColumn != null;
            int numbers = forecasts.schema().size() - 2;
            int width = outSchema.size();
            JavaRDD<Row> lines = forecasts.join(perSeries, ID).javaRDD().map(r -> {
                // joined: __id, step, numbers..., __first, __periods
                Object[] v = new Object[width];
                int step = r.getInt(1);
                v[0] = r.getLong(2 + numbers);
                v[1] = step;
                int c = 2;
                if (withId) {
                    v[c++] = r.getString(0);
                }
                v[c++] = Integer.toString(step);
                if (timed) {
                    v[c++] = r.<String>getList(3 + numbers).get(step - 1);
                }
                for (int j = 0; j < numbers; j++) {
                    v[c++] = Double.toString(r.getDouble(2 + j));
                }
                return RowFactory.create(v);
            });
            Dataset<Row> table = spark.createDataFrame(lines, outSchema).orderBy(FIRST, STEP).drop(FIRST, STEP);
            return SparkRuns.writeCsv(spark, table, out, "cannot forecast " + data + ": ");
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            // a job Spark runs before the output is written (a sort samples its input) fails here
            throw SparkRuns.oneLine(e, "cannot forecast " + data + ": ");
        } finally {
            spark.stop();
        }
    }

    /**
     * Per series {@code (__id, __first, __periods)}: its first row and the {@code horizon} periods after its
     * last ones ({@link Periods#following} of its time texts in file order, null when they do not continue).
     */
    private static Dataset<Row> seriesPeriods(SparkSession spark, Dataset<Row> panel, int horizon) {
        Dataset<Row> grouped = panel.groupBy(ID).agg(functions.min(ROW).as(FIRST), functions.collect_list(functions
                .struct(functions.col(ROW), functions.col(TIME))).as("times"));
        StructType schema = new StructType().add(ID, DataTypes.StringType).add(FIRST, DataTypes.LongType)
                .add(PERIODS, DataTypes.createArrayType(DataTypes.StringType));
        JavaRDD<Row> rows = grouped.javaRDD().map(g -> {
            List<Row> times = new ArrayList<>(g.getList(2));
            times.sort(Comparator.comparingLong(t -> t.getLong(0)));
            List<String> texts = new ArrayList<>();
            for (Row t : times.subList(Math.max(0, times.size() - 3), times.size())) {
                texts.add(t.isNullAt(1) ? "" : t.getString(1));
            }
            List<String> periods = times.size() < 2 ? null : Periods.following(texts, horizon);
            return RowFactory.create(g.getString(0), g.getLong(1), periods == null ? null : periods.toArray());
        });
        return spark.createDataFrame(rows, schema);
    }

    private static void shufflePartitions(SparkSession spark, Integer partitions) {
        int p = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
        // groupings and sorts shuffle into P parts, not Spark's default 200 (each a file and a task)
        spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(p));
    }

    /** {@code data} with its header, every column a string, as {@code CsvTable} reads it. */
    private static Dataset<Row> readCsv(SparkSession spark, String data) {
        try {
            return spark.read().option("header", "true").option("inferSchema", "false")
                    // RFC 4180 quotes and the spaces around a field ignored, as CsvTable reads them
                    .option("escape", "\"").option("ignoreLeadingWhiteSpace", "true")
                    .option("ignoreTrailingWhiteSpace", "true").csv(data);
        } catch (Exception e) {
            // AnalysisException arrives undeclared through Scala
            throw new InvalidInputException("cannot read " + data + ": " + SparkErrors.rootMessage(e));
        }
    }

    private static long count(Dataset<Row> rows, String data) {
        try {
            return rows.count();
        } catch (Exception e) {
            throw SparkRuns.oneLine(e, "cannot read " + data + ": ");
        }
    }

    /** The index of a column the model reads, or the one-line error {@code CsvTable.column} gives. */
    private static int column(Dataset<Row> csv, String data, String name) {
        List<String> names = Arrays.asList(csv.columns());
        if (name == null || !names.contains(name)) {
            throw new InvalidInputException(data + " has no column '" + name + "'; its columns are " + String.join(
                    ", ", names));
        }
        return csv.schema().fieldIndex(name);
    }

    private static String nullableText(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String text(Row r, int column) {
        return r.isNullAt(column) ? "" : r.getString(column);
    }

    /** {@code CsvTable.number}: the trimmed text as a finite double, else a one-line error naming the line. */
    private static double number(Row r, int column, String data, long line) {
        String s = text(r, column).trim();
        String name = r.schema().fieldNames()[column];
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(data + ": line " + line + ", column '" + name + "': expected a number,"
                    + " got '" + s + "'");
        }
        if (!Double.isFinite(v)) {
            throw new InvalidInputException(data + ": line " + line + ", column '" + name + "': " + s
                    + " is not a finite number");
        }
        return v;
    }
}
