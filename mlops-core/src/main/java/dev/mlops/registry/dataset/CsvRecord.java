package dev.mlops.registry.dataset;

import java.util.Arrays;
import java.util.List;

/**
 * One record read by a {@link CsvReader}: its fields exactly as written (quotes removed, {@code ""} made one quote),
 * whether each was quoted, and the line it starts on. Immutable and thread-safe.
 */
public final class CsvRecord {
    private final long line;
    private final String[] fields;
    private final boolean[] quoted;

    CsvRecord(long line, String[] fields, boolean[] quoted) {
        this.line = line;
        this.fields = fields;
        this.quoted = quoted;
    }

    /** The 1-based line the record starts on (a quoted field may take it over several lines). */
    public long line() {
        return line;
    }

    /** The number of fields (at least one). */
    public int size() {
        return fields.length;
    }

    /**
     * Field {@code i} (0-based) as written, never null; empty for an empty field.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < size()}
     */
    public String get(int i) {
        return fields[i];
    }

    /** Whether field {@code i} was written in quotes (so {@code ""} is an empty quoted field, not an empty one). */
    public boolean isQuoted(int i) {
        return quoted[i];
    }

    /** The fields as an unmodifiable list. */
    public List<String> fields() {
        return List.of(fields);
    }

    @Override
    public String toString() {
        return "line " + line + ": " + Arrays.toString(fields);
    }
}
