package dev.mlops.registry;

import dev.mlops.registry.experiment.RunInfo;
import dev.mlops.registry.internal.Content;
import dev.mlops.registry.internal.Docs;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.maintenance.GcReport;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.Page;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Garbage collection: marks every blob a live record references (versions, data set versions, attachments, run
 * artifacts; archived ones only until the archive retention has passed), then deletes the unmarked blobs last put
 * before the grace period. Thread-safe.
 */
final class GarbageCollector {
    private final RegistryContext ctx;

    GarbageCollector(RegistryContext ctx) {
        this.ctx = ctx;
    }

    GcReport gc(boolean dryRun) {
        Instant start = ctx.clock.instant();
        Instant archiveCutoff = start.minus(ctx.archiveRetention);
        Set<Digest> live = markLive(archiveCutoff);
        Instant graceCutoff = start.minus(ctx.gcGracePeriod);
        long scanned = 0;
        long referenced = 0;
        long inGrace = 0;
        long reclaimable = 0;
        long reclaimableBytes = 0;
        long deleted = 0;
        long deletedBytes = 0;
        List<BlobInfo> candidates = new ArrayList<>();
        String token = null;
        do {
            Page<BlobInfo> p = ctx.blobs.list(token, 1000);
            for (BlobInfo b : p.items()) {
                scanned++;
                if (live.contains(b.digest())) {
                    referenced++;
                } else if (b.lastUsed().isBefore(graceCutoff)) {
                    candidates.add(b);
                } else {
                    inGrace++;
                }
            }
            token = p.nextPageToken();
        } while (token != null);
        // Re-read the references after listing: a version (or attachment, data set version, run) committed while
        // the blobs were listed references blobs the first mark did not see; those are never deleted, however old.
        Set<Digest> liveNow = candidates.isEmpty() ? live : markLive(archiveCutoff);
        for (BlobInfo b : candidates) {
            if (liveNow.contains(b.digest())) {
                referenced++;
                continue;
            }
            // re-stat right before deciding: a concurrent put refreshes the last-used mark
            Optional<BlobInfo> now = ctx.blobs.stat(b.digest());
            if (now.isEmpty()) {
                continue;
            }
            if (!now.get().lastUsed().isBefore(graceCutoff)) {
                inGrace++;
                continue;
            }
            reclaimable++;
            reclaimableBytes += now.get().size();
            if (!dryRun && ctx.blobs.delete(b.digest())) {
                deleted++;
                deletedBytes += now.get().size();
            }
        }
        return new GcReport(dryRun, scanned, referenced, inGrace, reclaimable, reclaimableBytes, deleted, deletedBytes);
    }

    /**
     * Every blob a live record references: versions, data set versions (archived ones until the retention has
     * passed), attachments, run artifacts. A record that cannot be read stops the collection (better keep garbage
     * than delete what an unreadable record may reference).
     */
    private Set<Digest> markLive(Instant archiveCutoff) {
        Set<Digest> live = new HashSet<>();
        for (String key : ctx.listAll(Keys.VERSIONS, "")) {
            String model = key.substring(0, key.lastIndexOf('/'));
            int n = Keys.trailingNumber(key);
            Optional<Docs.VersionDoc> v = ctx.versions.versionDoc(model, n);
            if (v.isEmpty()) {
                continue;
            }
            Docs.VersionMetaDoc meta = ctx.versions.versionMeta(model, n).map(Map.Entry::getValue).orElse(null);
            if (expired(meta, archiveCutoff)) {
                continue;
            }
            markArtifact(v.get().artifact(), live);
        }
        for (String key : ctx.listAll(Keys.DATASET_VERSIONS, "")) {
            String name = key.substring(0, key.lastIndexOf('/'));
            int n = Keys.trailingNumber(key);
            Optional<Docs.DatasetVersionDoc> d = ctx.datasets.datasetDoc(name, n);
            if (d.isEmpty() || expired(ctx.datasets.datasetMeta(name, n), archiveCutoff)) {
                continue;
            }
            markArtifact(d.get().artifact(), live);
        }
        for (String key : ctx.listAll(Keys.ATTACHMENTS, "")) {
            ctx.records.get(Keys.ATTACHMENTS, key).ifPresent(rec ->
                    live.add(Digest.parse(Json.read(rec.document(), Docs.AttachmentDoc.class, key).digest())));
        }
        for (RunInfo run : ctx.runs.list(null)) {
            run.artifacts().values().forEach(a -> live.add(a.digest()));
        }
        return live;
    }

    private static boolean expired(Docs.VersionMetaDoc meta, Instant cutoff) {
        return meta != null && Boolean.TRUE.equals(meta.archived()) && meta.archivedAt() != null
                && meta.archivedAt().isBefore(cutoff);
    }

    private void markArtifact(Docs.ArtifactDoc a, Set<Digest> live) {
        Digest d = Digest.parse(a.digest());
        live.add(d);
        if ("directory".equals(a.kind()) && ctx.blobs.exists(d)) {
            Content.readManifest(ctx.blobs, d).forEach(f -> live.add(f.digest()));
        }
    }
}
