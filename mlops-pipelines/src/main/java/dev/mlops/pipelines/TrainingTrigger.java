package dev.mlops.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mlops.pipelines.internal.PipelineJson;

import java.time.Instant;
import java.util.Objects;

/**
 * One alert handled by {@link ContinuousTraining}, as recorded in the registry (collection
 * {@value ContinuousTraining#COLLECTION}): what triggered, whether a retraining run started or was debounced, the
 * rollback made, and the run's outcome once it ended. Immutable and thread-safe.
 *
 * @param id           the trigger id ({@code <pipeline>/<time>-<hex>})
 * @param at           when the alert arrived
 * @param source       {@code drift}, {@code quality} or {@code manual}
 * @param reason       the alert in words
 * @param outcome      started or skipped (and why)
 * @param rollback     the rollback made, e.g. {@code "production: 2 -> 1"}, or null
 * @param runId        the retraining run, null unless started
 * @param runStatus    its status once it returned, null before
 * @param runReason    why it failed or waits, null otherwise
 */
@JsonPropertyOrder({"id", "at", "source", "reason", "outcome", "rollback", "run_id", "run_status", "run_reason"})
public record TrainingTrigger(@JsonProperty("id") String id, @JsonProperty("at") Instant at,
                              @JsonProperty("source") String source, @JsonProperty("reason") String reason,
                              @JsonProperty("outcome") Outcome outcome, @JsonProperty("rollback") String rollback,
                              @JsonProperty("run_id") String runId, @JsonProperty("run_status") RunStatus runStatus,
                              @JsonProperty("run_reason") String runReason) {
    /** What happened to an alert. */
    public enum Outcome {
        /** A retraining run started. */
        STARTED,
        /** A retraining run was already in flight. */
        SKIPPED_IN_FLIGHT,
        /** The previous run started less than the minimum interval ago. */
        SKIPPED_TOO_SOON
    }

    /** Validates. */
    public TrainingTrigger {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The record as indented JSON. */
    public String toJson() {
        return PipelineJson.write(this);
    }

    TrainingTrigger withRun(String run, RunStatus status, String why) {
        return new TrainingTrigger(id, at, source, reason, outcome, rollback, run, status, why);
    }
}
