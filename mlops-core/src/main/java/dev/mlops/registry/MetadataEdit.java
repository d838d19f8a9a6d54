package dev.mlops.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One recorded edit of editable metadata (a description or a tag of a model or version): edits are appended, never
 * overwritten. Immutable and thread-safe.
 *
 * @param at     when
 * @param by     who
 * @param field  {@code description} or {@code tag:<key>} or {@code archived}
 * @param before the value before (empty if unset)
 * @param after  the value after (empty if removed)
 */
public record MetadataEdit(Instant at, String by, String field, Optional<String> before, Optional<String> after) {
    public MetadataEdit {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }
}
