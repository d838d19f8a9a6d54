package dev.mlops.registry.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An alias moved (or was rolled back); the history entry that records it. Immutable and thread-safe.
 *
 * @param move what was committed
 */
public record AliasMoved(dev.mlops.registry.AliasMove move) implements RegistryEvent {
    public AliasMoved {
        Objects.requireNonNull(move, "move");
    }

    @Override
    public Instant at() {
        return move.at();
    }
}
