package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.task.TaskTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j inspect --model DIR}: what a model directory holds: its task, architecture, parameter
 * count, training state, provenance and, when training wrote it, its final metrics.
 */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Describes a model directory: task, architecture, parameters, training state, provenance"
                + " and the metrics of its training run.")
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    ModelOption model;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws IOException {
        ModelDirectory.Contents c = model.load();
        ModelConfig config = c.model().config();
        RecurrentConfig rc = config.rnn();
        long parameters = ModelDirs.parameterCount(c.model());
        String task = ModelDirs.taskOf(c);
        PrintWriter o = spec.commandLine().getOut();
        o.println("model directory " + model.dir());
        o.println("  task          " + (task.isEmpty() ? "(none)" : task) + " — " + ModelDirs.describe(task));
        o.printf(Locale.ROOT, "  network       %s, %d layer%s × %d units%s%s%n", rc.cell().id()
                + (rc.cell() == org.rnn4j.nn.recurrent.CellType.RNN ? " (" + rc.activation().id() + ")" : ""),
                rc.numLayers(), rc.numLayers() == 1 ? "" : "s", rc.hiddenSize(),
                rc.bidirectional() ? ", bidirectional" : "",
                rc.projSize() > 0 ? ", projection " + rc.projSize() : "");
        o.println("  input         " + (config.tokenInput()
                ? config.vocabSize() + " tokens, embedding " + rc.inputSize()
                : rc.inputSize() + " features per step"));
        o.println("  output        " + config.outputSize() + " per "
                + (config.output() == org.rnn4j.model.OutputMode.EVERY_STEP
                        ? "step"
                        : "sequence"));
        o.printf(Locale.ROOT, "  parameters    %,d%n", parameters);
        o.println("  training      " + (c.training() == null
                ? "weights only (cannot be resumed)"
                : "state of step " + c.training().step() + " (can be resumed)"));
        JsonNode prov = c.provenance();
        o.println("  saved         " + prov.path("saved_at").asText("?") + " by rnn4j "
                + prov.path("rnn4j_version").asText("?")
                + ", seed " + prov.path("seed").asText("?"));
        describeTask(o, task, c.task());
        JsonNode metrics = readMetrics();
        if (metrics != null) {
            o.println("  metrics       " + summarize(metrics));
        }
        if (json.requested()) {
            JsonResult r = new JsonResult();
            r.put("model", model.dir().toString());
            r.put("task", task);
            r.root().set("architecture", ModelDirectory.modelToJson(config));
            r.put("parameters", parameters);
            r.put("step", c.training() == null ? prov.path("step").asLong(0) : c.training().step());
            r.put("resumable", c.training() != null);
            r.root().set("provenance", prov);
            ObjectNode t = c.task().deepCopy();
            t.remove(TaskTraining.TASK_KEY);
            r.root().set("task_data", t);
            if (metrics != null) {
                r.root().set("metrics", metrics);
            }
            r.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }

    private static void describeTask(PrintWriter o, String task, ObjectNode t) {
        switch (task) {
            case "lm" -> {
                JsonNode v = t.path("vocabulary");
                o.println(vocabularyLine(v, n -> n.asText().codePointAt(0), ""));
            }
            case "forecast" -> {
                if (t.has("auto")) {
                    JsonNode a = t.path("auto");
                    o.println("  target        " + a.path("target").asText() + ", " + a.path("series").size()
                            + " series" + (a.path("id_column").isTextual()
                                    ? " (id column " + a.path("id_column")
                                            .asText() + ")"
                                    : "")
                            + ", season " + a.path("season").asInt() + ", horizon "
                            + a.path("horizon").asInt() + ", window " + a.path("window").asInt()
                            + (a.path("covariates").size() > 0 ? ", covariates " + join(a.path("covariates")) : ""));
                    o.println("  method        auto: ets, arima, theta and " + a.path("members").asInt()
                            + " networks, chosen per series by backtest (the random walk where changes are noise)");
                    Map<String, Integer> chose = new TreeMap<>();
                    a.path("series").forEach(s -> chose.merge(s.path("choice").asText(), 1, Integer::sum));
                    StringBuilder counts = new StringBuilder();
                    chose.forEach((m, n) -> counts.append(counts.length() > 0 ? ", " : "").append(m)
                            .append(a.path("series").size() > 1 ? " × " + n : ""));
                    o.println("  chose         " + counts);
                    break;
                }
                JsonNode tf = t.path("transform");
                o.println("  targets       " + join(tf.path("targets")) + (tf.path("season").asInt(0) > 0
                        ? ", season " + tf.path("season").asInt()
                        : "") + ", window " + tf.path("window").asText("?"));
            }
            case "classify" -> {
                JsonNode e = t.path("encoding");
                o.println("  classes       " + join(e.path("classes")) + " (label column '"
                        + e.path("label_column").asText()
                        + "')");
                JsonNode v = e.path("vocabulary");
                if (v.isArray()) {
                    o.println(vocabularyLine(v, JsonNode::asInt,
                            e.path("unknown_token").asBoolean() ? ", and the unknown token for any other" : ""));
                }
                JsonNode b = t.path("blend");
                if (b.isObject()) {
                    JsonNode l = b.path("linear");
                    boolean summary = "summary".equals(l.path("kind").asText());
                    String reads = summary
                            ? "summary linear (mean, sd, first and last of " + l.path("features").asInt()
                                    + " features, and the length"
                            : "position-wise linear (" + l.path("positions").asInt() + " positions × "
                                    + l.path("tokens").asInt() + " tokens"
                                    + (l.path("pairs").asBoolean() ? " and adjacent pairs" : "");
                    o.printf(Locale.ROOT, "  blend         %.1f × network + %.1f × %s, L2 %.0e)%n",
                            b.path("network_weight").asDouble(), 1 - b.path("network_weight").asDouble(), reads,
                            l.path("lambda").asDouble());
                }
            }
            default -> {
            }
        }
    }

    /** The vocabulary's size and its first 40 characters (newline and tab escaped), each read by {@code codePoint}. */
    private static String vocabularyLine(JsonNode vocabulary, ToIntFunction<JsonNode> codePoint, String suffix) {
        StringBuilder chars = new StringBuilder();
        for (int i = 0; i < Math.min(vocabulary.size(), 40); i++) {
            int cp = codePoint.applyAsInt(vocabulary.get(i));
            chars.append(cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : Character.toString(cp));
        }
        return "  vocabulary    " + vocabulary.size() + " characters: " + chars + (vocabulary.size() > 40 ? "..." : "")
                + suffix;
    }

    private static String join(JsonNode array) {
        StringBuilder s = new StringBuilder();
        for (JsonNode n : array) {
            s.append(s.length() > 0 ? ", " : "").append(n.asText());
        }
        return s.toString();
    }

    private JsonNode readMetrics() throws IOException {
        Path f = model.dir().resolve(MetricsJson.FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonNode n = new ObjectMapper().readTree(Files.readAllBytes(f));
            return n != null && n.isObject() ? n : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            spec.commandLine().getErr().println("rnn4j: " + f + " is not valid JSON; metrics not shown");
            return null;
        }
    }

    /** The headline numbers of a metrics object. */
    private static String summarize(JsonNode m) {
        StringBuilder s = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> it = m.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            if (k.equals("val_bpc") || k.equals("mase") || k.equals("smape") || k.equals("accuracy")
                    || k.equals("macro_f1")
                    || k.equals("steps") || k.equals("val_loss")) {
                JsonNode v = e.getValue();
                s.append(s.length() > 0 ? ", " : "").append(k).append(' ')
                        .append(v.isFloatingPointNumber()
                                ? String.format(Locale.ROOT, "%.4f", v.asDouble())
                                : v.asText());
            }
        }
        return s.toString();
    }
}
