package dev.mlops.registry;

import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.internal.Content;
import dev.mlops.registry.onnx.ModelSignature;

import dev.mlops.registry.spi.InvalidNameException;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model version being registered: set the artifact (a file, a directory, bytes or a stream) and its metadata, then
 * {@link #commit()}. Every setter checks its input at once; {@code commit()} checks the references (data sets, parent,
 * run), stores the bytes and then writes the one version record that makes the version exist.
 *
 * <pre>{@code
 * ModelVersion v = registry.register("fraud").file(Path.of("model.onnx"))
 *         .param("lr", 0.01).metric("auc", 0.91).tag("team", "risk")
 *         .dataset("cc-train", 3).codeRevision("abc123").by("alice").commit();
 * }</pre>
 * Not thread-safe: one registration per thread; the registry it commits to is thread-safe.
 */
public final class VersionRegistration {
    final Registry registry;
    final String model;
    /** Where the artifact comes from: exactly one of the kinds below, or null before a setter chose one. */
    Source source;
    String fileName;
    String format;
    ModelSignature signature;
    final Map<String, Object> params = new LinkedHashMap<>();
    final Map<String, Double> metrics = new LinkedHashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    String description = "";
    String createdBy = "";
    final List<DatasetRef> datasets = new ArrayList<>();
    String codeRevision;
    Integer parentVersion;
    String runId;
    Origin origin;
    final List<DatasetRef> importedDatasets = new ArrayList<>();
    boolean committed;

    VersionRegistration(Registry registry, String model) {
        this.registry = registry;
        this.model = Registry.checkName("model", model);
    }

    /** The artifact is this file, or (when {@code path} is a directory) this directory tree. */
    public VersionRegistration file(Path path) {
        Objects.requireNonNull(path, "path");
        if (java.nio.file.Files.isDirectory(path)) {
            this.source = new DirectorySource(path);
        } else {
            this.source = new FileSource(path);
            this.fileName = path.getFileName() == null ? null
                    : Content.checkPortablePath(path.getFileName().toString(), "artifact file");
        }
        return this;
    }

    /**
     * The artifact is this directory tree (e.g. an ONNX model with external-data files and a tokenizer), stored as a
     * manifest of content-addressed files. The signature is read from the tree's only {@code .onnx} file, if it has one.
     */
    public VersionRegistration directory(Path dir) {
        this.source = new DirectorySource(Objects.requireNonNull(dir, "dir"));
        return this;
    }

    /** The artifact is these bytes (copied). */
    public VersionRegistration bytes(byte[] content) {
        this.source = new BytesSource(Objects.requireNonNull(content, "content").clone());
        return this;
    }

    /** The artifact is the rest of this stream (read during {@link #commit()}, not closed). */
    public VersionRegistration stream(InputStream in) {
        this.source = new StreamSource(Objects.requireNonNull(in, "in"));
        return this;
    }

    /** The original file name (for bytes or a stream); a name ending in {@code .onnx} means the bytes must be ONNX. */
    public VersionRegistration fileName(String name) {
        this.fileName = Content.checkPortablePath(Objects.requireNonNull(name, "name"), "artifact file");
        if (name.contains("/")) {
            throw new InvalidMetadataException("Expected a file name without '/', found '" + name + "'");
        }
        return this;
    }

    /** The artifact format; by default {@code onnx} when the bytes parse as an ONNX model, else {@code binary}. */
    public VersionRegistration format(String format) {
        this.format = Objects.requireNonNull(format, "format");
        return this;
    }

    /** A signature to record instead of the one read from the ONNX file. */
    public VersionRegistration signature(ModelSignature signature) {
        this.signature = Objects.requireNonNull(signature, "signature");
        return this;
    }

    /**
     * A parameter. Values may be {@code String}, {@code Boolean} or any {@code Number} (integers are stored as
     * {@code Long}, others as {@code Double}).
     *
     * @throws InvalidMetadataException for any other type
     */
    public VersionRegistration param(String key, Object value) {
        params.put(Registry.checkMetadataKey("parameter", key), Registry.normalizeParam(key, value));
        return this;
    }

    /** Several parameters; see {@link #param}. */
    public VersionRegistration params(Map<String, ?> values) {
        values.forEach(this::param);
        return this;
    }

    /** A metric; NaN and infinities are allowed and recorded as such. */
    public VersionRegistration metric(String key, double value) {
        metrics.put(Registry.checkMetadataKey("metric", key), value);
        return this;
    }

    /** A tag. */
    public VersionRegistration tag(String key, String value) {
        tags.put(Registry.checkMetadataKey("tag", key), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Free text. */
    public VersionRegistration description(String text) {
        this.description = Objects.requireNonNull(text, "text");
        return this;
    }

    /** Who registers it (a name the application supplies). */
    public VersionRegistration by(String actor) {
        this.createdBy = Objects.requireNonNull(actor, "actor");
        return this;
    }

    /** Trained on this data set version (must exist at commit). */
    public VersionRegistration dataset(String name, int version) {
        return dataset(name, version, DatasetRef.TRAIN);
    }

    /** Used this data set version in {@code role} (e.g. {@code eval}); it must exist at commit. */
    public VersionRegistration dataset(String name, int version, String role) {
        Registry.checkName("data set", name);
        datasets.add(new DatasetRef(name, version, Registry.checkMetadataKey("role", role)));
        return this;
    }

    /** The code revision (e.g. a git commit). */
    public VersionRegistration codeRevision(String revision) {
        this.codeRevision = Objects.requireNonNull(revision, "revision");
        return this;
    }

    /** The version of the same model this one derives from (must exist at commit). */
    public VersionRegistration parent(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("A parent version is >= 1, found " + version);
        }
        this.parentVersion = version;
        return this;
    }

    /** The run that produced it (must exist at commit); the run records this version too. */
    public VersionRegistration run(String runId) {
        this.runId = Objects.requireNonNull(runId, "runId");
        return this;
    }

    VersionRegistration origin(Origin origin) {
        this.origin = origin;
        return this;
    }

    /**
     * Checks the references, stores the artifact and commits the version with the next free number.
     *
     * @throws InvalidMetadataException   when a data set, parent or run does not exist
     * @throws InvalidModelException      when a {@code .onnx} artifact is not an ONNX model
     * @throws IllegalStateException      when no artifact was set, or commit was already called
     * @throws InvalidNameException       never here (names were checked by the setters)
     */
    public ModelVersion commit() {
        if (committed) {
            throw new IllegalStateException("This registration of '" + model + "' was already committed");
        }
        if (source == null) {
            throw new IllegalStateException("No artifact for '" + model + "': call file(), directory(), bytes() or stream() before commit()");
        }
        committed = true;
        return registry.ctx.versions.commitRegistration(this);
    }

    VersionRegistration importedArtifact(Artifact artifact) {
        this.source = new ImportedSource(artifact);
        return this;
    }

    /** The artifact of a registration: one file, one directory tree, bytes, a stream, or an imported stored artifact. */
    sealed interface Source permits FileSource, DirectorySource, BytesSource, StreamSource, ImportedSource {
    }

    /** One file. */
    record FileSource(Path file) implements Source {
    }

    /** A directory tree, stored as a manifest of content-addressed files. */
    record DirectorySource(Path directory) implements Source {
    }

    /** Bytes (a private copy). */
    record BytesSource(byte[] bytes) implements Source {
    }

    /** The rest of a stream, read during the commit. */
    record StreamSource(InputStream in) implements Source {
    }

    /** An artifact whose blobs are already stored (import of an archive). */
    record ImportedSource(Artifact artifact) implements Source {
    }
}
