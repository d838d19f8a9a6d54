package dev.mlops.registry;

import dev.mlops.registry.onnx.ModelSignature;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One registered version of a model: immutable once written. The editable metadata ({@link #description()},
 * {@link #tags()}, archived state) reflects the latest recorded edit; earlier values stay in the edit history.
 * Immutable and thread-safe.
 *
 * @param model       the model name
 * @param number      the version number: 1, 2, 3 … with no gaps
 * @param artifact    the stored bytes
 * @param format      the artifact format, e.g. {@code onnx}
 * @param signature   inputs and outputs read from the ONNX file ({@link ModelSignature#empty()} when not ONNX)
 * @param params      parameters: values are {@code String}, {@code Long}, {@code Double} or {@code Boolean}
 * @param metrics     metrics; NaN and infinities are kept as such
 * @param tags        key → value
 * @param description free text
 * @param createdAt   when the version was committed
 * @param createdBy   who registered it (the application supplies actor names)
 * @param lineage     data sets, code revision, parent version, run
 * @param archived    whether the version is archived (no alias may point at it; its bytes may be collected)
 * @param origin      where an imported version came from
 */
public record ModelVersion(String model, int number, Artifact artifact, String format, ModelSignature signature,
                           Map<String, Object> params, Map<String, Double> metrics, Map<String, String> tags,
                           String description, Instant createdAt, String createdBy, Lineage lineage,
                           boolean archived, Optional<Origin> origin) {
    public ModelVersion {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(signature, "signature");
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        tags = Map.copyOf(tags);
        description = description == null ? "" : description;
        Objects.requireNonNull(createdAt, "createdAt");
        createdBy = createdBy == null ? "" : createdBy;
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(origin, "origin");
    }

    /** {@code model:number}, e.g. {@code fraud:3}. */
    public String id() {
        return model + ":" + number;
    }
}
