package dev.mlops.monitoring.checks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.monitoring.DataFormatException;
import dev.mlops.monitoring.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A data schema: our own versioned JSON format, turned into a {@link CheckSuite} by {@link #toSuite()}.
 *
 * <pre>{@code
 * {
 *   "format": "mlops-schema",            // required
 *   "format_version": 1,                 // required; readers accept 1..FORMAT_VERSION
 *   "row_count": {"min": 1, "max": null},// optional; null = unbounded
 *   "columns": [
 *     {
 *       "name": "age",                   // required
 *       "type": "integer",               // number | integer | boolean | string (default string)
 *       "required": true,                // the column must be present (default true)
 *       "min": 0, "max": 120,            // numeric range, either optional
 *       "allowed_values": ["a", "b"],    // allowed categories (trimmed cells), optional
 *       "max_missing_share": 0.05,       // 0..1, optional (default: no limit)
 *       "unique": false                  // non-missing values unique (default false)
 *     }
 *   ]
 * }
 * }</pre>
 * Each present property becomes one check, in this order per column: presence, type, range, allowed values, missing
 * share, uniqueness; then the row count. Unknown properties are rejected (a typo must not silently drop a check).
 *
 * <p>Immutable and thread-safe.
 *
 * @param rowCountMin minimum rows, null for none
 * @param rowCountMax maximum rows, null for none
 * @param columns     column specifications
 */
public record Schema(Long rowCountMin, Long rowCountMax, List<ColumnSpec> columns) {
    /** The format name. */
    public static final String FORMAT = "mlops-schema";
    /** The newest format version this code reads and the one it writes. */
    public static final int FORMAT_VERSION = 1;
    /** Inference lists allowed values for text columns with at most this many distinct values. */
    public static final int MAX_INFERRED_CATEGORIES = 20;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Copies. */
    public Schema {
        columns = List.copyOf(columns);
    }

    /**
     * One column's specification. Immutable and thread-safe.
     *
     * @param name            column name
     * @param type            number, integer, boolean or string
     * @param required        whether the column must exist
     * @param min             minimum value, null for none
     * @param max             maximum value, null for none
     * @param allowedValues   allowed categories, null for any
     * @param maxMissingShare largest missing share, null for no limit
     * @param unique          whether non-missing values must be unique
     */
    @JsonPropertyOrder({"name", "type", "required", "min", "max", "allowed_values", "max_missing_share", "unique"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ColumnSpec(@JsonProperty("name") String name, @JsonProperty("type") String type,
                             @JsonProperty("required") Boolean required, @JsonProperty("min") Double min,
                             @JsonProperty("max") Double max,
                             @JsonProperty("allowed_values") List<String> allowedValues,
                             @JsonProperty("max_missing_share") Double maxMissingShare,
                             @JsonProperty("unique") Boolean unique) {
        /** Validates. */
        public ColumnSpec {
            Objects.requireNonNull(name, "column name");
            type = type == null ? "string" : type;
            ColumnType.fromJsonName(type);
            if (min != null && max != null && min > max) {
                throw new IllegalArgumentException("column '" + name + "': min " + min + " > max " + max);
            }
        }
    }

    /** The checks this schema describes. */
    public CheckSuite toSuite() {
        CheckSuite.Builder b = CheckSuite.builder();
        for (ColumnSpec c : columns) {
            if (c.required() == null || c.required()) {
                b.columnPresent(c.name());
            }
            ColumnType t = ColumnType.fromJsonName(c.type());
            if (t != ColumnType.STRING) {
                b.type(c.name(), t);
            }
            if (c.min() != null || c.max() != null) {
                b.range(c.name(), c.min() == null ? Double.NEGATIVE_INFINITY : c.min(),
                        c.max() == null ? Double.POSITIVE_INFINITY : c.max());
            }
            if (c.allowedValues() != null) {
                b.allowedValues(c.name(), new HashSet<>(c.allowedValues()));
            }
            if (c.maxMissingShare() != null) {
                b.maxMissingShare(c.name(), c.maxMissingShare());
            }
            if (c.unique() != null && c.unique()) {
                b.unique(c.name());
            }
        }
        if (rowCountMin != null || rowCountMax != null) {
            b.rowCount(rowCountMin == null ? 0 : rowCountMin, rowCountMax == null ? Long.MAX_VALUE : rowCountMax);
        }
        return b.build();
    }

    /** The schema as a JSON document. */
    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("format_version", FORMAT_VERSION);
        Map<String, Object> rc = new LinkedHashMap<>();
        rc.put("min", rowCountMin);
        rc.put("max", rowCountMax);
        doc.put("row_count", rc);
        doc.put("columns", columns);
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a schema file. */
    public static Schema read(Path file) {
        try {
            return fromJson(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file.toString(), 0, "schema file not found");
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a schema document; {@code source} names it in error messages.
     *
     * @throws DataFormatException if it is not a schema, has a newer version, or is malformed
     */
    public static Schema fromJson(String json, String source) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new DataFormatException(source, 0, "expected \"format\": \"" + FORMAT + "\"; write one with"
                        + " Schema.infer(table).toJson()");
            }
            int v = root.path("format_version").asInt(-1);
            if (v < 1 || v > FORMAT_VERSION) {
                throw new DataFormatException(source, 0, "unsupported format_version " + root.path("format_version")
                        + "; this mlops reads 1 to " + FORMAT_VERSION);
            }
            Set<String> known = Set.of("format", "format_version", "row_count", "columns", "description");
            for (java.util.Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!known.contains(f)) {
                    throw new DataFormatException(source, 0, "unknown field '" + f + "'; expected " + known);
                }
            }
            JsonNode rc = root.path("row_count");
            Long min = rc.hasNonNull("min") ? rc.get("min").asLong() : null;
            Long max = rc.hasNonNull("max") ? rc.get("max").asLong() : null;
            List<ColumnSpec> cols = new ArrayList<>();
            for (JsonNode c : root.path("columns")) {
                cols.add(MAPPER.treeToValue(c, ColumnSpec.class));
            }
            return new Schema(min, max, cols);
        } catch (JsonProcessingException e) {
            throw new DataFormatException(source, 0, "malformed schema: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(source, 0, e.getMessage(), e);
        }
    }

    /**
     * Infers a schema that the table passes: per column the narrowest type (integer, number, boolean, string), the
     * observed min and max for numbers, the allowed values of text columns with at most
     * {@value #MAX_INFERRED_CATEGORIES} distinct values (and fewer than half as many as rows), the observed missing
     * share as the limit, uniqueness for integer or text columns without missing or repeated values; at least one row.
     */
    public static Schema infer(Table table) {
        List<ColumnSpec> cols = new ArrayList<>();
        for (String c : table.columns()) {
            String[] v = table.text(c);
            int missing = 0;
            boolean isInt = true;
            boolean isNum = true;
            boolean isBool = true;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            Set<String> distinct = new TreeSet<>();
            boolean repeats = false;
            for (String cell : v) {
                if (Table.isMissing(cell)) {
                    missing++;
                    continue;
                }
                isInt &= ColumnType.INTEGER.accepts(cell);
                isNum &= ColumnType.NUMBER.accepts(cell);
                isBool &= ColumnType.BOOLEAN.accepts(cell);
                if (isNum) {
                    double x = Table.parseNumber(cell);
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
                repeats |= !distinct.add(cell.strip());
            }
            int present = v.length - missing;
            String type;
            if (present == 0) {
                type = "string";
            } else if (isBool && !isNum) {
                type = "boolean";
            } else if (isInt) {
                type = "integer";
            } else if (isNum) {
                type = "number";
            } else {
                type = "string";
            }
            boolean numeric = present > 0 && isNum;
            List<String> allowed = !numeric && !"boolean".equals(type) && present > 0
                    && distinct.size() <= MAX_INFERRED_CATEGORIES && distinct.size() * 2 < present
                    ? List.copyOf(distinct) : null;
            boolean unique = present >= 2 && !repeats && missing == 0 && ("integer".equals(type) || "string".equals(type))
                    && allowed == null;
            double share = v.length == 0 ? 0 : Math.ceil((double) missing / v.length * 1e6) / 1e6;
            cols.add(new ColumnSpec(c, type, true, numeric && Double.isFinite(min) ? min : null,
                    numeric && Double.isFinite(max) ? max : null, allowed, share, unique ? Boolean.TRUE : null));
        }
        return new Schema(1L, null, cols);
    }
}
