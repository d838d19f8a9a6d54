package dev.mlops.registry.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A new data set version was committed. Immutable and thread-safe.
 *
 * @param dataset what was committed
 */
public record DatasetVersionAdded(dev.mlops.registry.dataset.DatasetVersion dataset) implements RegistryEvent {
    public DatasetVersionAdded {
        Objects.requireNonNull(dataset, "dataset");
    }

    @Override
    public Instant at() {
        return dataset.createdAt();
    }
}
