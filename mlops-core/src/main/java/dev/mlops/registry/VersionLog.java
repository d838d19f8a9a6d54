package dev.mlops.registry;

import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.event.VersionArchived;
import dev.mlops.registry.event.VersionRegistered;
import dev.mlops.registry.internal.Content;
import dev.mlops.registry.internal.Docs;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.internal.SignatureJson;
import dev.mlops.registry.onnx.ModelSignature;
import dev.mlops.registry.onnx.OnnxSignatures;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.ConflictException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The version log: registration (bytes first, then the one create-if-absent of version record n, n+1 on a lost race),
 * number hints, reading and paging versions, artifacts, version metadata edits and archiving. Thread-safe.
 */
final class VersionLog {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    private final RegistryContext ctx;

    VersionLog(RegistryContext ctx) {
        this.ctx = ctx;
    }

    ModelVersion commitRegistration(VersionRegistration r) {
        String actor = Registry.actorOrDefault(r.createdBy);
        // 1. check references before writing anything
        for (DatasetRef ds : r.datasets) {
            ctx.datasets.requireDatasetVersion(ds.name(), ds.version());
        }
        if (r.parentVersion != null && versionDoc(r.model, r.parentVersion).isEmpty()) {
            throw new InvalidMetadataException("Parent version " + r.parentVersion + " of model '" + r.model
                    + "' does not exist; the latest is " + latestNumber(r.model));
        }
        if (r.runId != null) {
            ctx.runs.requireRun(r.runId);
        }
        VersionRegistration.Source source = r.source;
        Path file = source instanceof VersionRegistration.FileSource f ? f.file() : null;
        Path directory = source instanceof VersionRegistration.DirectorySource d ? d.directory() : null;
        byte[] bytes = source instanceof VersionRegistration.BytesSource b ? b.bytes() : null;
        Artifact imported = source instanceof VersionRegistration.ImportedSource i ? i.artifact() : null;
        // 2. read the signature from local bytes before storing anything, when we can
        ModelSignature sig = r.signature;
        String format = r.format;
        boolean mustBeOnnx = "onnx".equals(format) || (r.fileName != null && r.fileName.endsWith(".onnx"));
        if (sig == null && file != null) {
            sig = signatureOf(() -> Files.newInputStream(file), mustBeOnnx, file.toString());
        } else if (sig == null && bytes != null) {
            sig = signatureOf(() -> new ByteArrayInputStream(bytes), mustBeOnnx, r.fileName == null ? "bytes" : r.fileName);
        } else if (sig == null && directory != null) {
            List<Path> onnx = Content.listTree(directory).stream().filter(p -> p.toString().endsWith(".onnx")).toList();
            if (onnx.size() == 1) {
                Path main = directory.resolve(onnx.get(0));
                boolean onnxBundle = format == null || "onnx".equals(format);
                sig = signatureOf(() -> Files.newInputStream(main), onnxBundle, main.toString());
                if (format == null) {
                    format = "onnx";
                }
            } else {
                sig = ModelSignature.empty();
            }
        }
        // 3. store the bytes (content-addressed: harmless if we crash after this)
        Artifact artifact;
        if (imported != null) {
            artifact = imported;
            if (sig == null) {
                sig = ModelSignature.empty();
            }
        } else if (directory != null) {
            Content.Tree tree = Content.putTree(ctx.blobs, directory);
            artifact = new Artifact(Artifact.Kind.DIRECTORY, tree.manifestDigest(), tree.totalSize(), tree.files().size(),
                    Optional.empty());
        } else {
            BlobInfo info;
            if (file != null) {
                info = Content.putFile(ctx.blobs, file);
            } else if (bytes != null) {
                info = ctx.blobs.put(new ByteArrayInputStream(bytes), Digest.sha256(bytes));
            } else {
                info = ctx.blobs.put(((VersionRegistration.StreamSource) source).in());
            }
            artifact = new Artifact(Artifact.Kind.FILE, info.digest(), info.size(), 1, Optional.ofNullable(r.fileName));
            if (sig == null) {
                Digest d = info.digest();
                sig = signatureOf(() -> ctx.blobs.get(d), mustBeOnnx, r.fileName == null ? "stream" : r.fileName);
            }
        }
        if (format == null) {
            format = sig.isEmpty() ? (mustBeOnnx ? "onnx" : "binary") : "onnx";
        }
        ctx.models.ensureModel(r.model, actor);
        // 4. commit: create version record n if absent, n+1 on conflict
        List<DatasetRef> allDatasets = new ArrayList<>(r.datasets);
        allDatasets.addAll(r.importedDatasets);
        Docs.LineageDoc lineage = new Docs.LineageDoc(
                allDatasets.stream().map(d -> new Docs.DatasetRefDoc(d.name(), d.version(), d.role())).toList(),
                r.codeRevision, r.parentVersion, r.runId);
        Docs.OriginDoc origin = r.origin == null ? null : new Docs.OriginDoc(r.origin.sourceRegistry(), r.origin.model(),
                r.origin.version(), r.origin.artifactDigest().toString(), r.origin.archiveDigest().toString(),
                r.origin.importedAt());
        Docs.ArtifactDoc artifactDoc = new Docs.ArtifactDoc(artifact.kind() == Artifact.Kind.FILE ? "file" : "directory",
                artifact.digest().toString(), artifact.size(), artifact.fileCount(), artifact.fileName().orElse(null));
        final ModelSignature signature = sig;
        final String fmt = format;
        ModelVersion committed = ctx.events.commitThenPublish(RegistryEvents.model(r.model), () -> {
            int n = nextFreeNumber(Keys.VERSIONS, Keys.VERSION_HINTS, r.model);
            while (true) {
                Docs.VersionDoc doc = new Docs.VersionDoc(Json.FORMAT, r.model, n, artifactDoc, fmt,
                        SignatureJson.write(signature), new TreeMap<>(r.params), new TreeMap<>(r.metrics),
                        new TreeMap<>(r.tags), r.description, ctx.clock.instant(), actor, lineage, origin);
                WriteResult w = ctx.records.createIfAbsent(Keys.VERSIONS, Keys.version(r.model, n), Json.write(doc));
                if (w.applied()) {
                    return toModelVersion(doc, null);
                }
                n++;
            }
        }, VersionRegistered::new);
        advanceHint(Keys.VERSION_HINTS, r.model, committed.number());
        ctx.afterCommit(artifact, directory, file);
        if (bytes != null && !ctx.blobs.exists(artifact.digest())) {
            ctx.blobs.put(new ByteArrayInputStream(bytes), artifact.digest()); // a concurrent gc raced us; put it back
        }
        if (r.runId != null) {
            ctx.runs.linkRunToModel(r.runId, committed.model(), committed.number());
        }
        return committed;
    }

