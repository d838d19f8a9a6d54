package dev.mlops.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A model's own metadata (its versions are separate). Immutable and thread-safe.
 *
 * @param name        the model name
 * @param description free text (may be empty)
 * @param tags        key → value
 * @param createdAt   when the model was created
 * @param createdBy   who created it
 */
public record ModelInfo(String name, String description, Map<String, String> tags, Instant createdAt,
                        String createdBy) {
    public ModelInfo {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        tags = Map.copyOf(tags);
        Objects.requireNonNull(createdAt, "createdAt");
        createdBy = createdBy == null ? "" : createdBy;
    }
}
