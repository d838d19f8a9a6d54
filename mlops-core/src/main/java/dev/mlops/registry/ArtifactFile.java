package dev.mlops.registry;

import dev.mlops.registry.spi.Digest;

import java.util.Objects;

/**
 * One file of a directory artifact's manifest. Immutable and thread-safe.
 *
 * @param path   the path relative to the artifact root, with {@code /} separators, never escaping the root
 * @param digest the file's SHA-256
 * @param size   its length in bytes
 */
public record ArtifactFile(String path, Digest digest, long size) {
    public ArtifactFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(digest, "digest");
    }
}