    interface StreamSource {
        InputStream open() throws IOException;
    }

    static ModelSignature signatureOf(StreamSource source, boolean mustBeOnnx, String what) {
        try (InputStream in = source.open()) {
            if (mustBeOnnx) {
                return OnnxSignatures.read(in);
            }
            return OnnxSignatures.tryRead(in).orElse(ModelSignature.empty());
        } catch (InvalidModelException e) {
            throw new InvalidModelException(what + " should be an ONNX model but is not: " + e.getMessage()
                    + ". Pass format(\"...\") for other formats.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (mustBeOnnx) {
                throw e;
            }
            return ModelSignature.empty();
        }
    }

    /** The first number n ≥ hint+1 with no record: the hint is never trusted alone, we probe forward from it. */
    int nextFreeNumber(String collection, String hints, String name) {
        int n = readHint(hints, name) + 1;
        while (ctx.records.get(collection, Keys.version(name, n)).isPresent()) {
            n++;
        }
        return n;
    }

    int readHint(String hints, String name) {
        return ctx.records.get(hints, name)
                .map(r -> Json.read(r.document(), Docs.HintDoc.class, hints + "/" + name).latest())
                .orElse(0);
    }

    void advanceHint(String hints, String name, int committed) {
        byte[] doc = Json.write(new Docs.HintDoc(Json.FORMAT, committed));
        try {
            Commits.update(ctx.records, hints, name, "advancing the number hint of '" + name + "'", r -> {
                int current = r.map(x -> Json.read(x.document(), Docs.HintDoc.class, hints + "/" + name).latest()).orElse(0);
                return current >= committed ? Commits.Step.unchanged(null) : Commits.Step.write(doc, null);
            });
        } catch (ConflictException e) {
            // the hint is only an optimisation (readers probe forward from it); the version is committed
            LOG.debug("Number hint of {} not advanced: {}", name, e.getMessage());
        }
    }

