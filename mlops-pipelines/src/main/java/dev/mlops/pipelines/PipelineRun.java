package dev.mlops.pipelines;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mlops.pipelines.internal.PipelineJson;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline run as recorded in the registry (collection {@code pipeline-runs}): the source of truth from which a run
 * is inspected ("why did Tuesday's promotion stop?") and resumed in another process. Immutable and thread-safe.
 *
 * @param id        the run id, {@code <pipeline>/<yyyyMMdd-HHmmss-SSS>-<hex>}
 * @param pipeline  the pipeline's name
 * @param status    the run's state
 * @param actor     who started it (alias moves and approval requests are made in this name)
 * @param params    the run's parameters (JSON object)
 * @param startedAt when it started
 * @param endedAt   when it succeeded or failed, null while open
 * @param reason    why it failed or what it waits for, null when running or succeeded
 * @param steps     every step of the pipeline, in order
 */
@JsonPropertyOrder({"id", "pipeline", "status", "actor", "params", "started_at", "ended_at", "reason", "steps"})
public record PipelineRun(@JsonProperty("id") String id, @JsonProperty("pipeline") String pipeline,
                          @JsonProperty("status") RunStatus status, @JsonProperty("actor") String actor,
                          @JsonProperty("params") JsonNode params, @JsonProperty("started_at") Instant startedAt,
                          @JsonProperty("ended_at") Instant endedAt, @JsonProperty("reason") String reason,
                          @JsonProperty("steps") List<StepRecord> steps) {
    /** Validates and copies. */
    public PipelineRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        params = params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : params.deepCopy();
        steps = List.copyOf(steps);
    }

    /** A copy of the parameters. */
    @Override
    public JsonNode params() {
        return params.deepCopy();
    }

    /** The step named {@code name}. */
    public Optional<StepRecord> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The step the run stopped at (failed or waiting), if any. */
    @JsonIgnore
    public Optional<StepRecord> stoppedAt() {
        return steps.stream().filter(s -> s.status() == StepStatus.FAILED || s.status() == StepStatus.WAITING).findFirst();
    }

    /** Whether the run succeeded. */
    @JsonIgnore
    public boolean succeeded() {
        return status == RunStatus.SUCCEEDED;
    }

    /** The record as indented JSON. */
    public String toJson() {
        return PipelineJson.write(this);
    }

    /** Reads a record written by {@link #toJson()}. */
    public static PipelineRun fromJson(String json) {
        try {
            return PipelineJson.MAPPER.readValue(json, PipelineRun.class);
        } catch (java.io.IOException e) {
            throw new PipelineException("Not a pipeline run record: " + e.getMessage(), e);
        }
    }

    /** A readable summary: one line for the run, one per step. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("run ").append(id).append(": ").append(status);
        if (reason != null) {
            sb.append(" (").append(reason).append(')');
        }
        sb.append('\n');
        for (StepRecord s : steps) {
            sb.append("  ").append(String.format("%-10s", s.status())).append(' ').append(s.name());
            s.duration().ifPresent(d -> sb.append(" [").append(d.toMillis()).append(" ms]"));
            if (s.error() != null) {
                sb.append(" - ").append(s.error());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    PipelineRun with(RunStatus newStatus, Instant ended, String newReason, List<StepRecord> newSteps) {
        return new PipelineRun(id, pipeline, newStatus, actor, params, startedAt, ended, newReason, newSteps);
    }
}
