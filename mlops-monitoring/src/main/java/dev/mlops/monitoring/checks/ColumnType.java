package dev.mlops.monitoring.checks;

import dev.mlops.monitoring.Table;

import java.util.Locale;

/** The type a column's non-missing cells must have. Immutable and thread-safe. */
public enum ColumnType {
    /** Any number, including {@code inf}/{@code -inf}. */
    NUMBER,
    /** A whole number (e.g. {@code 3} or {@code 3.0}). */
    INTEGER,
    /** {@code true}/{@code false} (any case) or {@code 0}/{@code 1}. */
    BOOLEAN,
    /** Any text. */
    STRING;

    /** Whether a non-missing cell has this type. */
    public boolean accepts(String cell) {
        return switch (this) {
            case STRING -> true;
            case NUMBER -> !Double.isNaN(Table.parseNumber(cell));
            case INTEGER -> {
                double v = Table.parseNumber(cell);
                yield Double.isFinite(v) && v == Math.rint(v);
            }
            case BOOLEAN -> {
                String s = cell.strip().toLowerCase(Locale.ROOT);
                yield s.equals("true") || s.equals("false") || s.equals("0") || s.equals("1");
            }
        };
    }

    /** The lower-case name used in schema files. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a schema type name.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static ColumnType fromJsonName(String name) {
        for (ColumnType t : values()) {
            if (t.jsonName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown column type '" + name + "'; expected number, integer, boolean"
                + " or string");
    }
}