    int latestNumber(String model) {
        Registry.checkName("model", model);
        return latestCommitted(Keys.VERSIONS, Keys.VERSION_HINTS, model);
    }

    int latestCommitted(String collection, String hints, String name) {
        int n = readHint(hints, name);
        while (ctx.records.get(collection, Keys.version(name, n + 1)).isPresent()) {
            n++;
        }
        return n;
    }

    Optional<ModelVersion> latest(String model) {
        int n = latestNumber(model);
        return n == 0 ? Optional.empty() : Optional.of(version(model, n));
    }

    ModelVersion version(String model, int number) {
        Registry.checkName("model", model);
        Docs.VersionDoc d = versionDoc(model, number).orElseThrow(() -> noVersion(model, number));
        return toModelVersion(d, versionMeta(model, number).map(Map.Entry::getValue).orElse(null));
    }

    Optional<ModelVersion> findVersion(String model, int number) {
        Registry.checkName("model", model);
        return versionDoc(model, number).map(d -> toModelVersion(d, versionMeta(model, number).map(Map.Entry::getValue).orElse(null)));
    }

    NotFoundException noVersion(String model, int number) {
        if (ctx.records.get(Keys.MODELS, model).isEmpty()) {
            return ctx.models.noModel(model);
        }
        return new NotFoundException("Model '" + model + "' has no version " + number + "; its latest is "
                + latestNumber(model) + ". List them with registry.versions(\"" + model + "\").", "model version", model,
                number);
    }

    Optional<Docs.VersionDoc> versionDoc(String model, int number) {
        if (number < 1) {
            return Optional.empty();
        }
        String key = Keys.version(model, number);
        Object cached = ctx.cached("v:" + key);
        if (cached instanceof Docs.VersionDoc d) {
            return Optional.of(d);
        }
        Optional<Docs.VersionDoc> d = ctx.records.get(Keys.VERSIONS, key)
                .map(r -> Json.read(r.document(), Docs.VersionDoc.class, Keys.VERSIONS + "/" + key));
        d.ifPresent(doc -> cache("v:" + key, doc));
        return d;
    }

    private void cache(String key, Object value) {
        ctx.cache(key, value);
    }

    Optional<Map.Entry<Long, Docs.VersionMetaDoc>> versionMeta(String model, int number) {
        String key = Keys.version(model, number);
        return ctx.records.get(Keys.VERSION_META, key).map(r -> Map.entry(r.revision(),
                Json.read(r.document(), Docs.VersionMetaDoc.class, Keys.VERSION_META + "/" + key)));
    }

