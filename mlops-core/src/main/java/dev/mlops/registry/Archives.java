package dev.mlops.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.internal.Content;
import dev.mlops.registry.internal.Docs;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.spi.ConflictException;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.VersionedRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Export and import of model versions as portable archives: a zip of a manifest (the version record, its current
 * tags and description, attachments, lineage records) and every blob it references. Thread-safe.
 */
final class Archives {
    private static final String EXPORT_MANIFEST = "mlops-export.json";
    private final RegistryContext ctx;

    Archives(RegistryContext ctx) {
        this.ctx = ctx;
    }

    void exportVersion(String model, int number, OutputStream out) {
        Docs.VersionDoc v = ctx.registry.versionDoc(model, number).orElseThrow(() -> ctx.registry.noVersion(model, number));
        ModelVersion mv = ctx.registry.version(model, number);
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("format", Json.FORMAT);
        manifest.put("kind", "mlops-model-version-export");
        manifest.put("sourceRegistry", ctx.description());
        manifest.put("exportedAt", ctx.clock.instant().toString());
        manifest.set("version", Json.MAPPER.valueToTree(v));
        manifest.set("currentTags", Json.MAPPER.valueToTree(mv.tags()));
        manifest.put("currentDescription", mv.description());
        List<Digest> blobs = new ArrayList<>();
        Digest artifact = Digest.parse(v.artifact().digest());
        blobs.add(artifact);
        if ("directory".equals(v.artifact().kind())) {
            Content.readManifest(ctx.blobs, artifact).forEach(f -> blobs.add(f.digest()));
        }
        List<AttachmentInfo> attachments = ctx.registry.attachments(model, number);
        manifest.set("attachments", Json.MAPPER.valueToTree(attachments.stream()
                .map(a -> Map.of("name", a.name(), "digest", a.digest().toString(), "size", a.size())).toList()));
        attachments.forEach(a -> blobs.add(a.digest()));
        List<Object> lineage = new ArrayList<>();
        if (v.lineage() != null && v.lineage().datasets() != null) {
            for (Docs.DatasetRefDoc ds : v.lineage().datasets()) {
                ctx.datasets.datasetDoc(ds.name(), ds.version()).ifPresent(lineage::add);
            }
        }
        manifest.set("datasets", Json.MAPPER.valueToTree(lineage));
        if (v.lineage() != null && v.lineage().runId() != null) {
            ctx.records.get(Keys.RUNS, v.lineage().runId()).ifPresent(rec ->
                    manifest.set("run", Json.tree(rec.document(), "run")));
        }
        try {
            ZipOutputStream zip = new ZipOutputStream(out);
            ZipEntry me = new ZipEntry(EXPORT_MANIFEST);
            me.setTime(0);
            zip.putNextEntry(me);
            zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            Set<Digest> written = new HashSet<>();
            for (Digest d : blobs) {
                if (!written.add(d)) {
                    continue;
                }
                ZipEntry e = new ZipEntry("blobs/" + d.hex());
                e.setTime(0);
                zip.putNextEntry(e);
                try (InputStream in = ctx.blobs.get(d)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
            zip.finish();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Export of " + model + ":" + number + " failed: " + e.getMessage(), e);
        }
    }

    ModelVersion importVersion(Path archive, String actor) {
        Digest archiveDigest = Content.hash(archive);
        Optional<VersionedRecord> already = ctx.records.get(Keys.IMPORTS, archiveDigest.hex());
        if (already.isPresent()) {
            Docs.ImportDoc d = Json.read(already.get().document(), Docs.ImportDoc.class, Keys.IMPORTS + "/" + archiveDigest.hex());
            throw new ConflictException("Archive " + archive + " (" + archiveDigest + ") was already imported as "
                    + d.model() + ":" + d.version() + " at " + d.importedAt() + "; refusing to import it twice", 0, 1);
        }
        JsonNode manifest = null;
        Set<Digest> stored = new HashSet<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (name.equals(EXPORT_MANIFEST)) {
                    manifest = Json.MAPPER.readTree(zip.readAllBytes());
                } else if (name.startsWith("blobs/") && name.length() == 6 + 64) {
                    Digest d = Digest.parse(name.substring(6));
                    ctx.blobs.put(new NonClosing(zip), d); // verifies the digest; nothing stored on mismatch
                    stored.add(d);
                } else {
                    throw new InvalidMetadataException("Unexpected entry '" + name + "' in archive " + archive
                            + "; is it an mlops export?");
                }
            }
        } catch (java.util.zip.ZipException ex) {
            throw new InvalidMetadataException("Archive " + archive + " is not a valid mlops export (zip): " + ex.getMessage());
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read archive " + archive + ": " + ex.getMessage(), ex);
        }
        if (manifest == null || !"mlops-model-version-export".equals(manifest.path("kind").asText())) {
            throw new InvalidMetadataException("Archive " + archive + " has no " + EXPORT_MANIFEST + "; is it an mlops export?");
        }
        if (manifest.path("format").asInt() > Json.FORMAT) {
            throw new InvalidMetadataException("Archive " + archive + " has format " + manifest.path("format").asInt()
                    + "; this library reads up to " + Json.FORMAT + ". Upgrade mlops.");
        }
        Docs.VersionDoc v;
        try {
            v = Json.MAPPER.treeToValue(manifest.get("version"), Docs.VersionDoc.class);
        } catch (IOException ex) {
            throw new InvalidMetadataException("Archive " + archive + " has an unreadable version record: " + ex.getMessage());
        }
        Digest artifact = Digest.parse(v.artifact().digest());
        if (!stored.contains(artifact)) {
            throw new CorruptedContentException("Archive " + archive + " lacks the artifact blob " + artifact);
        }
        if ("directory".equals(v.artifact().kind())) {
            for (ArtifactFile f : Content.readManifest(ctx.blobs, artifact)) {
                if (!stored.contains(f.digest())) {
                    throw new CorruptedContentException("Archive " + archive + " lacks file " + f.path() + " (" + f.digest() + ")");
                }
            }
        }
        // a crash between commit and the imports record leaves it importable again; check the model for the origin too
        for (ModelVersion existing : ctx.registry.findModel(v.model()).isPresent() ? ctx.registry.versions(v.model()) : List.<ModelVersion>of()) {
            if (existing.origin().map(o -> o.archiveDigest().equals(archiveDigest)).orElse(false)) {
                throw new ConflictException("Archive " + archive + " was already imported as " + existing.id()
                        + "; refusing to import it twice", 0, 1);
            }
        }
        Origin origin = new Origin(manifest.path("sourceRegistry").asText(), v.model(), v.version(), artifact,
                archiveDigest, ctx.clock.instant());
        Docs.ArtifactDoc a = v.artifact();
        VersionRegistration reg = ctx.registry.register(v.model()).signature(dev.mlops.registry.internal.SignatureJson.read(v.signature()))
                .format(v.modelFormat() == null ? "binary" : v.modelFormat()).by(actor)
                .description(manifest.path("currentDescription").asText(v.description() == null ? "" : v.description()))
                .origin(origin);
        reg.importedArtifact = new Artifact("directory".equals(a.kind()) ? Artifact.Kind.DIRECTORY : Artifact.Kind.FILE,
                artifact, a.size(), a.fileCount(), Optional.ofNullable(a.fileName()));
        if (v.params() != null) {
            reg.params(v.params());
        }
        if (v.metrics() != null) {
            v.metrics().forEach(reg::metric);
        }
        JsonNode tags = manifest.get("currentTags");
        if (tags != null) {
            tags.fields().forEachRemaining(e -> reg.tag(e.getKey(), e.getValue().asText()));
        }
        if (v.lineage() != null) {
            if (v.lineage().datasets() != null) {
                v.lineage().datasets().forEach(d -> reg.importedDatasets.add(new DatasetRef(d.name(), d.version(), d.role())));
            }
            if (v.lineage().codeRevision() != null) {
                reg.codeRevision(v.lineage().codeRevision());
            }
        }
        ModelVersion committed = reg.commit();
        ctx.records.createIfAbsent(Keys.IMPORTS, archiveDigest.hex(), Json.write(new Docs.ImportDoc(Json.FORMAT,
                archiveDigest.toString(), committed.model(), committed.number(), ctx.clock.instant())));
        for (JsonNode att : manifest.path("attachments")) {
            Digest d = Digest.parse(att.path("digest").asText());
            try (InputStream in = ctx.blobs.get(d)) {
                ctx.registry.attach(committed.model(), committed.number(), att.path("name").asText(), in, actor);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return committed;
    }

    /** Lets a blob store read one zip entry without closing the zip. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
