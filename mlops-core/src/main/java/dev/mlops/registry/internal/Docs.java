package dev.mlops.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The stored documents of the registry, format 1. Every document has {@code "format": 1}; readers ignore fields they
 * do not know, so a newer library reads older documents and an older one reads what it understands of newer ones
 * (refusing only a higher major format). Values only; thread-safe.
 */
public final class Docs {
    private Docs() {
    }

    public record ModelDoc(int format, String name, String description, Map<String, String> tags, Instant createdAt,
                           String createdBy, List<EditDoc> edits) {
    }

    public record EditDoc(Instant at, String by, String field, JsonNode before, JsonNode after) {
    }

    public record ArtifactDoc(String kind, String digest, long size, int fileCount, String fileName) {
    }

    public record DatasetRefDoc(String name, int version, String role) {
    }

    public record LineageDoc(List<DatasetRefDoc> datasets, String codeRevision, Integer parentVersion, String runId) {
    }

    public record OriginDoc(String sourceRegistry, String model, int version, String artifactDigest,
                            String archiveDigest, Instant importedAt) {
    }

    public record VersionDoc(int format, String model, int version, ArtifactDoc artifact, String modelFormat,
                             JsonNode signature, Map<String, Object> params, Map<String, Double> metrics,
                             Map<String, String> tags, String description, Instant createdAt, String createdBy,
                             LineageDoc lineage, OriginDoc origin) {
    }

    /** Editable metadata of a model or data set version; absent until the first edit. */
    public record VersionMetaDoc(int format, String description, Map<String, String> tags, Boolean archived,
                                 Instant archivedAt, String archivedBy, String archiveReason, List<EditDoc> edits) {
    }

    public record HintDoc(int format, int latest) {
    }

    public record AliasEntryDoc(int format, String model, String alias, long seq, Integer from, Integer to,
                                Instant at, String actor, String reason, String kind, String previousHash) {
    }

    public record AliasHeadDoc(int format, long seq, Integer version, String hash, Instant at) {
    }

    public record AttachmentDoc(int format, String model, int version, String name, String digest, long size,
                                Instant createdAt, String createdBy, List<String> previousDigests) {
    }

    public record ManifestDoc(int format, List<ManifestEntry> files) {
    }

    public record ManifestEntry(String path, String digest, long size) {
    }

    public record CsvColumnDoc(String name, String type, long missing) {
    }

    public record CsvDoc(List<CsvColumnDoc> columns, long rowCount) {
    }

    public record DatasetDoc(int format, String name, String description, Instant createdAt, String createdBy) {
    }

    /** A model version named by a data set version's lineage. */
    public record ModelRefDoc(String name, int version) {
    }

    /**
     * Where a data set version came from. Added within format 1: documents written before it have no
     * {@code lineage} field and read as no lineage; every field may be absent.
     */
    public record DatasetLineageDoc(List<DatasetRefDoc> inputs, ModelRefDoc model, String runId, String codeRevision,
                                    String transform) {
    }

    /** {@code lineage} is absent (null) when none was recorded, so such documents are the same as before it existed. */
    public record DatasetVersionDoc(int format, String name, int version, ArtifactDoc artifact, CsvDoc csv,
                                    String description, Instant createdAt, String createdBy,
                                    DatasetLineageDoc lineage) {
    }

    public record RunDoc(int format, String experiment, String id, String status, Instant startedAt, Instant endedAt,
                         Map<String, Object> params, Map<String, String> tags, Map<String, Double> metrics,
                         List<DatasetRefDoc> inputs, Map<String, ManifestEntry> artifacts, List<String> models,
                         String createdBy, Map<String, Integer> metricChunks) {
    }

    public record MetricPointDoc(double v, long s, long t) {
    }

    public record MetricChunkDoc(int format, String run, String metric, int chunk, List<MetricPointDoc> points) {
    }

    public record ImportDoc(int format, String archiveDigest, String model, int version, Instant importedAt) {
    }
}