    ModelVersion toModelVersion(Docs.VersionDoc d, Docs.VersionMetaDoc meta) {
        Docs.ArtifactDoc a = d.artifact();
        Artifact artifact = new Artifact("directory".equals(a.kind()) ? Artifact.Kind.DIRECTORY : Artifact.Kind.FILE,
                Digest.parse(a.digest()), a.size(), a.fileCount(), Optional.ofNullable(a.fileName()));
        Map<String, Object> params = new TreeMap<>();
        if (d.params() != null) {
            d.params().forEach((k, v) -> params.put(k, Registry.normalizeParam(k, v)));
        }
        Docs.LineageDoc l = d.lineage();
        Lineage lineage = l == null ? Lineage.none() : new Lineage(
                l.datasets() == null ? List.of() : l.datasets().stream().map(x -> new DatasetRef(x.name(), x.version(), x.role())).toList(),
                Optional.ofNullable(l.codeRevision()),
                l.parentVersion() == null ? OptionalInt.empty() : OptionalInt.of(l.parentVersion()),
                Optional.ofNullable(l.runId()));
        Map<String, String> tags = new TreeMap<>(d.tags() == null ? Map.of() : d.tags());
        String description = d.description();
        boolean archived = false;
        if (meta != null) {
            if (meta.tags() != null) {
                tags = new TreeMap<>(meta.tags());
            }
            if (meta.description() != null) {
                description = meta.description();
            }
            archived = Boolean.TRUE.equals(meta.archived());
        }
        Optional<Origin> origin = Optional.ofNullable(d.origin()).map(o -> new Origin(o.sourceRegistry(), o.model(),
                o.version(), Digest.parse(o.artifactDigest()), Digest.parse(o.archiveDigest()), o.importedAt()));
        return new ModelVersion(d.model(), d.version(), artifact, d.modelFormat() == null ? "binary" : d.modelFormat(),
                SignatureJson.read(d.signature()), params, d.metrics() == null ? Map.of() : d.metrics(), tags,
                description, d.createdAt(), d.createdBy(), lineage, archived, origin);
    }

    List<ModelVersion> versions(String model) {
        return RegistryContext.allPages(t -> versions(model, t, 1000));
    }

