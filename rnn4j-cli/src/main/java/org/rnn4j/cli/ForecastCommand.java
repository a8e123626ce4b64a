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
import org.rnn4j.InvalidInputException;
import org.rnn4j.forecast.AutoForecastModel;
import org.rnn4j.forecast.ForecastModel;
import org.rnn4j.forecast.Intervals;
import org.rnn4j.forecast.PanelData;
import org.rnn4j.forecast.Series;
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
            "Writes CSV with the header step,<targets> to --out, or to standard output; with the model's"
                    + " --time-col, step,<time column>,<targets> and the periods after the data's last rows.",
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

    @Option(names = "--future", paramLabel = "FILE",
            description = "A model with covariates (train forecast --method auto --covariates): a CSV with their"
                    + " values for the forecast steps (and the id column of a panel), --horizon rows per series."
                    + " Default: none.")
    Path future;

    @Mixin
    CsvOutOption out;

    @Mixin
    JsonOption json;

    @Mixin
    PrecisionOption precision;

    @Override
    public Integer call() throws IOException {
        ModelDirectory.Contents contents = precision.apply(model.load("forecast", ForecastModel.TASK));
        if (AutoForecastModel.isAuto(contents)) {
            AutoForecastModel auto = AutoForecastModel.load(model.dir(), contents);
            auto.setPrecision(precision.precision);
            return forecastAuto(auto);
        }
        if (future != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--future is for models with covariates (train forecast --method auto --covariates)");
        }
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
        String timeColumn = fm.transform().timeColumn();
        List<String> periods = Periods.following(timeText(table, timeColumn, null, null), horizon);
        CsvText csv = new CsvText();
        List<String> header = new ArrayList<>();
        header.add("step");
        if (periods != null) {
            header.add(timeColumn);
        }
        header.addAll(targets);
        csv.row(header);
        for (int h = 0; h < horizon; h++) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(h + 1));
            if (periods != null) {
                row.add(periods.get(h));
            }
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
            if (periods != null) {
                ArrayNode p = r.array("periods");
                periods.forEach(p::add);
            }
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

    /**
     * The time column's text, of the rows of series {@code id} when there is an id column; null without
     * a time column or when the data has none.
     */
    private static List<String> timeText(CsvTable table, String timeColumn, String idColumn, String id) {
        if (timeColumn == null || !table.hasColumn(timeColumn)) {
            return null;
        }
        int col = table.column(timeColumn);
        int idCol = idColumn != null && table.hasColumn(idColumn) ? table.column(idColumn) : -1;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < table.rowCount(); i++) {
            if (idCol < 0 || table.text(i, idCol).equals(id)) {
                out.add(table.text(i, col));
            }
        }
        return out;
    }

    /**
     * A model of {@code train forecast --method auto}: the point forecast with its 80% and 95% intervals,
     * as CSV {@code [id,]step,<target>,<target>_lo80,<target>_hi80,<target>_lo95,<target>_hi95}. Everything
     * is read and checked before anything is written.
     */
    private int forecastAuto(AutoForecastModel m) throws IOException {
        Path file = data.existing();
        out.check();
        AutoForecastModel.Columns c = m.columns();
        List<Series> series = PanelData.read(CsvTable.read(file), c.target(), c.idColumn(), c.season(),
                c.covariates());
        if (!c.covariates().isEmpty()) {
            if (future == null) {
                throw new InvalidInputException("the model reads the covariates " + String.join(", ", c.covariates())
                        + "; give their values for the " + horizon + " forecast steps with --future FILE");
            }
            if (!java.nio.file.Files.isRegularFile(future)) {
                throw new BadArgumentException(spec.commandLine(), "--future: " + future + " does not exist");
            }
            series = PanelData.withFuture(series, CsvTable.read(future), c.idColumn());
        } else if (future != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--future: the model reads no covariates (it was trained without --covariates)");
        }
        List<Intervals.Bands> bands = m.forecast(series, horizon);
        String t = c.target();
        CsvTable table = CsvTable.read(file);
        List<List<String>> periods = new ArrayList<>();
        for (Series x : series) {
            periods.add(Periods.following(timeText(table, c.timeColumn(), c.idColumn(), x.id()), horizon));
        }
        boolean timed = periods.stream().allMatch(p -> p != null);
        CsvText csv = new CsvText();
        List<String> header = new ArrayList<>();
        boolean panel = c.idColumn() != null;
        if (panel) {
            header.add(c.idColumn());
        }
        header.add("step");
        if (timed) {
            header.add(c.timeColumn());
        }
        header.addAll(List.of(t, t + "_lo80", t + "_hi80", t + "_lo95", t + "_hi95"));
        csv.row(header);
        for (int s = 0; s < series.size(); s++) {
            Intervals.Bands b = bands.get(s);
            for (int h = 0; h < horizon; h++) {
                List<String> row = new ArrayList<>();
                if (panel) {
                    row.add(series.get(s).id());
                }
                row.add(Integer.toString(h + 1));
                if (timed) {
                    row.add(periods.get(s).get(h));
                }
                row.add(Double.toString(b.point()[h]));
                row.add(Double.toString(b.lower()[0][h]));
                row.add(Double.toString(b.upper()[0][h]));
                row.add(Double.toString(b.lower()[1][h]));
                row.add(Double.toString(b.upper()[1][h]));
                csv.row(row);
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        if (out.write(csv, o)) {
            o.println("wrote a forecast of " + horizon + (horizon == 1 ? " step" : " steps") + " of " + t
                    + (panel ? " for " + series.size() + " series" : "") + ", with 80% and 95% intervals, to "
                    + out.file());
        }
        if (json.requested()) {
            JsonResult r = new JsonResult();
            r.put("horizon", horizon);
            ObjectNode f = r.object("forecast");
            ObjectNode lo80 = r.object("lower_80");
            ObjectNode hi80 = r.object("upper_80");
            ObjectNode lo95 = r.object("lower_95");
            ObjectNode hi95 = r.object("upper_95");
            for (int s = 0; s < series.size(); s++) {
                String id = panel ? series.get(s).id() : t;
                Intervals.Bands b = bands.get(s);
                ArrayNode p = f.putArray(id);
                ArrayNode a = lo80.putArray(id);
                ArrayNode bb = hi80.putArray(id);
                ArrayNode cc = lo95.putArray(id);
                ArrayNode d = hi95.putArray(id);
                for (int h = 0; h < horizon; h++) {
                    JsonResult.number(p, b.point()[h]);
                    JsonResult.number(a, b.lower()[0][h]);
                    JsonResult.number(bb, b.upper()[0][h]);
                    JsonResult.number(cc, b.lower()[1][h]);
                    JsonResult.number(d, b.upper()[1][h]);
                }
            }
            r.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }
}
