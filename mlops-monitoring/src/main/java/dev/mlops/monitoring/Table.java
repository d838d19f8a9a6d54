package dev.mlops.monitoring;

import dev.mlops.registry.dataset.CsvDialect;
import dev.mlops.registry.dataset.CsvFormatException;
import dev.mlops.registry.dataset.CsvReader;
import dev.mlops.registry.dataset.CsvRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small column-oriented table of text cells read from CSV in the library's one dialect,
 * {@link CsvDialect#standard()} (a header row, comma separators, double-quoted fields with {@code ""} escapes and
 * embedded commas or newlines, UTF-8 with an optional byte-order mark, LF or CRLF line ends, blank lines skipped).
 * An empty unquoted cell is {@code null}; {@link #isMissing} is the dialect's definition of a missing value (blank,
 * {@code NA}, {@code N/A}, {@code NaN}, {@code null}, {@code None}), so such cells read as NaN in {@link #numbers};
 * {@code inf}/{@code -inf}/{@code Infinity} are infinities.
 *
 * <p>Immutable and thread-safe.
 */
public final class Table {
    private static final CsvDialect DIALECT = CsvDialect.standard();

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
        try (InputStream in = Files.newInputStream(path)) {
            return read(DIALECT.reader(in, path.toString()));
        } catch (NoSuchFileException e) {
            throw new DataFormatException(path.toString(), 0, "file not found; give an existing CSV file");
        } catch (IOException e) {
            throw new DataFormatException(path.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads UTF-8 CSV from a stream (closed afterwards); {@code source} names it in error messages. */
    public static Table readCsv(InputStream in, String source) {
        try (InputStream closed = in) {
            return read(DIALECT.reader(closed, source));
        } catch (IOException e) {
            throw new DataFormatException(source, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads CSV text with a header row; {@code source} names it in error messages. */
    public static Table readCsv(String csv, String source) {
        return read(DIALECT.reader(new StringReader(csv), source));
    }

    private static Table read(CsvReader reader) {
        String source = reader.source();
        List<String[]> records = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CsvReader in = reader) {
            for (CsvRecord rec; (rec = in.next()) != null; ) {
                String[] cells = new String[rec.size()];
                for (int i = 0; i < cells.length; i++) {
                    String f = rec.get(i);
                    cells[i] = f.isEmpty() && !rec.isQuoted(i) ? null : f;
                }
                records.add(cells);
                lines.add(rec.line());
            }
        } catch (CsvFormatException e) {
            throw new DataFormatException(source, e.line(), "column " + e.column() + ": " + e.problem(), e);
        } catch (UncheckedIOException e) {
            throw new DataFormatException(source, 0, "cannot read: " + e.getCause().getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new DataFormatException(source, 0, "empty file; expected a header row");
        }
        String[] header = records.get(0);
        List<String> names = new ArrayList<>();
        for (String value : header) {
            String h = value == null ? "" : value.strip();
            if (names.contains(h)) {
                throw new DataFormatException(source, lines.get(0), "duplicate column name '" + h + "'");
            }
            names.add(h);
        }
        int rows = records.size() - 1;
        List<String[]> cols = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            cols.add(new String[rows]);
        }
        for (int r = 0; r < rows; r++) {
            String[] row = records.get(r + 1);
            if (row.length != names.size()) {
                throw new DataFormatException(source, lines.get(r + 1), "expected " + names.size()
                        + " fields as in the header, found " + row.length);
            }
            for (int i = 0; i < names.size(); i++) {
                cols.get(i)[r] = row[i];
            }
        }
        return new Table(List.copyOf(names), cols, rows);
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

    /**
     * Whether a cell counts as missing: null, or missing in {@link CsvDialect#standard()} (blank, {@code NA},
     * {@code N/A}, {@code NaN}, {@code null} or {@code None}, ignoring case and surrounding white space).
     */
    public static boolean isMissing(String cell) {
        return DIALECT.isMissing(cell);
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
