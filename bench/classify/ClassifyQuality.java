import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.classify.ClassificationData;
import org.rnn4j.classify.ClassificationMetrics;
import org.rnn4j.classify.ClassifierHead;
import org.rnn4j.classify.ClassifyResult;
import org.rnn4j.classify.ClassifierBlend;
import org.rnn4j.classify.ClassifierModel;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.classify.ClassifySettings;
import org.rnn4j.classify.CrossValidation;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.OptimizerSpec;

/**
 * The classification quality benchmark (run by bench/classify/quality.sh): rnn4j's default classifier
 * on data it has not seen, next to the majority class, logistic regression and (numeric sequences)
 * 1-NN DTW, each fitted on the same training sequences.
 *
 * <ul>
 * <li>vowels: ../shared/data/japanese_vowels.csv, trained on its train split (270), scored on its test
 *     split (370);
 * <li>promoters: ../shared/data/promoters_dna.csv, stratified 10-fold cross-validation (mean ± sd over
 *     the folds);
 * <li>splice: the StatLog DNA splice-junction data (`--splice FILE`, exported from R's mlbench by
 *     quality.sh), trained on its 2000 training sequences, scored on its 1186 test sequences;
 * <li>standin: a synthetic stand-in for it ({@link SpliceStandIn}), 2000 training and 1190 test
 *     sequences, with the generator's own Bayes rule as the ceiling.
 * </ul>
 *
 *   java -cp CLASSPATH bench/classify/*.java [--seeds 1,2,3] [--only vowels,promoters,splice,standin]
 *        [--splice FILE]
 *        [--hp key=value,...]     (hidden, layers, cell, bidir, dropout, lr, opt, wd, batch, patience,
 *                                  steps, epochs, budget, weights, val, head)
 */
public class ClassifyQuality {

    private static final Path DATA = Path.of("..", "shared", "data");

    record Row(String task, String protocol, int seed, double accuracy, double[] ci, double sd, double macroF1,
            double logistic, double dtw, double majority, double ceiling, double seconds, String steps) {
    }

    public static void main(String[] args) throws Exception {
        List<Long> seeds = List.of(1L);
        List<String> only = List.of("vowels", "promoters", "splice", "standin");
        Path splice = null;
        Map<String, String> hp = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Arrays.stream(args[++i].split(",")).map(Long::parseLong).toList();
                case "--only" -> only = List.of(args[++i].split(","));
                case "--splice" -> splice = Path.of(args[++i]);
                case "--hp" -> {
                    for (String kv : args[++i].split(",")) {
                        String[] p = kv.split("=", 2);
                        hp.put(p[0], p[1]);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (long seed : seeds) {
            if (only.contains("vowels")) {
                rows.add(vowels(seed, hp));
                print(rows.get(rows.size() - 1));
            }
            if (only.contains("promoters")) {
                rows.add(promoters(seed, hp));
                print(rows.get(rows.size() - 1));
            }
            if (only.contains("splice") && splice != null) {
                rows.add(splice(splice, seed, hp));
                print(rows.get(rows.size() - 1));
            }
            if (only.contains("standin")) {
                rows.add(standIn(seed, hp));
                print(rows.get(rows.size() - 1));
            }
        }
        System.out.println();
        System.out.println("| task | protocol | seed | rnn4j accuracy (95% CI) | macro-F1 | logistic regression"
                + " | 1-NN DTW | majority | ceiling | train s | steps (best) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.println(markdown(r));
        }
        if (seeds.size() > 1) {
            System.out.println();
            System.out.println("| task | mean rnn4j accuracy over seeds " + seeds + " | min | max | logistic regression |");
            System.out.println("|---|---|---|---|---|");
            for (String task : rows.stream().map(Row::task).distinct().toList()) {
                double[] a = rows.stream().filter(r -> r.task().equals(task)).mapToDouble(Row::accuracy).toArray();
                double lr = rows.stream().filter(r -> r.task().equals(task)).mapToDouble(Row::logistic).average()
                        .orElse(Double.NaN);
                System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f |%n", task,
                        Arrays.stream(a).average().orElse(Double.NaN), Arrays.stream(a).min().orElse(Double.NaN),
                        Arrays.stream(a).max().orElse(Double.NaN), lr);
            }
        }
    }

    static HyperParameters hyperParameters(long seed, Map<String, String> o) {
        HyperParameters d = ClassifyRunner.defaultHyperParameters().withSeed(seed);
        HyperParameters.Builder b = d.toBuilder();
        OptimizerSpec opt = d.optimizer();
        long steps = d.maxSteps();
        long epochs = d.maxEpochs();
        double budget = d.timeBudgetSeconds();
        for (Map.Entry<String, String> e : o.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "hidden" -> b.hiddenSize(Integer.parseInt(v));
                case "layers" -> b.layers(Integer.parseInt(v));
                case "cell" -> b.cell(CellType.parse(v));
                case "bidir" -> b.bidirectional(Boolean.parseBoolean(v));
                case "dropout" -> b.dropout(Double.parseDouble(v));
                case "batch" -> b.batchSize(Integer.parseInt(v));
                case "patience" -> b.patience(Integer.parseInt(v));
                case "lr" -> opt = opt.withLearningRate(Double.parseDouble(v));
                case "opt" -> opt = opt.withName(v);
                case "wd" -> opt = opt.withWeightDecay(Double.parseDouble(v));
                case "steps" -> steps = Long.parseLong(v);
                case "epochs" -> epochs = Long.parseLong(v);
                case "budget" -> budget = Double.parseDouble(v);
                case "weights", "val", "head", "ensemble", "blend" -> {
                }
                default -> throw new IllegalArgumentException("unknown hyper-parameter " + e.getKey());
            }
        }
        return b.optimizer(opt).limits(steps, epochs, budget).build();
    }

