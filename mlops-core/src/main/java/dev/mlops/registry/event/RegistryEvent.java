package dev.mlops.registry.event;

import java.time.Instant;

/**
 * Something that changed in a registry, delivered to {@link RegistryListener}s in the order the changes were
 * committed in this process. Every event is an immutable, thread-safe value.
 */
public interface RegistryEvent {
    /** When the change was committed. */
    Instant at();
}
