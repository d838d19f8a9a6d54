package dev.mlops.registry;

import dev.mlops.registry.spi.Digest;

import java.util.Objects;
import java.util.Optional;

/**
 * The stored bytes of a model version or data set version: one file, or a directory stored as a manifest of
 * content-addressed files. Immutable and thread-safe.
 *
 * @param kind      file or directory
 * @param digest    the file's SHA-256, or the SHA-256 of the directory's manifest
 * @param size      total bytes (the file, or every file of the directory)
 * @param fileCount 1 for a file, the number of files for a directory
 * @param fileName  the original file name of a single-file artifact, if known
 */
public record Artifact(Kind kind, Digest digest, long size, int fileCount, Optional<String> fileName) {
    /** Whether an artifact is one file or a directory tree. */
    public enum Kind { FILE, DIRECTORY }

    public Artifact {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(fileName, "fileName");
    }
}
