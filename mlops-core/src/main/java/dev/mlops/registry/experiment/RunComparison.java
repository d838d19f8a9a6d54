package dev.mlops.registry.experiment;

import dev.mlops.registry.VersionComparison;

import java.util.Map;

/**
 * The differences between two runs: parameters, latest metric values and tags (only keys whose values differ).
 * Immutable and thread-safe.
 *
 * @param runA    the first run
 * @param runB    the second run
 * @param params  parameter changes from A to B
 * @param metrics metric changes (latest values) from A to B
 * @param tags    tag changes from A to B
 */
public record RunComparison(String runA, String runB, Map<String, VersionComparison.Change> params,
                            Map<String, VersionComparison.Change> metrics, Map<String, VersionComparison.Change> tags) {
    public RunComparison {
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        tags = Map.copyOf(tags);
    }
}
