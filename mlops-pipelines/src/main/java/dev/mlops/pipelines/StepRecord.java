package dev.mlops.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one step of a run did: status, start and end time, the inputs it read (run parameters and earlier steps'
 * outputs), the outputs it returned, its log lines and its error. Part of a {@link PipelineRun}; immutable (the JSON
 * trees are copied on the way in and out) and thread-safe.
 *
 * @param name      the step's name
 * @param status    its state
 * @param startedAt when it (last) started, null when it never ran
 * @param endedAt   when it finished or started waiting, null while pending or running
 * @param attempts  how many times it ran (a waiting step runs again on each resume)
 * @param inputs    the values it read: {@code "param.<name>"} and {@code "<step>.<output>"} keys
 * @param outputs   the values it returned (JSON object)
 * @param logs      its log lines, in order, each prefixed with the time
 * @param error     why it failed, null unless {@link StepStatus#FAILED} (or why it waits, when waiting)
 */
@JsonPropertyOrder({"name", "status", "started_at", "ended_at", "attempts", "inputs", "outputs", "logs", "error"})
public record StepRecord(@JsonProperty("name") String name, @JsonProperty("status") StepStatus status,
                         @JsonProperty("started_at") Instant startedAt, @JsonProperty("ended_at") Instant endedAt,
                         @JsonProperty("attempts") int attempts,
                         @JsonProperty("inputs") JsonNode inputs, @JsonProperty("outputs") JsonNode outputs,
                         @JsonProperty("logs") List<String> logs, @JsonProperty("error") String error) {
    /** Validates and copies. */
    public StepRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        inputs = inputs == null || inputs.isNull() ? JsonNodeFactory.instance.objectNode() : inputs.deepCopy();
        outputs = outputs == null || outputs.isNull() ? JsonNodeFactory.instance.objectNode() : outputs.deepCopy();
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    /** A step not run yet. */
    public static StepRecord pending(String name) {
        return new StepRecord(name, StepStatus.PENDING, null, null, 0, null, null, List.of(), null);
    }

    /** A copy of the inputs. */
    @Override
    public JsonNode inputs() {
        return inputs.deepCopy();
    }

    /** A copy of the outputs. */
    @Override
    public JsonNode outputs() {
        return outputs.deepCopy();
    }

    /** One output, or a missing node. */
    public JsonNode output(String key) {
        return outputs.path(key).deepCopy();
    }

    /** How long it ran, when it has ended. */
    public java.util.Optional<Duration> duration() {
        return startedAt == null || endedAt == null ? java.util.Optional.empty()
                : java.util.Optional.of(Duration.between(startedAt, endedAt));
    }

    ObjectNode outputsView() {
        return (ObjectNode) outputs;
    }
}
