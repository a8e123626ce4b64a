package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnn4j.classify.ClassificationMetrics;
import org.rnn4j.classify.ClassifierModel;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.classify.Predictions;
import org.rnn4j.data.CsvTable;
import org.rnn4j.io.ModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j classify --model DIR --data FILE}: predicts the class of every sequence of a CSV laid
 * out like the training data. Writes CSV {@code id,predicted,p_<class>...} to {@code --out} or to
 * standard output; when the file has the label column, also scores the predictions.
 */
@Command(name = "classify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Predicts the class of every sequence in --data with a trained classifier (train --task classify).",
            "Writes CSV id,predicted,p_<class>... to --out, or to standard output. When --data has the label"
                    + " column, the accuracy, macro-F1 and confusion matrix over all its sequences are reported"
                    + " too (on standard output with --out, in the --json line always).",
        })
final class ClassifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    ModelOption model;

    @Mixin
    DataOption data;

    @Mixin
    CsvOutOption out;

    @Mixin
    JsonOption json;

    @Mixin
    PrecisionOption precision;

    @Override
    public Integer call() throws IOException {
        ModelDirectory.Contents contents = precision.apply(model.load("classify", ClassifierModel.TASK));
        ClassifierModel cm = ClassifierModel.fromContents(contents, model.source());
        Path file = data.existing();
        out.check();
        CsvTable table = CsvTable.read(file);
        Predictions p = ClassifyRunner.predict(cm, table);
        String labelColumn = contents.task().path("encoding").path("label_column").asText("");
        ClassificationMetrics metrics = !labelColumn.isEmpty() && table.hasColumn(labelColumn)
                ? ClassifyRunner.evaluate(cm, table, true)
                : null;

        CsvText csv = new CsvText();
        List<String> header = new ArrayList<>(List.of("id", "predicted"));
        for (String c : p.classNames()) {
            header.add("p_" + c);
        }
        csv.row(header);
        for (int i = 0; i < p.ids().size(); i++) {
            List<String> row = new ArrayList<>(List.of(p.ids().get(i), p.predictedName(i)));
            for (double v : p.probabilities()[i]) {
                row.add(String.format(Locale.ROOT, "%.6f", v));
            }
            csv.row(row);
        }
        PrintWriter o = spec.commandLine().getOut();
        reportUnknown(spec.commandLine().getErr(), p.unknownTokens());
        if (out.write(csv, o)) {
            o.println("wrote predictions for " + p.ids().size() + " sequences to " + out.file());
            if (metrics != null) {
                MetricsText.classification(o, metrics);
            }
        }
        if (json.requested()) {
            JsonResult r = new JsonResult();
            r.put("count", p.ids().size());
            r.put("unknown_tokens", p.unknownTokens());
            ArrayNode list = r.array("predictions");
            for (int i = 0; i < p.ids().size(); i++) {
                ObjectNode e = list.addObject();
                e.put("id", p.ids().get(i));
                e.put("predicted", p.predictedName(i));
                e.put("probability", p.probabilities()[i][p.predicted()[i]]);
            }
            if (metrics != null) {
                MetricsJson.classification(r, metrics);
            }
            r.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }

    /** One stderr line, when {@code count} characters outside the model's vocabulary were read as unknown. */
    static void reportUnknown(PrintWriter err, int count) {
        if (count > 0) {
            boolean one = count == 1;
            err.println("rnn4j: " + count + (one ? " character" : " characters") + " not in the model's vocabulary "
                    + (one ? "was" : "were") + " read as unknown");
            err.flush();
        }
    }
}