    static ClassifySettings settings(ClassifySettings s, long seed, Map<String, String> o) {
        s = s.withSeed(seed);
        if (o.containsKey("weights")) {
            s = s.withClassWeights(ClassifySettings.ClassWeights.parse(o.get("weights")));
        }
        if (o.containsKey("val")) {
            s = s.withValidationFraction(Double.parseDouble(o.get("val")));
        }
        return s;
    }

    static ClassifierHead head(Map<String, String> o) {
        return ClassifierHead.parse(o.getOrDefault("head", "auto"));
    }

    static ClassifierBlend.Mode blend(Map<String, String> o) {
        return ClassifierBlend.Mode.parse(o.getOrDefault("blend", "auto"));
    }

    /**
     * The test accuracy of a blended classifier at each network weight k/10 of the grid (what the
     * validation's choice could have had); zeros when it has no blend.
     */
    static double[] accuracyByWeight(ClassifierModel m, LabelledSequences test) {
        double[] out = new double[11];
        if (m.blend() == null) {
            return out;
        }
        double[][] network = m.withoutBlend().predict(test);
        double[][] linear = m.blend().linear().probabilities(test);
        for (int k = 0; k <= 10; k++) {
            double w = k / 10.0;
            double[][] q = new double[network.length][network[0].length];
            for (int i = 0; i < q.length; i++) {
                for (int c = 0; c < q[i].length; c++) {
                    q[i][c] = w * network[i][c] + (1 - w) * linear[i][c];
                }
            }
            out[k] = accuracy(ClassifierModel.argmax(q), test.labels());
        }
        return out;
    }

    static void printByWeight(String what, double[] accuracy) {
        StringBuilder sb = new StringBuilder(what + " by network weight:");
        for (int k = 0; k < accuracy.length; k++) {
            sb.append(String.format(Locale.ROOT, " %.1f: %.4f", k / 10.0, accuracy[k]));
        }
        System.err.println(sb);
    }

    static void describeBlend(String task, ClassifyResult r) {
        if (r.model().blend() != null) {
            System.err.println(task + ": kept " + r.model().blend().describe());
        }
    }

    static Row vowels(long seed, Map<String, String> o) throws Exception {
        CsvTable table = CsvTable.read(DATA.resolve("japanese_vowels.csv"));
        ClassifySettings s = settings(ClassifySettings.longForm("series_id", "frame", "speaker"), seed, o);
        long t0 = System.nanoTime();
        ClassifyResult r = ClassifyRunner.train(ClassificationData.fromCsv(table, s), hyperParameters(seed, o),
                RunOptions.none(), head(o), blend(o));
        describeBlend("vowels", r);
        ensemble(table, s, seed, o, r);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ClassificationData all = ClassificationData.fromCsv(table, s.withValidationFraction(0));
        List<float[][]> train = List.of(all.train().features());
        List<float[][]> test = List.of(all.test().features());
        int c = all.encoding().classNames().size();
        int[] lr = Baselines.logisticRegression(Baselines.summary(train), all.train().labels(), c,
                Baselines.summary(test), seed);
        int[] nn = Baselines.nearestNeighbourDtw(train, all.train().labels(), test);
        ClassificationMetrics m = r.test();
        return new Row("vowels", "train split → test split (370)", (int) seed, m.accuracy(), m.accuracyInterval(),
                Double.NaN, m.macroF1(), accuracy(lr, all.test().labels()), accuracy(nn, all.test().labels()),
                m.majorityAccuracy(), Double.NaN, seconds, steps(r.summary()));
    }

