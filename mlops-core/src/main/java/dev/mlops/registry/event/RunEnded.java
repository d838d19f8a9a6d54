package dev.mlops.registry.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An experiment run ended. Immutable and thread-safe.
 *
 * @param run what was committed
 */
public record RunEnded(dev.mlops.registry.experiment.RunInfo run) implements RegistryEvent {
    public RunEnded {
        Objects.requireNonNull(run, "run");
    }

    @Override
    public Instant at() {
        return run.endedAt().orElse(run.startedAt());
    }
}
