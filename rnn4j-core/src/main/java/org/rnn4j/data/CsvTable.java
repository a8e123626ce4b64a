package org.rnn4j.data;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.rnn4j.InvalidInputException;

/**
 * A CSV file with a header row, read whole and checked: no empty or duplicate column names, every
 * row as wide as the header. Numbers are parsed on request, with the row (1-based, as an editor
 * shows it, header = line 1) and the column named in every error.
 */
public final class CsvTable {

    private final String source;
    private final List<String> header;
    private final Map<String, Integer> index;
    private final List<String[]> rows;
    private final List<Long> lines;

    private CsvTable(String source, List<String> header, List<String[]> rows, List<Long> lines) {
        this.source = source;
        this.header = Collections.unmodifiableList(header);
        this.rows = rows;
        this.lines = lines;
        this.index = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.put(header.get(i), i);
        }
    }

    public static CsvTable read(Path path) throws IOException {
        return parse(TextFiles.readUtf8(path), path.toString());
    }

    public static CsvTable parse(String text, String source) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true)
                .build();
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord rec : parser) {
                String[] values = rec.values();
                long line = parser.getCurrentLineNumber();
                if (header == null) {
                    header = new ArrayList<>();
                    for (int i = 0; i < values.length; i++) {
                        String name = values[i].trim();
                        if (name.isEmpty()) {
                            throw new InvalidInputException(source + ": header column " + (i + 1)
                                    + " has no name; expected a header row naming every column");
                        }
                        if (header.contains(name)) {
                            throw new InvalidInputException(source + ": column '" + abbreviate(name)
                                    + "' appears twice in the header");
                        }
                        header.add(name);
                    }
                    continue;
                }
                if (values.length != header.size()) {
                    throw new InvalidInputException(source + ": line " + line + " has " + values.length
                            + " fields, the header has " + header.size());
                }
                rows.add(values);
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException | IllegalStateException e) {
            // commons-csv wraps its CSVException: report the parser's own words, not the Java class names
            Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
            throw new InvalidInputException(source + ": malformed CSV: " + cause.getMessage());
        }
        if (header == null) {
            throw new InvalidInputException(source + " has no header row; expected CSV with a header");
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(source + " has a header but no data rows");
        }
        return new CsvTable(source, header, rows, lines);
    }

    public String source() {
        return source;
    }

    public List<String> header() {
        return header;
    }

    public int rowCount() {
        return rows.size();
    }

    /** The index of a column, or an error listing the columns there are. */
    public int column(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new InvalidInputException(source + " has no column '" + name + "'; its columns are "
                    + String.join(", ", header.stream().limit(20).map(CsvTable::abbreviate).toList())
                    + (header.size() > 20 ? ", ... (" + header.size() + " columns)" : ""));
        }
        return i;
    }

    public boolean hasColumn(String name) {
        return index.containsKey(name);
    }

    public String text(int row, int col) {
        return rows.get(row)[col];
    }

    /** The line number in the file of a data row, for messages. */
    public long line(int row) {
        return lines.get(row);
    }

    /** A column's values as finite numbers; a non-number, NaN or infinity is an error naming line and column. */
    public double[] numbers(String name) {
        int col = column(name);
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = number(r, col);
        }
        return out;
    }

    public double number(int row, int col) {
        String s = rows.get(row)[col].trim();
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(source + ": line " + line(row) + ", column '" + abbreviate(header.get(col))
                    + "': expected a number, got '" + abbreviate(s) + "'");
        }
        if (!Double.isFinite(v)) {
            throw new InvalidInputException(source + ": line " + line(row) + ", column '" + abbreviate(header.get(col))
                    + "': " + abbreviate(s) + " is not a finite number");
        }
        return v;
    }

    /** Whether every value of a column parses as a number (used to pick default feature columns). */
    public boolean isNumeric(int col) {
        for (String[] row : rows) {
            try {
                Double.parseDouble(row[col].trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    /** Text from the file cut to 40 characters, control characters escaped: a quoted name may hold a line break. */
    private static String abbreviate(String s) {
        String cut = s.length() <= 40 ? s : s.substring(0, 37) + "...";
        StringBuilder b = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
