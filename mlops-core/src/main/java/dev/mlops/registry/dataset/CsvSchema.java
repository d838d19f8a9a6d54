package dev.mlops.registry.dataset;

import java.util.List;
import java.util.Objects;

/**
 * What the registry learned about a CSV data file: its columns with inferred types, and its row count (excluding
 * the header). Immutable and thread-safe.
 *
 * @param columns  the columns in file order
 * @param rowCount data rows
 */
public record CsvSchema(List<Column> columns, long rowCount) {
    /**
     * A column and the narrowest type every non-empty value fits: {@code integer}, {@code number} or {@code string}
     * ({@code empty} when every value is empty).
     *
     * @param name    the header name
     * @param type    the inferred type
     * @param missing rows with an empty value
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
