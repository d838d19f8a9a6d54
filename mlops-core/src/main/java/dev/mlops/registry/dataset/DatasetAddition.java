package dev.mlops.registry.dataset;

import dev.mlops.registry.InvalidMetadataException;
import dev.mlops.registry.ModelVersionRef;
import dev.mlops.registry.Registry;
import dev.mlops.registry.internal.Content;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A data set version being added: set the path (a file or a directory tree), metadata and lineage, then
 * {@link #commit()}. Files are hashed first and stored only when the store lacks them, so re-adding unchanged data
 * writes nothing but the new version record.
 *
 * <pre>{@code
 * DatasetVersion scored = registry.addDataset("patients-scored").path(Path.of("scored.csv"))
 *         .derivedFrom("patients", 4).producedBy("cancer", 2).transform("batch scoring").by("alice").commit();
 * }</pre>
 * Every setter checks its input at once; {@code commit()} checks that the referenced data set versions, model
 * version and run exist before it stores anything. Not thread-safe; the registry is.
 */
public final class DatasetAddition {
    final Registry registry;
    /** Internal. */ public final String name;
    /** Internal. */ public Path path;
    /** Internal. */ public String description = "";
    /** Internal. */ public String createdBy;
    /** Internal. */ public DatasetLineage lineage = DatasetLineage.none();

    /** Internal: obtain one from {@link Registry#addDataset(String)}. */
    public DatasetAddition(Registry registry, String name) {
        this.registry = registry;
        this.name = name;
    }

    /**
     * The file or directory to store. Symbolic links inside a directory are refused, and so is any file name that
     * could not be checked out on Linux, macOS and Windows (see the README's Stores section) — a single file's name
     * at once, a directory's names at commit, before anything is stored.
     *
     * @throws InvalidMetadataException when the file's name is not portable
     */
    public DatasetAddition path(Path path) {
        Objects.requireNonNull(path, "path");
        if (!java.nio.file.Files.isDirectory(path) && path.getFileName() != null) {
            Content.checkPortablePath(path.getFileName().toString(), "data set file");
        }
        this.path = path;
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

    /**
     * Derived from data set version {@code name:version} (role {@value DatasetRef#INPUT}); it must exist at commit.
     * Call once per input.
     *
     * @throws dev.mlops.registry.spi.InvalidNameException when {@code name} is not a valid data set name
     */
    public DatasetAddition derivedFrom(String name, int version) {
        return derivedFrom(name, version, DatasetRef.INPUT);
    }

    /** Derived from data set version {@code name:version} in {@code role} (e.g. {@code features}, {@code labels}). */
    public DatasetAddition derivedFrom(String name, int version, String role) {
        Registry.checkName("data set", name);
        lineage = lineage.withInput(new DatasetRef(name, version, Registry.checkMetadataKey("role", role)));
        return this;
    }

    /**
     * Produced by version {@code version} of model {@code model} (e.g. its predictions); it must exist at commit.
     *
     * @throws dev.mlops.registry.spi.InvalidNameException when {@code model} is not a valid model name
     */
    public DatasetAddition producedBy(String model, int version) {
        Registry.checkName("model", model);
        lineage = lineage.withModel(new ModelVersionRef(model, version));
        return this;
    }

    /** Produced by experiment run {@code runId}; it must exist at commit. */
    public DatasetAddition run(String runId) {
        lineage = lineage.withRun(runId);
        return this;
    }

    /** The code revision (e.g. a git commit) of the transformation that made it. */
    public DatasetAddition codeRevision(String revision) {
        lineage = lineage.withCodeRevision(revision);
        return this;
    }

    /** A short description of the transformation, e.g. {@code batch scoring} (at most 1000 characters). */
    public DatasetAddition transform(String text) {
        lineage = lineage.withTransform(text);
        return this;
    }

    /**
     * Replaces the whole lineage (e.g. one copied from another version); the same checks apply as for the fluent
     * setters.
     */
    public DatasetAddition lineage(DatasetLineage lineage) {
        Objects.requireNonNull(lineage, "lineage");
        for (DatasetRef in : lineage.inputs()) {
            Registry.checkName("data set", in.name());
            Registry.checkMetadataKey("role", in.role());
        }
        lineage.model().ifPresent(m -> Registry.checkName("model", m.model()));
        this.lineage = lineage;
        return this;
    }

    /**
     * Checks the lineage references, stores the bytes and commits the next version number.
     *
     * @throws InvalidMetadataException when the path does not exist or is a symbolic link, or when a data set version,
     *                                  model version or run named in the lineage does not exist (nothing is written)
     * @throws IllegalStateException    when no path was set
     */
    public DatasetVersion commit() {
        if (path == null) {
            throw new IllegalStateException("No path for data set '" + name + "': call path(...) before commit()");
        }
        return registry.housekeeping().addDataset(this);
    }
}
