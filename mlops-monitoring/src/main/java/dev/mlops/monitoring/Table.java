package dev.mlops.monitoring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small column-oriented table of text cells read from CSV (RFC 4180: a header row, comma separators, double-quoted
 * fields with {@code ""} escapes and embedded commas or newlines). An empty cell is missing ({@code null}); when read
 * as numbers, the strings {@code NaN}, {@code nan}, {@code NA}, {@code N/A}, {@code null} and {@code None} are
 * missing too (NaN), and {@code inf}/{@code -inf}/{@code Infinity} are infinities.
 *
 * <p>Immutable and thread-safe.
 */
public final class Table {
    private static final Set<String> MISSING = Set.of("nan", "na", "n/a", "null", "none");

    private final List<String> columns;
    private final List<String[]> cells;
    private final int rows;

    private Table(List<String> columns, List<String[]> cells, int rows) {
        this.columns = columns;
        this.cells = cells;
        this.rows = rows;
    }

    /**
     * A table from named columns of equal length ({@code null} = missing).
     *
     * @throws IllegalArgumentException if lengths differ or names repeat
     */
    public static Table of(Map<String, String[]> columns) {
        List<String> names = new ArrayList<>(columns.keySet());
        List<String[]> cells = new ArrayList<>();
        int rows = -1;
        for (Map.Entry<String, String[]> e : columns.entrySet()) {
            if (rows >= 0 && e.getValue().length != rows) {
                throw new IllegalArgumentException("columns must have equal length; " + e.getKey() + " has "
                        + e.getValue().length + ", expected " + rows);
            }
            rows = e.getValue().length;
            cells.add(e.getValue().clone());
        }
        return new Table(List.copyOf(names), cells, Math.max(rows, 0));
    }

    /** Reads a CSV file with a header row. */
    public static Table readCsv(Path path) {
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return readCsv(r, path.toString());
        } catch (NoSuchFileException e) {
            throw new DataFormatException(path.toString(), 0, "file not found; give an existing CSV file");
        } catch (IOException e) {
            throw new DataFormatException(path.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads UTF-8 CSV from a stream (closed afterwards); {@code source} names it in error messages. */
    public static Table readCsv(java.io.InputStream in, String source) {
        try (Reader r = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            return readCsv(r, source);
        } catch (IOException e) {
            throw new DataFormatException(source, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads CSV text with a header row; {@code source} names it in error messages. */
    public static Table readCsv(String csv, String source) {
        try {
            return readCsv(new StringReader(csv), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Table readCsv(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<List<String>> records = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        long line = 1;
        long recordLine = 1;
        int c;
        boolean any = false;
        while ((c = in.read()) != -1) {
            any = true;
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    if (field.length() > 0) {
                        throw new DataFormatException(source, line, "unexpected quote inside an unquoted field;"
                                + " quote the whole field and double inner quotes");
                    }
                    quoted = true;
                    wasQuoted = true;
                }
                case ',' -> {
                    rec.add(cell(field, wasQuoted));
                    field.setLength(0);
                    wasQuoted = false;
                }
                case '\r' -> {
                    // ignored; \n ends the record
                }
                case '\n' -> {
                    rec.add(cell(field, wasQuoted));
                    field.setLength(0);
                    wasQuoted = false;
                    if (!(rec.size() == 1 && rec.get(0) == null)) {
                        records.add(rec);
                    }
                    rec = new ArrayList<>();
                    line++;
                    recordLine = line;
                }
                default -> field.append(ch);
            }
        }
        if (quoted) {
            throw new DataFormatException(source, recordLine, "unterminated quoted field");
        }
        if (field.length() > 0 || !rec.isEmpty() || wasQuoted) {
            rec.add(cell(field, wasQuoted));
            records.add(rec);
        }
        if (!any || records.isEmpty()) {
            throw new DataFormatException(source, 0, "empty file; expected a header row");
        }
        List<String> header = records.get(0);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i) == null ? "" : header.get(i).strip();
            if (names.contains(h)) {
                throw new DataFormatException(source, 1, "duplicate column name '" + h + "'");
            }
            names.add(h);
        }
        int rows = records.size() - 1;
        List<String[]> cols = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            cols.add(new String[rows]);
        }
        for (int r = 0; r < rows; r++) {
            List<String> row = records.get(r + 1);
            if (row.size() != names.size()) {
                throw new DataFormatException(source, r + 2, "expected " + names.size() + " fields as in the header,"
                        + " found " + row.size());
            }
            for (int i = 0; i < names.size(); i++) {
                cols.get(i)[r] = row.get(i);
            }
        }
        return new Table(List.copyOf(names), cols, rows);
    }

    private static String cell(StringBuilder field, boolean quoted) {
        if (field.length() == 0 && !quoted) {
            return null;
        }
        return field.toString();
    }

    /** Column names in file order. */
    public List<String> columns() {
        return columns;
    }

    /** Number of data rows. */
    public int rowCount() {
        return rows;
    }

    /** Whether the column exists. */
    public boolean has(String column) {
        return columns.contains(column);
    }

    /**
     * The cells of a column ({@code null} = missing; a copy).
     *
     * @throws IllegalArgumentException if there is no such column
     */
    public String[] text(String column) {
        return cells.get(index(column)).clone();
    }

    /** The cell at a row (no copy of the column). */
    public String cell(String column, int row) {
        return cells.get(index(column))[row];
    }

    /**
     * The column as numbers: missing cells are NaN. Returns null when a non-missing cell does not parse as a number.
     */
    public double[] numbers(String column) {
        String[] c = cells.get(index(column));
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            double v = parseNumber(c[i]);
            if (Double.isNaN(v) && c[i] != null && !isMissing(c[i])) {
                return null;
            }
            out[i] = v;
        }
        return out;
    }

    /** Whether every non-missing cell of the column parses as a number (true for an all-missing column). */
    public boolean isNumeric(String column) {
        return numbers(column) != null;
    }

    /** Whether a cell counts as missing: null, blank or one of the NaN spellings. */
    public static boolean isMissing(String cell) {
        return cell == null || cell.isBlank() || MISSING.contains(cell.strip().toLowerCase(Locale.ROOT));
    }

    /** Parses a cell as a number; NaN for missing cells and for text that is not a number. */
    public static double parseNumber(String cell) {
        if (isMissing(cell)) {
            return Double.NaN;
        }
        String s = cell.strip();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        char first = s.charAt(0);
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The first {@code n} rows (or fewer) as a new table. */
    public Table head(int n) {
        int k = Math.min(n, rows);
        Map<String, String[]> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String[] c = new String[k];
            System.arraycopy(cells.get(i), 0, c, 0, k);
            m.put(columns.get(i), c);
        }
        return of(m);
    }

    private int index(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + column + "'; columns are " + columns);
        }
        return i;
    }

    List<String[]> rawColumns() {
        return Collections.unmodifiableList(cells);
    }
}
