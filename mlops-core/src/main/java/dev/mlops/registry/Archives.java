package dev.mlops.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.internal.Content;
import dev.mlops.registry.internal.Docs;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.internal.SignatureJson;
import dev.mlops.registry.io.InputLimits;
import dev.mlops.registry.onnx.ModelSignature;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.ConflictException;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.Names;
import dev.mlops.registry.spi.VerifyingInputStream;
import dev.mlops.registry.spi.VersionedRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    /** The largest manifest read (it holds metadata, never content); a larger one is refused before it is read. */
    static final long MAX_MANIFEST_BYTES = 4L << 20;
    /** The most entries an archive may have. */
    static final int MAX_ENTRIES = 100_000;
    private final RegistryContext ctx;

    Archives(RegistryContext ctx) {
        this.ctx = ctx;
    }

    void exportVersion(String model, int number, OutputStream out) {
        Docs.VersionDoc v = ctx.versions.versionDoc(model, number).orElseThrow(() -> ctx.versions.noVersion(model, number));
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

    /**
     * Imports an archive. Nothing is linked by digest alone: every blob the version uses (artifact, directory files,
     * attachments) must be in the archive, and its bytes are hashed as they are read. Everything is checked before
     * the one commit point (the version record): names, digests, duplicate entries, sizes and the signature, which
     * are recomputed from the content; a failed import leaves no version and can be retried. The attachment and
     * import records written after the commit cannot fail on the archive's content; if the process dies or the
     * store fails between them, importing the same archive again completes the import.
     */
    ModelVersion importVersion(Path archive, String actor) {
        Digest archiveDigest = Content.hash(archive);
        Optional<VersionedRecord> already = ctx.records.get(Keys.IMPORTS, archiveDigest.hex());
        if (already.isPresent()) {
            Docs.ImportDoc d = Json.read(already.get().document(), Docs.ImportDoc.class, Keys.IMPORTS + "/" + archiveDigest.hex());
            throw new ConflictException("Archive " + archive + " (" + archiveDigest + ") was already imported as "
                    + d.model() + ":" + d.version() + " at " + d.importedAt() + "; refusing to import it twice", 0, 1);
        }
        // 1. read the archive: the manifest (bounded) and every blob (hashed while stored: content-addressed)
        JsonNode manifest = null;
        Map<Digest, Long> inArchive = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            ZipEntry e;
            int entries = 0;
            while ((e = zip.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw refused(archive, "it has more than " + MAX_ENTRIES + " entries");
                }
                String name = e.getName();
                if (name.equals(EXPORT_MANIFEST)) {
                    if (manifest != null) {
                        throw refused(archive, "it has two " + EXPORT_MANIFEST + " entries");
                    }
                    String what = EXPORT_MANIFEST + " in archive " + archive;
                    InputLimits.checkDeclaredSize(e.getSize(), MAX_MANIFEST_BYTES, what);
                    manifest = parseStrictly(InputLimits.limit(zip, MAX_MANIFEST_BYTES, what), archive);
                } else if (name.startsWith("blobs/") && name.length() == 6 + 64) {
                    Digest d = digest(name.substring(6), "entry '" + name + "'", archive);
                    if (inArchive.containsKey(d)) {
                        throw refused(archive, "it has two entries for blob " + d);
                    }
                    // put without a known digest, so the store reads (and we hash) every byte of the entry even when
                    // it already holds that digest: a blob is never taken on the archive's word
                    BlobInfo info = ctx.blobs.put(new VerifyingInputStream(new NonClosing(zip), d, -1,
                            "entry " + name + " of archive " + archive));
                    if (!info.digest().equals(d)) {
                        throw new CorruptedContentException("Entry " + name + " of archive " + archive
                                + " hashes to " + info.digest() + "; the archive is damaged or was tampered with");
                    }
                    inArchive.put(d, info.size());
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
        // 2. check everything, recomputing what the content determines, before any record is written
        ImportPlan plan;
        try {
            plan = plan(archive, archiveDigest, manifest, inArchive, actor);
        } catch (NullPointerException | IllegalArgumentException ex) {
            // a setter's refusal of a null or malformed value: say where it came from, never raw NPE text
            throw refused(archive, "a field of " + EXPORT_MANIFEST + " is missing or malformed"
                    + (ex.getMessage() == null ? "" : " (" + ex.getMessage() + ")"));
        }
        // a retry after a failure past the commit point completes that import instead of adding a second version
        for (ModelVersion existing : ctx.registry.findModel(plan.model).isPresent()
                ? ctx.registry.versions(plan.model) : List.<ModelVersion>of()) {
            if (existing.origin().map(o -> o.archiveDigest().equals(archiveDigest)).orElse(false)) {
                return finish(existing, plan, archiveDigest, actor);
            }
        }
        // 3. the one commit point
        ModelVersion committed = plan.registration.commit();
        return finish(committed, plan, archiveDigest, actor);
    }

    /** What an import will write, all checked. */
    private record ImportPlan(String model, VersionRegistration registration, Map<String, Digest> attachments) {
    }

    private ImportPlan plan(Path archive, Digest archiveDigest, JsonNode manifest, Map<Digest, Long> inArchive,
                            String actor) {
        if (manifest == null || !"mlops-model-version-export".equals(manifest.path("kind").asText())) {
            throw new InvalidMetadataException("Archive " + archive + " has no " + EXPORT_MANIFEST + "; is it an mlops export?");
        }
        if (manifest.path("format").asInt() > Json.FORMAT) {
            throw new InvalidMetadataException("Archive " + archive + " has format " + manifest.path("format").asInt()
                    + "; this library reads up to " + Json.FORMAT + ". Upgrade mlops.");
        }
        JsonNode versionNode = manifest.get("version");
        if (versionNode == null || !versionNode.isObject()) {
            throw missing(archive, "version", "the version record (an object)");
        }
        Docs.VersionDoc v;
        try {
            v = Json.MAPPER.treeToValue(versionNode, Docs.VersionDoc.class);
        } catch (IOException ex) {
            throw new InvalidMetadataException("Archive " + archive + " has an unreadable version record: "
                    + ex.getMessage().lines().findFirst().orElse(""));
        }
        if (v.model() == null) {
            throw missing(archive, "version.model", "the model's name");
        }
        Registry.checkName("model", v.model());
        Docs.ArtifactDoc a = v.artifact();
        if (a == null) {
            throw missing(archive, "version.artifact", "the artifact");
        }
        if (a.digest() == null) {
            throw missing(archive, "version.artifact.digest", "the artifact's digest");
        }
        boolean directory = "directory".equals(a.kind());
        if (!directory && !"file".equals(a.kind())) {
            throw refused(archive, "version.artifact.kind is '" + a.kind() + "', expected 'file' or 'directory'");
        }
        Digest artifact = digest(a.digest(), "version.artifact.digest", archive);
        Long artifactSize = inArchive.get(artifact);
        if (artifactSize == null) {
            throw new CorruptedContentException("Archive " + archive + " lacks the artifact blob " + artifact
                    + "; an archive must carry every blob it names");
        }
        String format = v.modelFormat();
        Artifact recomputed;
        ModelSignature signature;
        if (directory) {
            List<ArtifactFile> files = Content.readManifest(ctx.blobs, artifact);
            List<String> paths = new ArrayList<>();
            long total = 0;
            for (ArtifactFile f : files) {
                paths.add(Content.checkPortablePath(f.path(), "artifact file"));
                Long size = inArchive.get(f.digest());
                if (size == null) {
                    throw new CorruptedContentException("Archive " + archive + " lacks file " + f.path() + " ("
                            + f.digest() + "); an archive must carry every blob it names");
                }
                if (size != f.size()) {
                    throw refused(archive, "the directory manifest records " + f.size() + " bytes for " + f.path()
                            + " but its content has " + size);
                }
                total += size;
            }
            if (new HashSet<>(paths).size() != paths.size()) {
                throw refused(archive, "the directory manifest names a file twice");
            }
            Content.checkNoPortableCollisions(paths, "artifact file");
            recomputed = new Artifact(Artifact.Kind.DIRECTORY, artifact, total, files.size(), Optional.empty());
            List<ArtifactFile> onnx = files.stream().filter(f -> f.path().endsWith(".onnx")).toList();
            if (onnx.size() == 1) {
                Digest main = onnx.get(0).digest();
                signature = VersionLog.signatureOf(() -> ctx.blobs.get(main), format == null || "onnx".equals(format),
                        onnx.get(0).path() + " in archive " + archive);
            } else {
                signature = ModelSignature.empty();
            }
        } else {
            if (a.fileName() != null) {
                Content.checkPortablePath(a.fileName(), "artifact file");
            }
            recomputed = new Artifact(Artifact.Kind.FILE, artifact, artifactSize, 1, Optional.ofNullable(a.fileName()));
            boolean mustBeOnnx = "onnx".equals(format) || (a.fileName() != null && a.fileName().endsWith(".onnx"));
            signature = VersionLog.signatureOf(() -> ctx.blobs.get(artifact), mustBeOnnx, "the artifact of archive " + archive);
        }
        if (signature.isEmpty() && !"onnx".equals(format)) {
            // content that is not ONNX carries no signature of its own: keep the one declared at registration
            try {
                signature = SignatureJson.read(v.signature());
            } catch (RuntimeException ex) {
                throw refused(archive, "version.signature is unreadable: " + ex.getMessage());
            }
        }
        Map<String, Digest> attachments = new LinkedHashMap<>();
        JsonNode atts = manifest.path("attachments");
        if (!atts.isMissingNode() && !atts.isNull() && !atts.isArray()) {
            throw refused(archive, "'attachments' is not a list");
        }
        for (JsonNode att : atts) {
            String name = att.path("name").isTextual() ? att.path("name").asText() : null;
            if (name == null) {
                throw missing(archive, "attachments[].name", "an attachment's name");
            }
            Names.checkKey(name);
            if (name.contains("/")) {
                throw refused(archive, "attachment name '" + name + "' has a '/'");
            }
            if (!att.path("digest").isTextual()) {
                throw missing(archive, "attachments[].digest", "the digest of attachment '" + name + "'");
            }
            Digest d = digest(att.path("digest").asText(), "the digest of attachment '" + name + "'", archive);
            if (!inArchive.containsKey(d)) {
                throw new CorruptedContentException("Archive " + archive + " lacks the blob " + d + " of attachment '"
                        + name + "'; an archive must carry every blob it names");
            }
            if (attachments.put(name, d) != null) {
                throw refused(archive, "attachment '" + name + "' is listed twice");
            }
        }
        Origin origin = new Origin(manifest.path("sourceRegistry").asText(), v.model(), v.version(), artifact,
                archiveDigest, ctx.clock.instant());
        VersionRegistration reg = ctx.registry.register(v.model()).signature(signature)
                .format(format == null ? "binary" : format).by(actor)
                .description(manifest.path("currentDescription").asText(v.description() == null ? "" : v.description()))
                .origin(origin);
        reg.importedArtifact(recomputed);
        if (v.params() != null) {
            reg.params(v.params());
        }
        if (v.metrics() != null) {
            v.metrics().forEach(reg::metric);
        }
        JsonNode tags = manifest.get("currentTags");
        if (tags != null && !tags.isNull()) {
            if (!tags.isObject()) {
                throw refused(archive, "'currentTags' is not an object");
            }
            tags.properties().forEach(e -> reg.tag(e.getKey(), e.getValue().asText()));
        }
        if (v.lineage() != null) {
            if (v.lineage().datasets() != null) {
                for (Docs.DatasetRefDoc d : v.lineage().datasets()) {
                    if (d == null || d.name() == null) {
                        throw missing(archive, "version.lineage.datasets[].name", "a data set's name");
                    }
                    Registry.checkName("data set", d.name());
                    reg.importedDatasets.add(new DatasetRef(d.name(), d.version(), d.role()));
                }
            }
            if (v.lineage().codeRevision() != null) {
                reg.codeRevision(v.lineage().codeRevision());
            }
        }
        return new ImportPlan(v.model(), reg, attachments);
    }

    /** After the commit: the attachments and the imports record (idempotent: a retry redoes what is missing). */
    private ModelVersion finish(ModelVersion version, ImportPlan plan, Digest archiveDigest, String actor) {
        for (Map.Entry<String, Digest> att : plan.attachments.entrySet()) {
            Optional<AttachmentInfo> have = ctx.registry.attachments(version.model(), version.number()).stream()
                    .filter(x -> x.name().equals(att.getKey())).findFirst();
            if (have.isPresent() && have.get().digest().equals(att.getValue())) {
                continue;
            }
            try (InputStream in = ctx.blobs.get(att.getValue())) {
                ctx.registry.attach(version.model(), version.number(), att.getKey(), in, actor);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        ctx.records.createIfAbsent(Keys.IMPORTS, archiveDigest.hex(), Json.write(new Docs.ImportDoc(Json.FORMAT,
                archiveDigest.toString(), version.model(), version.number(), ctx.clock.instant())));
        return version;
    }

    private static JsonNode parseStrictly(InputStream bytes, Path archive) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION); // "last wins" would let an entry hide another
            JsonNode node = Json.MAPPER.readTree(p);
            if (node == null || !node.isObject()) {
                throw refused(archive, EXPORT_MANIFEST + " is not a JSON object");
            }
            return node;
        } catch (IOException ex) {
            throw refused(archive, EXPORT_MANIFEST + " is not valid: " + ex.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static Digest digest(String text, String what, Path archive) {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException ex) {
            throw refused(archive, what + " is not a SHA-256 digest: " + ex.getMessage());
        }
    }

    private static InvalidMetadataException missing(Path archive, String field, String what) {
        return new InvalidMetadataException("Archive " + archive + " lacks '" + field + "' (" + what + ") in "
                + EXPORT_MANIFEST + "; nothing was imported. Export the version again with this library.");
    }

    private static InvalidMetadataException refused(Path archive, String why) {
        return new InvalidMetadataException("Refusing archive " + archive + ": " + why + "; nothing was imported.");
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
