package dev.mlops.registry.dataset;

import java.nio.file.Path;


/**
 * A data set version being added: set the path (a file or a directory tree), metadata and lineage, then
 * {@link #commit()}. Files are hashed first and stored only when the store lacks them, so re-adding unchanged data
 * writes nothing but the new version record.
 *
 * <pre>{@code
 * DatasetVersion scored = registry.datasets().add("patients-scored").path(Path.of("scored.csv"))
 *         .derivedFrom("patients", 4).producedBy("cancer", 2).transform("batch scoring").by("alice").commit();
 * }</pre>
 * Every setter checks its input at once; {@code commit()} checks that the referenced data set versions, model
 * version and run exist before it stores anything. Not thread-safe; the registry is.
 */
public interface DatasetAddition {
    /**
     * The file or directory to store. Symbolic links inside a directory are refused, and so is any file name that
     * could not be checked out on Linux, macOS and Windows (see the README's Stores section) — a single file's name
     * at once, a directory's names at commit, before anything is stored.
     *
     * @throws dev.mlops.registry.InvalidMetadataException when the file's name is not portable
     */
    DatasetAddition path(Path path);

    /** Free text. */
    DatasetAddition description(String text);

    /** Who adds it. */
    DatasetAddition by(String actor);

    /**
     * Derived from data set version {@code name:version} (role {@value DatasetRef#INPUT}); it must exist at commit.
     * Call once per input.
     *
     * @throws dev.mlops.registry.spi.InvalidNameException when {@code name} is not a valid data set name
     */
    DatasetAddition derivedFrom(String name, int version);

    /** Derived from data set version {@code name:version} in {@code role} (e.g. {@code features}, {@code labels}). */
    DatasetAddition derivedFrom(String name, int version, String role);

    /**
     * Produced by version {@code version} of model {@code model} (e.g. its predictions); it must exist at commit.
     *
     * @throws dev.mlops.registry.spi.InvalidNameException when {@code model} is not a valid model name
     */
    DatasetAddition producedBy(String model, int version);

    /** Produced by experiment run {@code runId}; it must exist at commit. */
    DatasetAddition run(String runId);

    /** The code revision (e.g. a git commit) of the transformation that made it. */
    DatasetAddition codeRevision(String revision);

    /** A short description of the transformation, e.g. {@code batch scoring} (at most 1000 characters). */
    DatasetAddition transform(String text);

    /**
     * Replaces the whole lineage (e.g. one copied from another version); the same checks apply as for the fluent
     * setters.
     */
    DatasetAddition lineage(DatasetLineage lineage);

    /**
     * Checks the lineage references, stores the bytes and commits the next version number.
     *
     * @throws dev.mlops.registry.InvalidMetadataException when the path does not exist or is a symbolic link, or when a
     *                                  data set version, model version or run named in the lineage does not exist
     *                                  (nothing is written)
     * @throws IllegalStateException    when no path was set
     */
    DatasetVersion commit();
}
