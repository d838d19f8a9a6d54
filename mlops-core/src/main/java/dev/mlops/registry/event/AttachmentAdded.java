package dev.mlops.registry.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A file was attached to a model version. Immutable and thread-safe.
 *
 * @param attachment what was committed
 */
public record AttachmentAdded(dev.mlops.registry.AttachmentInfo attachment) implements RegistryEvent {
    public AttachmentAdded {
        Objects.requireNonNull(attachment, "attachment");
    }

    @Override
    public Instant at() {
        return attachment.createdAt();
    }
}
