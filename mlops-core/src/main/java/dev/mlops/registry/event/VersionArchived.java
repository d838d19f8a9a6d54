package dev.mlops.registry.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A model or data set version was archived. Immutable and thread-safe.
 *
 * @param kind    {@code model} or {@code dataset}
 * @param name    the model or data set name
 * @param version the version number
 * @param actor   who archived it
 * @param at      when
 */
public record VersionArchived(String kind, String name, int version, String actor, Instant at) implements RegistryEvent {
    public VersionArchived {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
    }
}
