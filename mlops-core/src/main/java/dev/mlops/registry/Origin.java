package dev.mlops.registry;

import dev.mlops.registry.spi.Digest;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an imported model version came from. Immutable and thread-safe.
 *
 * @param sourceRegistry the description of the registry it was exported from
 * @param model          its model name there
 * @param version        its version number there
 * @param artifactDigest its artifact digest (the same here)
 * @param archiveDigest  the SHA-256 of the archive that was imported
 * @param importedAt     when it was imported
 */
public record Origin(String sourceRegistry, String model, int version, Digest artifactDigest, Digest archiveDigest,
                     Instant importedAt) {
    public Origin {
        Objects.requireNonNull(sourceRegistry, "sourceRegistry");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(artifactDigest, "artifactDigest");
        Objects.requireNonNull(archiveDigest, "archiveDigest");
        Objects.requireNonNull(importedAt, "importedAt");
    }
}
