package dev.mlops.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.Registry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a running step sees: the run's parameters, earlier steps' outputs, its own outputs from a previous attempt
 * (a waiting step resumed), the registry, the clock, and a log. Every parameter or output read is recorded as the
 * step's input in the run record. Not thread-safe: use it from the step's thread.
 */
public final class StepContext {
    private final Pipelines pipelines;
    private final PipelineRun run;
    private final String step;
    private final Map<String, StepRecord> earlier;
    private final StepRecord previousAttempt;
    private final ObjectNode inputs = JsonNodeFactory.instance.objectNode();
    private final List<String> logs = new ArrayList<>();

    StepContext(Pipelines pipelines, PipelineRun run, String step, Map<String, StepRecord> earlier,
                StepRecord previousAttempt) {
        this.pipelines = pipelines;
        this.run = run;
        this.step = step;
        this.earlier = earlier;
        this.previousAttempt = previousAttempt;
        if (previousAttempt != null) {
            logs.addAll(previousAttempt.logs());
        }
    }

    /** The run id. */
    public String runId() {
        return run.id();
    }

    /** The pipeline's name. */
    public String pipeline() {
        return run.pipeline();
    }

    /** This step's name. */
    public String stepName() {
        return step;
    }

    /** Who started the run. */
    public String actor() {
        return run.actor();
    }

    /** The registry the run is recorded in. */
    public Registry registry() {
        return pipelines.registry();
    }

    /** The pipelines object running this step (for approvals). */
    public Pipelines pipelines() {
        return pipelines;
    }

    /** The clock. */
    public Clock clock() {
        return pipelines.clock();
    }

    /** Now, from the clock. */
    public Instant now() {
        return pipelines.clock().instant();
    }

    /** Whether parameter {@code name} was given. */
    public boolean hasParam(String name) {
        return run.params().has(name);
    }

    /** Parameter {@code name} (recorded as input {@code param.<name>}). */
    public JsonNode param(String name) {
        JsonNode v = run.params().get(name);
        if (v == null || v.isNull()) {
            throw new PipelineException("Step '" + step + "' of pipeline '" + run.pipeline() + "' needs run parameter '"
                    + name + "', which was not given. Pass it in the run's parameters.");
        }
        inputs.set("param." + name, v);
        return v;
    }

    /** Parameter {@code name} as text. */
    public String textParam(String name) {
        return param(name).asText();
    }

    /** Parameter {@code name} as an int (a JSON integer, or text holding one, as a CLI would pass it). */
    public int intParam(String name) {
        JsonNode v = param(name);
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new PipelineException("Run parameter '" + name + "' must be an integer, found " + v);
    }

    /** Output {@code key} of the earlier step {@code stepName} (recorded as input {@code <step>.<key>}). */
    public JsonNode output(String stepName, String key) {
        StepRecord r = earlier.get(stepName);
        if (r == null || r.status() != StepStatus.SUCCEEDED) {
            throw new PipelineException("Step '" + step + "' reads output '" + key + "' of step '" + stepName
                    + "', which has not succeeded in this run. Order the steps so that it runs first.");
        }
        JsonNode v = r.output(key);
        inputs.set(stepName + "." + key, v);
        return v;
    }

    /** All outputs of the earlier step {@code stepName}, if it succeeded. */
    public java.util.Optional<JsonNode> outputs(String stepName) {
        StepRecord r = earlier.get(stepName);
        if (r == null || r.status() != StepStatus.SUCCEEDED) {
            return java.util.Optional.empty();
        }
        JsonNode v = r.outputs();
        inputs.set(stepName + ".*", v);
        return java.util.Optional.of(v);
    }

    /** This step's own outputs from its previous attempt (a waiting step being resumed), else empty. */
    public java.util.Optional<JsonNode> previousOutputs() {
        return previousAttempt == null || previousAttempt.status() != StepStatus.WAITING ? java.util.Optional.empty()
                : java.util.Optional.of(previousAttempt.outputs());
    }

    /** Adds a log line (kept in the run record). */
    public void log(String line) {
        Objects.requireNonNull(line, "line");
        logs.add(now() + " " + line);
    }

    ObjectNode inputs() {
        return inputs;
    }

    List<String> logs() {
        return logs;
    }
}
