package dev.mlops.registry.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A new model version was committed. Immutable and thread-safe.
 *
 * @param version what was committed
 */
public record VersionRegistered(dev.mlops.registry.ModelVersion version) implements RegistryEvent {
    public VersionRegistered {
        Objects.requireNonNull(version, "version");
    }

    @Override
    public Instant at() {
        return version.createdAt();
    }
}
