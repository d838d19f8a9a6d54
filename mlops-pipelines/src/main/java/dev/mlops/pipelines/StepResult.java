package dev.mlops.pipelines;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a step returns: success, waiting (the run stops and is resumed later) or failure, with outputs that must be
 * JSON-serialisable (numbers, strings, booleans, lists, maps, records, Jackson trees). Immutable and thread-safe.
 *
 * @param status  {@link StepStatus#SUCCEEDED}, {@link StepStatus#WAITING} or {@link StepStatus#FAILED}
 * @param outputs the step's outputs (insertion order kept)
 * @param reason  why it waits or failed, null on success
 */
public record StepResult(StepStatus status, Map<String, Object> outputs, String reason) {
    /** Validates and copies. */
    public StepResult {
        Objects.requireNonNull(status, "status");
        if (status == StepStatus.PENDING || status == StepStatus.RUNNING) {
            throw new IllegalArgumentException("A step result is SUCCEEDED, WAITING or FAILED, not " + status);
        }
        if (status != StepStatus.SUCCEEDED) {
            Objects.requireNonNull(reason, "reason");
        }
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** Success without outputs. */
    public static StepResult ok() {
        return new StepResult(StepStatus.SUCCEEDED, Map.of(), null);
    }

    /** Success with outputs. */
    public static StepResult ok(Map<String, ?> outputs) {
        return new StepResult(StepStatus.SUCCEEDED, new LinkedHashMap<>(outputs), null);
    }

    /** Success with one output. */
    public static StepResult ok(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return new StepResult(StepStatus.SUCCEEDED, m, null);
    }

    /** The run stops here and waits (e.g. for an approval); outputs are kept and visible on resume. */
    public static StepResult waiting(String reason, Map<String, ?> outputs) {
        return new StepResult(StepStatus.WAITING, new LinkedHashMap<>(outputs), reason);
    }

    /** The step failed: the run stops with {@code reason}. */
    public static StepResult failed(String reason, Map<String, ?> outputs) {
        return new StepResult(StepStatus.FAILED, new LinkedHashMap<>(outputs), reason);
    }

    /** The step failed without outputs. */
    public static StepResult failed(String reason) {
        return failed(reason, Map.of());
    }
}
