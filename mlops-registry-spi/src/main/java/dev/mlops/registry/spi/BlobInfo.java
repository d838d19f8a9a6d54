package dev.mlops.registry.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store knows about one blob: its digest, size in bytes and last-used mark (the time of its latest put,
 * which garbage collection compares with its grace period). Immutable and thread-safe.
 *
 * @param digest   the SHA-256 of the content
 * @param size     the content length in bytes
 * @param lastUsed when the blob was last put (a put of existing content refreshes it)
 */
public record BlobInfo(Digest digest, long size, Instant lastUsed) {
    public BlobInfo {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(lastUsed, "lastUsed");
        if (size < 0) {
            throw new IllegalArgumentException("Blob size must be >= 0, found " + size);
        }
    }
}