    Page<ModelVersion> versions(String model, String pageToken, int limit) {
        Registry.checkName("model", model);
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("Page limit must be 1-10000, found " + limit);
        }
        int start = 1;
        if (pageToken != null) {
            try {
                start = Integer.parseInt(pageToken);
            } catch (NumberFormatException e) {
                start = -1;
            }
            if (start < 1) {
                throw new IllegalArgumentException("Not a page token of versions(...): '" + pageToken + "'");
            }
        }
        int latest = latestNumber(model);
        int end = (int) Math.min(latest, (long) start + limit - 1);
        List<ModelVersion> items = new ArrayList<>(Math.max(0, end - start + 1));
        for (int n = start; n <= end; n++) {
            int number = n;
            RegistryContext.skipUnreadable(Keys.VERSIONS + "/" + Keys.version(model, n), () -> findVersion(model, number))
                    .flatMap(x -> x).ifPresent(items::add);
        }
        return new Page<>(items, end < latest ? Integer.toString(end + 1) : null);
    }

    InputStream openArtifact(String model, int number) {
        ModelVersion v = version(model, number);
        if (v.artifact().kind() == Artifact.Kind.DIRECTORY) {
            throw new InvalidMetadataException("Version " + v.id() + " is a directory artifact of "
                    + v.artifact().fileCount() + " files; use artifactFiles(...) and openBlob(...) or checkout(...)");
        }
        return ctx.blobs.get(v.artifact().digest());
    }

    List<ArtifactFile> artifactFiles(String model, int number) {
        ModelVersion v = version(model, number);
        return filesOf(v.artifact());
    }

    List<ArtifactFile> filesOf(Artifact a) {
        return ctx.filesOf(a);
    }

    InputStream openBlob(Digest digest) {
        return ctx.blobs.get(digest);
    }

    void checkout(String model, int number, Path directory) {
        Content.checkout(ctx.blobs, artifactFiles(model, number), directory);
    }

    ModelVersion describeVersion(String model, int number, String description, String actor) {
        Objects.requireNonNull(description, "description");
        editVersionMeta(model, number, actor, "description", m -> m.description(), description, (m, v) -> withMeta(m, v, null, null));
        return version(model, number);
    }

    ModelVersion tagVersion(String model, int number, String key, String value, String actor) {
        Registry.checkMetadataKey("tag", key);
        editVersionMeta(model, number, actor, "tag:" + key, m -> m.tags() == null ? null : m.tags().get(key), value, (m, v) -> {
            Map<String, String> t = new TreeMap<>(m.tags());
            if (v == null) {
                t.remove(key);
            } else {
                t.put(key, v);
            }
            return withMeta(m, null, t, null);
        });
        return version(model, number);
    }

    List<MetadataEdit> versionEdits(String model, int number) {
        version(model, number);
        return versionMeta(model, number).map(e -> ModelCatalog.toEdits(e.getValue().edits())).orElse(List.of());
    }

    private static Docs.VersionMetaDoc withMeta(Docs.VersionMetaDoc m, String description, Map<String, String> tags,
                                                Boolean archived) {
        return new Docs.VersionMetaDoc(Json.FORMAT, description != null ? description : m.description(),
                tags != null ? tags : m.tags(), archived != null ? archived : m.archived(), m.archivedAt(),
                m.archivedBy(), m.archiveReason(), m.edits());
    }

    Docs.VersionMetaDoc editVersionMeta(String model, int number, String actor, String field,
                                        java.util.function.Function<Docs.VersionMetaDoc, String> current, String value,
                                        java.util.function.BiFunction<Docs.VersionMetaDoc, String, Docs.VersionMetaDoc> apply) {
        Registry.checkName("model", model);
        Docs.VersionDoc vd = versionDoc(model, number).orElseThrow(() -> noVersion(model, number));
        return editMeta(Keys.VERSION_META, Keys.version(model, number), actor, field, current, value, apply,
                () -> new Docs.VersionMetaDoc(Json.FORMAT, vd.description(), vd.tags() == null ? Map.of() : vd.tags(),
                        false, null, null, null, List.of()), Supplier::get);
    }

    Docs.VersionMetaDoc editMeta(String collection, String key, String actor, String field,
                                 java.util.function.Function<Docs.VersionMetaDoc, String> current, String value,
                                 java.util.function.BiFunction<Docs.VersionMetaDoc, String, Docs.VersionMetaDoc> apply,
                                 Supplier<Docs.VersionMetaDoc> initial, Commits.Guard<Docs.VersionMetaDoc> guard) {
        String by = Registry.actorOrDefault(actor);
        return Commits.update(ctx.records, collection, key, "editing " + collection + "/" + key, r -> {
            Docs.VersionMetaDoc m = r.map(x -> Json.read(x.document(), Docs.VersionMetaDoc.class, collection + "/" + key))
                    .orElseGet(initial);
            String before = current.apply(m);
            Docs.VersionMetaDoc next = apply.apply(m, value);
            List<Docs.EditDoc> edits = new ArrayList<>(m.edits() == null ? List.of() : m.edits());
            edits.add(new Docs.EditDoc(ctx.clock.instant(), by, field, ModelCatalog.text(before), ModelCatalog.text(value)));
            next = new Docs.VersionMetaDoc(Json.FORMAT, next.description(), next.tags(), next.archived(),
                    next.archivedAt(), next.archivedBy(), next.archiveReason(), edits);
            return Commits.Step.write(Json.write(next), next);
        }, guard);
    }

    ModelVersion archiveVersion(String model, int number, String actor, String reason) {
        Registry.checkName("model", model);
        Objects.requireNonNull(reason, "reason");
        Docs.VersionDoc vd = versionDoc(model, number).orElseThrow(() -> noVersion(model, number));
        List<String> pointing = aliasesPointingAt(model, number);
        if (!pointing.isEmpty()) {
            throw new ArchivedException("Version " + model + ":" + number + " cannot be archived: alias(es) " + pointing
                    + " point at it. Move them to another version first.");
        }
        Instant now = ctx.clock.instant();
        String by = Registry.actorOrDefault(actor);
        editMeta(Keys.VERSION_META, Keys.version(model, number), by, "archived",
                m -> String.valueOf(Boolean.TRUE.equals(m.archived())), "true",
                (m, v) -> new Docs.VersionMetaDoc(Json.FORMAT, m.description(), m.tags(), true, now, by, reason, m.edits()),
                () -> new Docs.VersionMetaDoc(Json.FORMAT, vd.description(), vd.tags() == null ? Map.of() : vd.tags(),
                        false, null, null, null, List.of()),
                ctx.events.ordered(RegistryEvents.model(model), m -> new VersionArchived("model", model, number, by, now)));
        return version(model, number);
    }

    private List<String> aliasesPointingAt(String model, int number) {
        List<String> out = new ArrayList<>();
        ctx.registry.aliases(model).forEach((alias, v) -> {
            if (v == number) {
                out.add(alias);
            }
        });
        return out;
    }
}
