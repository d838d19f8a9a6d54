package dev.mlops.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A data set version being added: set the path (a file or a directory tree) and metadata, then {@link #commit()}.
 * Files are hashed first and stored only when the store lacks them, so re-adding unchanged data writes nothing but
 * the new version record. Not thread-safe; the registry is.
 */
public final class DatasetAddition {
    final Registry registry;
    final String name;
    Path path;
    String description = "";
    String createdBy;

    DatasetAddition(Registry registry, String name) {
        this.registry = registry;
        this.name = name;
    }

    /** The file or directory to store. Symbolic links inside a directory are refused. */
    public DatasetAddition path(Path path) {
        this.path = Objects.requireNonNull(path, "path");
        return this;
    }

    /** Free text. */
    public DatasetAddition description(String text) {
        this.description = Objects.requireNonNull(text, "text");
        return this;
    }

    /** Who adds it. */
    public DatasetAddition by(String actor) {
        this.createdBy = Objects.requireNonNull(actor, "actor");
        return this;
    }

    /** Stores the bytes and commits the next version number. */
    public DatasetVersion commit() {
        if (path == null) {
            throw new IllegalStateException("No path for data set '" + name + "': call path(...) before commit()");
        }
        return registry.housekeeping().addDataset(this);
    }
}
