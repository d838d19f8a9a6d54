package dev.mlops.registry.dataset;

import java.util.List;
import java.util.Objects;

/**
 * What the registry learned about a CSV data file, read as {@link CsvDialect#standard()} defines CSV: its columns with
 * inferred types, and its row count (excluding the header; blank lines are not rows). Immutable and thread-safe.
 *
 * @param columns  the columns in file order
 * @param rowCount data rows
 */
public record CsvSchema(List<Column> columns, long rowCount) {
    /**
     * A column and the narrowest type every non-missing value fits: {@code integer}, {@code number} or
     * {@code string} ({@code empty} when every value is missing).
     *
     * @param name    the header name
     * @param type    the inferred type
     * @param missing rows whose value is missing as {@link CsvDialect#isMissing} defines it (empty, {@code NA},
     *                {@code N/A}, {@code NaN}, {@code null}, {@code None})
     */
    public record Column(String name, String type, long missing) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    public CsvSchema {
        columns = List.copyOf(columns);
    }
}
