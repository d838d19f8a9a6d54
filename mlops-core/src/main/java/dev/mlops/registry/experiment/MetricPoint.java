package dev.mlops.registry.experiment;

import java.time.Instant;
import java.util.Objects;

/**
 * One logged value of a run metric. Immutable and thread-safe.
 *
 * @param value     the value (NaN and infinities allowed)
 * @param step      the training step
 * @param timestamp when it was logged
 */
public record MetricPoint(double value, long step, Instant timestamp) {
    public MetricPoint {
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
