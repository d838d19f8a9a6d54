package dev.mlops.monitoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One window of joined predictions and labels: the quality metrics (null when undefined), the thresholds breached, and
 * the join bookkeeping. Serialises to JSON with {@link #toJson()}. Immutable and thread-safe.
 *
 * @param window             the window's sequence number (0-based)
 * @param end                when it closed
 * @param joined             prediction–label pairs in the window
 * @param metrics            metric name → value (accuracy, precision, recall, roc_auc, log_loss; or mae, rmse)
 * @param breaches           human-readable thresholds crossed, e.g. {@code "accuracy 0.81 < 0.9"}
 * @param expiredPredictions predictions dropped unjoined so far (expired or evicted), cumulative
 * @param expiredLabels      labels dropped without a matching prediction so far, cumulative
 * @param pending            predictions and labels waiting for their partner when the window closed
 */
@JsonPropertyOrder({"window", "end", "joined", "alert", "metrics", "breaches", "expired_predictions",
        "expired_labels", "pending"})
public record QualityResult(@JsonProperty("window") long window, @JsonProperty("end") Instant end,
                            @JsonProperty("joined") long joined, @JsonProperty("metrics") Map<String, Double> metrics,
                            @JsonProperty("breaches") List<String> breaches,
                            @JsonProperty("expired_predictions") long expiredPredictions,
                            @JsonProperty("expired_labels") long expiredLabels,
                            @JsonProperty("pending") long pending) {
    /** Copies. */
    public QualityResult {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        breaches = List.copyOf(breaches);
    }

    /** Whether a threshold was crossed. */
    @JsonProperty("alert")
    public boolean alert() {
        return !breaches.isEmpty();
    }

    /** A metric's value, or null when undefined or not computed. */
    public Double metric(String name) {
        return metrics.get(name);
    }

    /** This result as JSON. */
    public String toJson() {
        return Json.write(this);
    }
}
