package org.rnn4j.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.rnn4j.io.AtomicFiles;

/**
 * {@code report.html} of a model directory, with its PNG plots beside it: a title, tables of settings
 * and results, and charts, in the order they were added. Written file by file with
 * {@link AtomicFiles}, the plots first and the page last, so a reader never sees a half-written file
 * and the page never names a plot that is not there yet.
 *
 * <p>Charts are drawn off-screen ({@code java.awt.headless}), so reports can be written on servers
 * and in CI.
 */
public final class TrainingReport {

    /** The page's file name in the model directory. */
    public static final String FILE = "report.html";

    private final String title;
    private final List<String> body = new ArrayList<>();
    private final List<Plot> plots = new ArrayList<>();

    private record Plot(String fileName, Chart<?, ?> chart) {
    }

    public TrainingReport(String title) {
        this.title = title;
    }

    /** A heading for what follows. */
    public TrainingReport heading(String text) {
        body.add("<h2>" + escape(text) + "</h2>");
        return this;
    }

    public TrainingReport paragraph(String text) {
        body.add("<p>" + escape(text) + "</p>");
        return this;
    }

    /** A two-column table of names and values, in the map's order. */
    public TrainingReport table(Map<String, String> rows) {
        StringBuilder s = new StringBuilder("<table>\n");
        rows.forEach((k, v) -> s.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v))
                .append("</td></tr>\n"));
        body.add(s.append("</table>").toString());
        return this;
    }

    /** A table with a header row. */
    public TrainingReport grid(List<String> header, List<List<String>> rows) {
        StringBuilder s = new StringBuilder("<table class=\"grid\">\n<tr>");
        for (String h : header) {
            s.append("<th>").append(escape(h)).append("</th>");
        }
        s.append("</tr>\n");
        for (List<String> row : rows) {
            s.append("<tr>");
            for (String c : row) {
                s.append("<td>").append(escape(c)).append("</td>");
            }
            s.append("</tr>\n");
        }
        body.add(s.append("</table>").toString());
        return this;
    }

    /**
     * A chart, saved as {@code fileName} (a plain name ending in {@code .png}) beside the page.
     */
    public TrainingReport chart(String fileName, String caption, Chart<?, ?> chart) {
        if (!fileName.matches("[A-Za-z0-9_.-]+\\.png")) {
            throw new IllegalArgumentException("a plot file name must be a plain name ending in .png, got " + fileName);
        }
        plots.add(new Plot(fileName, chart));
        body.add("<figure><img src=\"" + fileName + "\" alt=\"" + escape(caption) + "\"><figcaption>" + escape(caption)
                + "</figcaption></figure>");
        return this;
    }

    /** Writes the plots and then {@value #FILE} into {@code dir} (which must exist). */
    public void write(Path dir) throws IOException {
        Headless.ensure();
        if (!Files.isDirectory(dir)) {
            throw new IOException("cannot write the report: " + dir + " is not a directory");
        }
        for (Plot p : plots) {
            AtomicFiles.write(dir.resolve(p.fileName()),
                    BitmapEncoder.getBitmapBytes(p.chart(), BitmapEncoder.BitmapFormat.PNG));
        }
        AtomicFiles.writeString(dir.resolve(FILE), html());
    }

    /** The page's HTML. */
    public String html() {
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}\n")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}\n")
                .append("th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:left}\n")
                .append("th{background:#f4f4f4}\n")
                .append("table.grid td{text-align:right}\n")
                .append("figure{margin:1em 0}\nimg{max-width:100%}\nfigcaption{color:#555;font-size:0.9em}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
        for (String part : body) {
            s.append(part).append('\n');
        }
        return s.append("</body>\n</html>\n").toString();
    }

    /** HTML-escapes text for element content and attribute values. */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