    /**
     * With {@code --hp ensemble=K}: trains K-1 more default models, each with its own seed (so its own
     * validation part), and prints the accuracy of their averaged class probabilities on the test sequences.
     */
    static void ensemble(CsvTable table, ClassifySettings s, long seed, Map<String, String> o, ClassifyResult first)
            throws Exception {
        int members = Integer.parseInt(o.getOrDefault("ensemble", "1"));
        if (members < 2) {
            return;
        }
        ClassificationData d0 = ClassificationData.fromCsv(table, s);
        double[][] p = first.model().predict(d0.test());
        for (int e = 1; e < members; e++) {
            long si = seed * 1000 + e;
            ClassificationData d = ClassificationData.fromCsv(table, s.withSeed(si));
            ClassifyResult re = ClassifyRunner.train(d, hyperParameters(si, o), RunOptions.none(), head(o), blend(o));
            double[][] q = re.model().predict(d.test());
            for (int i = 0; i < p.length; i++) {
                for (int c = 0; c < p[i].length; c++) {
                    p[i][c] += q[i][c];
                }
            }
            System.err.printf("ensemble member %d: alone %.4f, ensemble so far %.4f%n", e + 1, re.test().accuracy(),
                    accuracy(ClassifierModel.argmax(p), d0.test().labels()));
        }
        System.err.printf("ensemble of %d: %.4f (first member %.4f)%n", members,
                accuracy(ClassifierModel.argmax(p), d0.test().labels()), first.test().accuracy());
    }

    static Row promoters(long seed, Map<String, String> o) throws Exception {
        CsvTable table = CsvTable.read(DATA.resolve("promoters_dna.csv"));
        ClassifySettings s = settings(ClassifySettings.perRow("sequence", "class").withIdColumn("id"), seed, o)
                .withTestFraction(0);
        int k = 10;
        List<ClassificationData> foldTests = ClassificationData.fromCsv(table, s).folds(k);
        double[] byWeight = new double[11];
        long t0 = System.nanoTime();
        CrossValidation cv = ClassifyRunner.crossValidate(ClassificationData.fromCsv(table, s), k,
                hyperParameters(seed, o), RunOptions.none(), head(o), blend(o), (i, r) -> {
                    describeBlend("promoters fold " + (i + 1), r);
                    double[] a = accuracyByWeight(r.model(), foldTests.get(i).test());
                    for (int w = 0; w < a.length; w++) {
                        byWeight[w] += a[w] / k;
                    }
                });
        printByWeight("promoters: mean fold test accuracy", byWeight);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<ClassificationData> folds = ClassificationData.fromCsv(table, s.withValidationFraction(0)).folds(k);
        double lrSum = 0;
        double majority = 0;
        for (ClassificationData f : folds) {
            int[] lr = Baselines.logisticRegression(oneHot(f.train(), f.encoding().inputSize()), f.train().labels(), 2, oneHot(f.test(), f.encoding().inputSize()), seed);
            lrSum += accuracy(lr, f.test().labels());
        }
        for (ClassificationMetrics m : cv.folds()) {
            majority += m.majorityAccuracy() / k;
        }
        String steps = cv.runs().stream().map(x -> x.steps() + "(" + x.bestStep() + ")").reduce((a, b) -> a + " " + b)
                .orElse("");
        int correct = 0;
        int[][] pooled = cv.pooledConfusion();
        for (int i = 0; i < pooled.length; i++) {
            correct += pooled[i][i];
        }
        return new Row("promoters", "stratified 10-fold CV (106)", (int) seed, cv.meanAccuracy(),
                ClassificationMetrics.wilson(correct, cv.count(), ClassificationMetrics.Z95), cv.sdAccuracy(),
                cv.meanMacroF1(), lrSum / k, Double.NaN, majority, Double.NaN, seconds, steps);
    }

