package dev.mlops.pipelines;

import dev.mlops.registry.spi.Names;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named, ordered list of named steps: the definition (code) of a pipeline. Run it with
 * {@link Pipelines#run(Pipeline, String, Map)}; a run's record lives in the registry and is resumed with the same
 * definition, in this or another process. There is no scheduler: call it from a unit test, a {@code main}, a CI job
 * or an orchestrator's task. Immutable and thread-safe (as long as its steps are).
 */
public final class Pipeline {
    private final String name;
    private final Map<String, Step> steps;

    private Pipeline(Builder b) {
        this.name = b.name;
        this.steps = Collections.unmodifiableMap(new LinkedHashMap<>(b.steps));
    }

    /** A builder for a pipeline named {@code name} (lower-case letters, digits, '.', '_', '-'). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** The step names, in order. */
    public List<String> stepNames() {
        return List.copyOf(steps.keySet());
    }

    Step step(String stepName) {
        return steps.get(stepName);
    }

    @Override
    public String toString() {
        return "Pipeline[" + name + ": " + String.join(" -> ", steps.keySet()) + "]";
    }

    /** Builds a {@link Pipeline}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Map<String, Step> steps = new LinkedHashMap<>();

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.contains("/")) {
                throw new IllegalArgumentException("A pipeline name is one segment (no '/'), found '" + name + "'");
            }
            Names.checkKey(name);
            this.name = name;
        }

        /** Appends step {@code stepName} (unique within the pipeline). */
        public Builder step(String stepName, Step step) {
            Objects.requireNonNull(stepName, "stepName");
            Objects.requireNonNull(step, "step");
            if (stepName.isBlank() || stepName.contains(".")) {
                throw new IllegalArgumentException("A step name is non-blank and has no '.', found '" + stepName + "'");
            }
            if (steps.putIfAbsent(stepName, step) != null) {
                throw new IllegalArgumentException("Pipeline '" + name + "' already has a step named '" + stepName + "'");
            }
            return this;
        }

        /** Builds; at least one step. */
        public Pipeline build() {
            if (steps.isEmpty()) {
                throw new IllegalStateException("Pipeline '" + name + "' has no steps; add one with step(name, step)");
            }
            return new Pipeline(this);
        }
    }

    static List<StepRecord> pendingSteps(Pipeline p) {
        List<StepRecord> out = new ArrayList<>();
        for (String s : p.steps.keySet()) {
            out.add(StepRecord.pending(s));
        }
        return out;
    }
}
