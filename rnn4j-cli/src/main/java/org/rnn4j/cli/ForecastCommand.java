package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rnn4j.data.CsvTable;
import org.rnn4j.forecast.ForecastModel;
import org.rnn4j.forecast.ForecastRunner;
import org.rnn4j.io.ModelDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j forecast --model DIR --data FILE --horizon N}: continues the series of a CSV by
 * {@code N} steps with a trained forecaster. The forecast is written as CSV ({@code step,<targets>}) to
 * {@code --out} or to standard output.
 */
@Command(name = "forecast",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Continues the series in --data by --horizon steps with a trained forecaster (train --task forecast).",
            "Writes CSV with the header step,<targets> to --out, or to standard output.",
            "The horizon can be at most the number of rows of --data: a recursive forecast further than the"
                    + " history it starts from is not trustworthy.",
        })
final class ForecastCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    ModelOption model;

    @Mixin
    DataOption data;

    @Option(names = "--horizon", required = true, paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Steps to forecast, at least 1.")
    int horizon;

    @Mixin
    CsvOutOption out;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws IOException {
        ModelDirectory.Contents contents = model.load("forecast", ForecastModel.TASK);
        ForecastModel fm = ForecastModel.fromContents(contents, model.source());
        Path file = data.existing();
        out.check();
        CsvTable table = CsvTable.read(file);
        if (horizon > table.rowCount()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--horizon " + horizon + " is beyond what the data"
                            + " supports: " + file + " has " + table.rowCount() + " rows, so at most "
                            + table.rowCount()
                            + " steps can be forecast");
        }
        double[][] values = ForecastRunner.forecast(fm, table, horizon);
        List<String> targets = fm.transform().targets();
        CsvText csv = new CsvText();
        List<String> header = new ArrayList<>();
        header.add("step");
        header.addAll(targets);
        csv.row(header);
        for (int h = 0; h < horizon; h++) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(h + 1));
            for (double v : values[h]) {
                row.add(Double.toString(v));
            }
            csv.row(row);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (out.write(csv, o)) {
            o.println("wrote a forecast of " + horizon + (horizon == 1 ? " step" : " steps") + " of "
                    + String.join(", ", targets) + " to " + out.file());
        }
        if (json.requested()) {
            JsonResult r = new JsonResult();
            r.put("horizon", horizon);
            ObjectNode f = r.object("forecast");
            for (int k = 0; k < targets.size(); k++) {
                ArrayNode a = f.putArray(targets.get(k));
                for (int h = 0; h < horizon; h++) {
                    JsonResult.number(a, values[h][k]);
                }
            }
            r.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }
}