    /** The StatLog DNA (splice junction) data as quality.sh exports it: id,split,class,sequence. */
    static Row splice(Path csv, long seed, Map<String, String> o) throws Exception {
        return tokenSplit(CsvTable.read(csv), "splice", "StatLog 2000 train → 1186 test", seed, o, Double.NaN);
    }

    static Row standIn(long seed, Map<String, String> o) throws Exception {
        List<SpliceStandIn.Example> train = SpliceStandIn.generate(2000, 11);
        List<SpliceStandIn.Example> test = SpliceStandIn.generate(1190, 12);
        StringBuilder csv = new StringBuilder("id,split,class,sequence\n");
        int id = 0;
        for (SpliceStandIn.Example e : train) {
            csv.append(++id).append(",train,").append(SpliceStandIn.CLASSES[e.label()]).append(',')
                    .append(e.sequence()).append('\n');
        }
        for (SpliceStandIn.Example e : test) {
            csv.append(++id).append(",test,").append(SpliceStandIn.CLASSES[e.label()]).append(',')
                    .append(e.sequence()).append('\n');
        }
        int bayes = 0;
        for (SpliceStandIn.Example e : test) {
            if (SpliceStandIn.bayes(e.sequence()) == e.label()) {
                bayes++;
            }
        }
        return tokenSplit(CsvTable.parse(csv.toString(), "splice-stand-in.csv"), "splice stand-in",
                "2000 train → 1190 test (synthetic)", seed, o, (double) bayes / test.size());
    }

    /** A token table with a split column: trained on its train rows, scored on its test rows. */
    static Row tokenSplit(CsvTable table, String task, String protocol, long seed, Map<String, String> o,
            double ceiling) throws Exception {
        ClassifySettings s = settings(ClassifySettings.perRow("sequence", "class").withIdColumn("id"), seed, o);
        long t0 = System.nanoTime();
        ClassifyResult r = ClassifyRunner.train(ClassificationData.fromCsv(table, s), hyperParameters(seed, o),
                RunOptions.none(), head(o), blend(o));
        describeBlend(task, r);
        printByWeight(task + ": test accuracy", accuracyByWeight(r.model(), ClassificationData.fromCsv(table, s).test()));
        ensemble(table, s, seed, o, r);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ClassificationData all = ClassificationData.fromCsv(table, s.withValidationFraction(0));
        int[] lr = Baselines.logisticRegression(oneHot(all.train(), all.encoding().inputSize()), all.train().labels(),
                all.encoding().classNames().size(), oneHot(all.test(), all.encoding().inputSize()), seed);
        ClassificationMetrics m = r.test();
        return new Row(task, protocol, (int) seed, m.accuracy(), m.accuracyInterval(), Double.NaN, m.macroF1(),
                accuracy(lr, all.test().labels()), Double.NaN, m.majorityAccuracy(), ceiling, seconds,
                steps(r.summary()));
    }

    /** The position-wise one-hot code of token ids below {@code vocab} (at most 10). */
    private static double[][] oneHot(LabelledSequences s, int vocab) {
        String alphabet = "0123456789".substring(0, vocab);
        List<String> strings = new ArrayList<>();
        for (int[] t : s.tokens()) {
            StringBuilder b = new StringBuilder();
            for (int v : t) {
                b.append((char) ('0' + v));
            }
            strings.add(b.toString());
        }
        return Baselines.oneHot(strings, alphabet);
    }

    private static double accuracy(int[] predicted, int[] truth) {
        int ok = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                ok++;
            }
        }
        return (double) ok / truth.length;
    }

    private static String steps(TrainingSummary s) {
        return s.steps() + " (" + s.bestStep() + "), " + s.stopReason();
    }

    private static void print(Row r) {
        System.err.println(markdown(r));
    }

    private static String markdown(Row r) {
        String acc = String.format(Locale.ROOT, "%.4f", r.accuracy())
                + (Double.isNaN(r.sd()) ? "" : String.format(Locale.ROOT, " ± %.3f", r.sd()))
                + String.format(Locale.ROOT, " (%.3f–%.3f)", r.ci()[0], r.ci()[1]);
        return String.format(Locale.ROOT, "| %s | %s | %d | %s | %.4f | %s | %s | %.4f | %s | %.1f | %s |", r.task(),
                r.protocol(), r.seed(), acc, r.macroF1(), f(r.logistic()), f(r.dtw()), r.majority(), f(r.ceiling()),
                r.seconds(), r.steps());
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v);
    }
}
