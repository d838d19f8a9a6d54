package dev.mlops.monitoring.checks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The outcome of one check. Immutable and thread-safe.
 *
 * @param name           what was checked, e.g. {@code range(age, 0, 120)}
 * @param column         the column, or null for table-level checks
 * @param passed         whether the check passed
 * @param offendingCount rows (or units, for row-count checks) that violated it
 * @param examples       up to five offending examples, e.g. {@code row 7: "abc"}
 * @param message        a readable explanation
 */
@JsonPropertyOrder({"name", "column", "passed", "offending_count", "examples", "message"})
public record CheckResult(@JsonProperty("name") String name, @JsonProperty("column") String column,
                          @JsonProperty("passed") boolean passed,
                          @JsonProperty("offending_count") long offendingCount,
                          @JsonProperty("examples") List<String> examples,
                          @JsonProperty("message") String message) {
    /** Copies the examples. */
    public CheckResult {
        examples = List.copyOf(examples);
    }
}
