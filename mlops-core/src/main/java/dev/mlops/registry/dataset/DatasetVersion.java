package dev.mlops.registry.dataset;

import dev.mlops.registry.Artifact;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a data set: a file or a directory tree stored as content-addressed blobs (storing the same bytes
 * twice stores them once). Immutable and thread-safe.
 *
 * @param name        the data set name
 * @param number      1, 2, 3 … with no gaps
 * @param artifact    the stored file or directory manifest
 * @param csv         column names, inferred types and row count, for a single CSV file with a header
 * @param description free text
 * @param createdAt   when it was committed
 * @param createdBy   who added it
 * @param lineage     the data set versions, model version, run and transformation it came from
 *                    ({@link DatasetLineage#none()} when none was recorded)
 * @param archived    whether it is archived (its bytes may be collected after the retention period)
 */
public record DatasetVersion(String name, int number, Artifact artifact, Optional<CsvSchema> csv, String description,
                             Instant createdAt, String createdBy, DatasetLineage lineage, boolean archived) {
    public DatasetVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(csv, "csv");
        description = description == null ? "" : description;
        Objects.requireNonNull(createdAt, "createdAt");
        createdBy = createdBy == null ? "" : createdBy;
        Objects.requireNonNull(lineage, "lineage");
    }

    /** A version without lineage (what versions added before lineage existed read as). */
    public DatasetVersion(String name, int number, Artifact artifact, Optional<CsvSchema> csv, String description,
                          Instant createdAt, String createdBy, boolean archived) {
        this(name, number, artifact, csv, description, createdAt, createdBy, DatasetLineage.none(), archived);
    }

    /** {@code name:number}. */
    public String id() {
        return name + ":" + number;
    }
}
