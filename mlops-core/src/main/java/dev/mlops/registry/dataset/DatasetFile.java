package dev.mlops.registry.dataset;

import dev.mlops.registry.spi.Digest;

import java.util.Objects;

/**
 * One file of a data set version. Immutable and thread-safe.
 *
 * @param path   relative path with '/' separators
 * @param digest SHA-256 of its content
 * @param size   bytes
 */
public record DatasetFile(String path, Digest digest, long size) {
    public DatasetFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(digest, "digest");
    }
}
