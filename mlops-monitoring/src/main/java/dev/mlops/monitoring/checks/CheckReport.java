package dev.mlops.monitoring.checks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.monitoring.MonitoringException;

import java.util.List;
import java.util.Locale;

/**
 * The report of a {@link CheckSuite} run: each check with passed/failed, its offending count and examples, and
 * {@code percent_passed} = 100 · passed / total (100 when there are no checks). Immutable and thread-safe.
 *
 * @param source        what was checked (a file name, "rows", "table")
 * @param rows          rows checked
 * @param checks        every check's result, in suite order
 * @param total         number of checks
 * @param passedCount   checks passed
 * @param failedCount   checks failed
 * @param percentPassed 0–100
 */
@JsonPropertyOrder({"source", "rows", "passed", "percent_passed", "total", "passed_count", "failed_count", "checks"})
public record CheckReport(@JsonProperty("source") String source, @JsonProperty("rows") long rows,
                          @JsonProperty("checks") List<CheckResult> checks, @JsonProperty("total") int total,
                          @JsonProperty("passed_count") int passedCount,
                          @JsonProperty("failed_count") int failedCount,
                          @JsonProperty("percent_passed") double percentPassed) {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Copies. */
    public CheckReport {
        checks = List.copyOf(checks);
    }

    static CheckReport of(String source, long rows, List<CheckResult> results) {
        int passed = (int) results.stream().filter(CheckResult::passed).count();
        double pct = results.isEmpty() ? 100.0 : 100.0 * passed / results.size();
        return new CheckReport(source, rows, results, results.size(), passed, results.size() - passed, pct);
    }

    /** Whether every check passed (use as a gate). */
    @JsonProperty("passed")
    public boolean passed() {
        return failedCount == 0;
    }

    /** The report as JSON. */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new MonitoringException("cannot write the check report as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A readable rendering: one line per check, then the summary. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("Data checks on ").append(source).append(" (").append(rows).append(" rows)\n");
        for (CheckResult c : checks) {
            sb.append(c.passed() ? "  PASS  " : "  FAIL  ").append(c.name());
            if (!c.passed()) {
                sb.append(" - ").append(c.message());
                if (!c.examples().isEmpty()) {
                    sb.append("; e.g. ").append(String.join(", ", c.examples()));
                }
            }
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%d of %d checks passed (%.1f%%)%n", passedCount, total, percentPassed));
        return sb.toString();
    }
}
