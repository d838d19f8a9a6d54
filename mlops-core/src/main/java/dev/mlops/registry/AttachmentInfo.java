package dev.mlops.registry;

import dev.mlops.registry.spi.Digest;

import java.time.Instant;
import java.util.Objects;

/**
 * A file attached to a model version after it was registered. Immutable and thread-safe.
 *
 * @param model     the model
 * @param version   the version number
 * @param name      the attachment name (key rules: lower-case {@code [a-z0-9._-]})
 * @param digest    the content's SHA-256
 * @param size      bytes
 * @param createdAt when it was (last) attached
 * @param createdBy who attached it
 */
public record AttachmentInfo(String model, int version, String name, Digest digest, long size, Instant createdAt,
                             String createdBy) {
    public AttachmentInfo {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
