package dev.mlops.registry;

import dev.mlops.registry.dataset.CsvSchema;
import dev.mlops.registry.dataset.DatasetAddition;
import dev.mlops.registry.dataset.DatasetDiff;
import dev.mlops.registry.dataset.DatasetFile;
import dev.mlops.registry.dataset.DatasetLineage;
import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.dataset.DatasetUsage;
import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.event.DatasetVersionAdded;
import dev.mlops.registry.event.VersionArchived;
import dev.mlops.registry.experiment.RunInfo;
import dev.mlops.registry.internal.Content;
import dev.mlops.registry.internal.CsvSniffer;
import dev.mlops.registry.internal.Docs;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.maintenance.VerifyReport;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The data set catalog behind {@link Registry#datasets()}: versions numbered like model versions, lineage with its
 * derivation and model-output indexes, archive, usage and diff. Thread-safe.
 */
final class DatasetCatalog implements Datasets {
    private final RegistryContext ctx;

    DatasetCatalog(RegistryContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public DatasetAddition add(String name) {
        return new Addition(Registry.checkName("data set", name));
    }

    @Override
    public DatasetVersion add(String name, Path path) {
        return add(name).path(path).commit();
    }

    @Override
    public Optional<DatasetVersion> latest(String name) {
        Registry.checkName("data set", name);
        int n = ctx.versions.latestCommitted(Keys.DATASET_VERSIONS, Keys.DATASET_HINTS, name);
        return n == 0 ? Optional.empty() : Optional.of(version(name, n));
    }

    @Override
    public List<String> names() {
        return ctx.listAll(Keys.DATASETS, "");
    }

    @Override
    public List<DatasetFile> files(String name, int number) {
        return ctx.filesOf(version(name, number).artifact()).stream()
                .map(f -> new DatasetFile(f.path(), f.digest(), f.size())).toList();
    }

    @Override
    public void checkout(String name, int number, Path directory) {
        Content.checkout(ctx.blobs, ctx.filesOf(version(name, number).artifact()), directory);
    }

    @Override
    public List<DatasetVersion> derivatives(String name, int number) {
        return RegistryContext.allPages(t -> derivatives(name, number, t, 1000));
    }

    @Override
    public List<DatasetVersion> outputsOf(String model, int version) {
        return RegistryContext.allPages(t -> outputsOf(model, version, t, 1000));
    }

    void requireDatasetVersion(String name, int version) {
        if (ctx.records.get(Keys.DATASET_VERSIONS, Keys.version(name, version)).isEmpty()) {
            throw new InvalidMetadataException("Data set version " + name + ":" + version + " does not exist (latest: "
                    + ctx.versions.latestCommitted(Keys.DATASET_VERSIONS, Keys.DATASET_HINTS, name)
                    + "). Add it first with registry.datasets().add(\"" + name + "\", path).");
        }
    }

    /** A data set version being added; see {@link DatasetAddition}. */
    final class Addition implements DatasetAddition {
        final String name;
        Path path;
        String description = "";
        String createdBy;
        DatasetLineage lineage = DatasetLineage.none();

        Addition(String name) {
            this.name = name;
        }

        @Override
        public DatasetAddition path(Path path) {
            Objects.requireNonNull(path, "path");
            if (!Files.isDirectory(path) && path.getFileName() != null) {
                Content.checkPortablePath(path.getFileName().toString(), "data set file");
            }
            this.path = path;
            return this;
        }

        @Override
        public DatasetAddition description(String text) {
            this.description = Objects.requireNonNull(text, "text");
            return this;
        }

        @Override
        public DatasetAddition by(String actor) {
            this.createdBy = Objects.requireNonNull(actor, "actor");
            return this;
        }

        @Override
        public DatasetAddition derivedFrom(String name, int version) {
            return derivedFrom(name, version, DatasetRef.INPUT);
        }

        @Override
        public DatasetAddition derivedFrom(String name, int version, String role) {
            Registry.checkName("data set", name);
            lineage = lineage.withInput(new DatasetRef(name, version, Registry.checkMetadataKey("role", role)));
            return this;
        }

        @Override
        public DatasetAddition producedBy(String model, int version) {
            Registry.checkName("model", model);
            lineage = lineage.withModel(new ModelVersionRef(model, version));
            return this;
        }

        @Override
        public DatasetAddition run(String runId) {
            lineage = lineage.withRun(runId);
            return this;
        }

        @Override
        public DatasetAddition codeRevision(String revision) {
            lineage = lineage.withCodeRevision(revision);
            return this;
        }

        @Override
        public DatasetAddition transform(String text) {
            lineage = lineage.withTransform(text);
            return this;
        }

        @Override
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

        @Override
        public DatasetVersion commit() {
            if (path == null) {
                throw new IllegalStateException("No path for data set '" + name + "': call path(...) before commit()");
            }
            return DatasetCatalog.this.commit(this);
        }
    }

    DatasetVersion commit(Addition a) {
        String actor = a.createdBy == null || a.createdBy.isBlank() ? System.getProperty("user.name", "unknown") : a.createdBy;
        Path p = a.path;
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidMetadataException("No such file or directory: " + p);
        }
        if (Files.isSymbolicLink(p)) {
            throw new InvalidMetadataException("Symbolic links are refused; pass the file or directory itself: " + p);
        }
        // check every lineage reference before writing anything
        DatasetLineage lineage = a.lineage;
        requireLineageReferences(a.name, lineage);
        Docs.DatasetLineageDoc lineageDoc = toDoc(lineage);
        Docs.ArtifactDoc artifact;
        Docs.CsvDoc csv = null;
        if (Files.isDirectory(p)) {
            Content.Tree t = Content.putTree(ctx.blobs, p);
            artifact = new Docs.ArtifactDoc("directory", t.manifestDigest().toString(), t.totalSize(), t.files().size(), null);
        } else {
            BlobInfo info = Content.putFile(ctx.blobs, p);
            String fileName = p.getFileName().toString();
            artifact = new Docs.ArtifactDoc("file", info.digest().toString(), info.size(), 1, fileName);
            if (fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
                csv = CsvSniffer.sniff(p).orElse(null);
            }
        }
        if (ctx.records.get(Keys.DATASETS, a.name).isEmpty()) {
            ctx.records.createIfAbsent(Keys.DATASETS, a.name,
                    Json.write(new Docs.DatasetDoc(Json.FORMAT, a.name, "", ctx.clock.instant(), actor)));
        }
        final Docs.CsvDoc csvDoc = csv;
        DatasetVersion committed = ctx.events.commitThenPublish(RegistryEvents.dataset(a.name), () -> {
            int n = ctx.versions.nextFreeNumber(Keys.DATASET_VERSIONS, Keys.DATASET_HINTS, a.name);
            while (true) {
                Docs.DatasetVersionDoc doc = new Docs.DatasetVersionDoc(Json.FORMAT, a.name, n, artifact, csvDoc,
                        a.description, ctx.clock.instant(), actor, lineageDoc);
                writeLineageLinks(a.name, n, lineage); // before the commit: readers check links against it
                if (ctx.records.createIfAbsent(Keys.DATASET_VERSIONS, Keys.version(a.name, n), Json.write(doc)).applied()) {
                    return toDataset(doc, null);
                }
                n++;
            }
        }, DatasetVersionAdded::new);
        ctx.versions.advanceHint(Keys.DATASET_HINTS, a.name, committed.number());
        ctx.afterCommit(committed.artifact(), Files.isDirectory(p) ? p : null, Files.isDirectory(p) ? null : p);
        return committed;
    }

    private DatasetVersion toDataset(Docs.DatasetVersionDoc d, Docs.VersionMetaDoc meta) {
        Docs.ArtifactDoc a = d.artifact();
        Artifact artifact = new Artifact("directory".equals(a.kind()) ? Artifact.Kind.DIRECTORY : Artifact.Kind.FILE,
                Digest.parse(a.digest()), a.size(), a.fileCount(), Optional.ofNullable(a.fileName()));
        Optional<CsvSchema> csv = Optional.ofNullable(d.csv()).map(c -> new CsvSchema(
                c.columns().stream().map(x -> new CsvSchema.Column(x.name(), x.type(), x.missing())).toList(), c.rowCount()));
        String description = meta != null && meta.description() != null ? meta.description() : d.description();
        boolean archived = meta != null && Boolean.TRUE.equals(meta.archived());
        return new DatasetVersion(d.name(), d.version(), artifact, csv, description, d.createdAt(), d.createdBy(),
                fromDoc(d.lineage()), archived);
    }

    // ------------------------------------------------------------------ data set lineage

    /** Verify: the references of a data set version's lineage resolve and its index links exist. */
    void checkDatasetLineage(String where, Docs.DatasetVersionDoc d, List<VerifyReport.Problem> problems) {
        DatasetLineage l;
        try {
            l = fromDoc(d.lineage());
        } catch (RuntimeException e) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, where,
                    "lineage is not valid: " + e.getMessage()));
            return;
        }
        for (DatasetRef in : l.inputs()) {
            if (!dev.mlops.registry.spi.Names.isValidKey(Keys.version(in.name(), in.version()))
                    || datasetDoc(in.name(), in.version()).isEmpty()) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, where,
                        "lineage names input data set version " + in.name() + ":" + in.version() + ", which does not exist"));
            } else if (ctx.records.get(Keys.DATASET_DERIVATIONS, Keys.link(in.name(), in.version(), d.name(), d.version())).isEmpty()) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, where,
                        "the derivation index lacks the link from " + in.name() + ":" + in.version()
                                + ", so datasetDerivatives does not list this version"));
            }
        }
        if (l.model().isPresent()) {
            ModelVersionRef m = l.model().get();
            if (!dev.mlops.registry.spi.Names.isValidKey(Keys.version(m.model(), m.version()))
                    || ctx.versions.versionDoc(m.model(), m.version()).isEmpty()) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, where,
                        "lineage names model version " + m.id() + ", which does not exist"));
            } else if (ctx.records.get(Keys.MODEL_OUTPUTS, Keys.link(m.model(), m.version(), d.name(), d.version())).isEmpty()) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, where,
                        "the model output index lacks the link from " + m.id() + ", so modelOutputs does not list this version"));
            }
        }
    }

    private void requireLineageReferences(String dataset, DatasetLineage lineage) {
        for (DatasetRef in : lineage.inputs()) {
            Registry.checkName("data set", in.name());
            if (datasetDoc(in.name(), in.version()).isEmpty()) {
                int latest = ctx.versions.latestCommitted(Keys.DATASET_VERSIONS, Keys.DATASET_HINTS, in.name());
                throw new InvalidMetadataException("The lineage of the new version of data set '" + dataset
                        + "' names input data set version " + in.name() + ":" + in.version() + ", which does not exist in "
                        + ctx.description() + " (" + (latest == 0 ? "data set '" + in.name() + "' has no versions"
                        : "its latest version is " + latest) + "). Name an existing version (list them with "
                        + "registry.datasets().versions(\"" + in.name() + "\")) or add the input first. Nothing was written.");
            }
        }
        if (lineage.model().isPresent()) {
            ModelVersionRef m = lineage.model().get();
            Registry.checkName("model", m.model());
            if (ctx.versions.versionDoc(m.model(), m.version()).isEmpty()) {
                int latest = ctx.registry.latestNumber(m.model());
                throw new InvalidMetadataException("The lineage of the new version of data set '" + dataset
                        + "' names model version " + m.id() + ", which does not exist in " + ctx.description() + " ("
                        + (latest == 0 ? "model '" + m.model() + "' has no versions" : "its latest version is " + latest)
                        + "). Name an existing version (list them with registry.versions(\"" + m.model()
                        + "\")) or register the model first. Nothing was written.");
            }
        }
        lineage.runId().ifPresent(ctx.runs::requireRun);
    }

    private static Docs.DatasetLineageDoc toDoc(DatasetLineage l) {
        if (l.isEmpty()) {
            return null; // the document stays exactly what it was before lineage existed
        }
        return new Docs.DatasetLineageDoc(
                l.inputs().isEmpty() ? null
                        : l.inputs().stream().map(d -> new Docs.DatasetRefDoc(d.name(), d.version(), d.role())).toList(),
                l.model().map(m -> new Docs.ModelRefDoc(m.model(), m.version())).orElse(null),
                l.runId().orElse(null), l.codeRevision().orElse(null), l.transform().orElse(null));
    }

    private static DatasetLineage fromDoc(Docs.DatasetLineageDoc d) {
        if (d == null) {
            return DatasetLineage.none();
        }
        List<DatasetRef> inputs = d.inputs() == null ? List.of() : d.inputs().stream()
                .map(x -> new DatasetRef(x.name(), x.version(), x.role() == null ? DatasetRef.INPUT : x.role())).toList();
        Optional<ModelVersionRef> model = d.model() == null ? Optional.empty()
                : Optional.of(new ModelVersionRef(d.model().name(), d.model().version()));
        return new DatasetLineage(inputs, model, Optional.ofNullable(d.runId()), Optional.ofNullable(d.codeRevision()),
                Optional.ofNullable(d.transform()));
    }

    /** Idempotent index links for a candidate number; a link whose candidate loses is ignored by every reader. */
    private void writeLineageLinks(String dataset, int number, DatasetLineage lineage) {
        byte[] doc = Json.write(Map.of("format", Json.FORMAT));
        for (DatasetRef in : lineage.inputs()) {
            ctx.records.createIfAbsent(Keys.DATASET_DERIVATIONS, Keys.link(in.name(), in.version(), dataset, number), doc);
        }
        lineage.model().ifPresent(m -> ctx.records.createIfAbsent(Keys.MODEL_OUTPUTS,
                Keys.link(m.model(), m.version(), dataset, number), doc));
    }

    /**
     * One page of the data set versions an index links from {@code from/<n>/}: each link is checked against the linked
     * version's own lineage (links of numbers that lost a race are skipped), so a page may hold fewer items than
     * {@code limit} while more follow.
     */
    Page<DatasetVersion> linkedDatasets(String collection, String from, int fromNumber, String pageToken, int limit,
                                        java.util.function.Predicate<DatasetLineage> names) {
        Page.checkLimit(limit);
        Page<String> keys = ctx.records.list(collection, from + "/" + Keys.number(fromNumber) + "/", pageToken, limit);
        List<DatasetVersion> out = new ArrayList<>(keys.items().size());
        for (String key : keys.items()) {
            String[] parts = key.split("/");
            if (parts.length != 4) {
                continue;
            }
            String name = parts[2];
            int number;
            try {
                number = Integer.parseInt(parts[3]);
            } catch (NumberFormatException e) {
                continue;
            }
            datasetDoc(name, number).ifPresent(d -> {
                DatasetVersion v = toDataset(d, datasetMeta(name, number));
                if (names.test(v.lineage())) {
                    out.add(v);
                }
            });
        }
        return new Page<>(out, keys.nextPageToken());
    }

    @Override
    public Page<DatasetVersion> derivatives(String name, int number, String pageToken, int limit) {
        Registry.checkName("data set", name);
        version(name, number); // NotFoundException when it does not exist
        return linkedDatasets(Keys.DATASET_DERIVATIONS, name, number, pageToken, limit, l -> l.derivesFrom(name, number));
    }

    @Override
    public Page<DatasetVersion> outputsOf(String model, int version, String pageToken, int limit) {
        Registry.checkName("model", model);
        if (ctx.versions.versionDoc(model, version).isEmpty()) {
            throw ctx.versions.noVersion(model, version);
        }
        ModelVersionRef ref = new ModelVersionRef(model, version);
        return linkedDatasets(Keys.MODEL_OUTPUTS, model, version, pageToken, limit,
                l -> l.model().map(ref::equals).orElse(false));
    }

    Optional<Docs.DatasetVersionDoc> datasetDoc(String name, int number) {
        String key = Keys.version(name, number);
        return ctx.records.get(Keys.DATASET_VERSIONS, key)
                .map(x -> Json.read(x.document(), Docs.DatasetVersionDoc.class, Keys.DATASET_VERSIONS + "/" + key));
    }

    Docs.VersionMetaDoc datasetMeta(String name, int number) {
        String key = Keys.version(name, number);
        return ctx.records.get(Keys.DATASET_META, key)
                .map(x -> Json.read(x.document(), Docs.VersionMetaDoc.class, Keys.DATASET_META + "/" + key)).orElse(null);
    }

    @Override
    public DatasetVersion version(String name, int number) {
        Registry.checkName("data set", name);
        Docs.DatasetVersionDoc d = datasetDoc(name, number).orElseThrow(() -> new NotFoundException(
                "Data set '" + name + "' has no version " + number + " in " + ctx.description() + " (latest: "
                        + ctx.versions.latestCommitted(Keys.DATASET_VERSIONS, Keys.DATASET_HINTS, name)
                        + "). List them with registry.datasets().versions(\"" + name + "\").",
                "data set version", name, number));
        return toDataset(d, datasetMeta(name, number));
    }

    @Override
    public List<DatasetVersion> versions(String name) {
        Registry.checkName("data set", name);
        List<DatasetVersion> out = new ArrayList<>();
        for (String key : ctx.listAll(Keys.DATASET_VERSIONS, name + "/")) {
            int n = Keys.trailingNumber(key);
            RegistryContext.skipUnreadable(Keys.DATASET_VERSIONS + "/" + key,
                    () -> datasetDoc(name, n).map(d -> toDataset(d, datasetMeta(name, n))))
                    .flatMap(x -> x).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public DatasetDiff diff(String name, int from, int to) {
        Map<String, Digest> a = new TreeMap<>();
        ctx.filesOf(version(name, from).artifact()).forEach(f -> a.put(f.path(), f.digest()));
        Map<String, Digest> b = new TreeMap<>();
        ctx.filesOf(version(name, to).artifact()).forEach(f -> b.put(f.path(), f.digest()));
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        a.forEach((p, d) -> {
            Digest e = b.get(p);
            if (e == null) {
                removed.add(p);
            } else if (!e.equals(d)) {
                changed.add(p);
            }
        });
        b.keySet().forEach(p -> {
            if (!a.containsKey(p)) {
                added.add(p);
            }
        });
        return new DatasetDiff(name, from, to, added, removed, changed);
    }

    @Override
    public DatasetVersion archive(String name, int number, String actor, String reason) {
        java.util.Objects.requireNonNull(reason, "reason");
        Docs.DatasetVersionDoc d = datasetDoc(name, number).orElseThrow(() -> new NotFoundException(
                "Data set '" + name + "' has no version " + number + " in " + ctx.description()
                        + "; nothing was archived. List its versions with registry.datasets().versions(\"" + name + "\").",
                "data set version", name, number));
        String by = actor == null || actor.isBlank() ? System.getProperty("user.name", "unknown") : actor;
        Instant now = ctx.clock.instant();
        ctx.versions.editMeta(Keys.DATASET_META, Keys.version(name, number), by, "archived",
                m -> String.valueOf(Boolean.TRUE.equals(m.archived())), "true",
                (m, v) -> new Docs.VersionMetaDoc(Json.FORMAT, m.description(), m.tags(), true, now, by, reason, m.edits()),
                () -> new Docs.VersionMetaDoc(Json.FORMAT, d.description(), Map.of(), false, null, null, null, List.of()),
                ctx.events.ordered(RegistryEvents.dataset(name), m -> new VersionArchived("dataset", name, number, by, now)));
        return version(name, number);
    }

    @Override
    public DatasetUsage usage(String name, int number) {
        version(name, number);
        List<String> models = new ArrayList<>();
        for (String key : ctx.listAll(Keys.VERSIONS, "")) {
            String model = key.substring(0, key.lastIndexOf('/'));
            ctx.versions.versionDoc(model, Keys.trailingNumber(key)).ifPresent(v -> {
                if (v.lineage() != null && v.lineage().datasets() != null && v.lineage().datasets().stream()
                        .anyMatch(x -> x.name().equals(name) && x.version() == number)) {
                    models.add(v.model() + ":" + v.version());
                }
            });
        }
        List<String> runs = new ArrayList<>();
        for (RunInfo run : ctx.runs.list(null)) {
            if (run.inputs().stream().anyMatch(x -> x.name().equals(name) && x.version() == number)) {
                runs.add(run.id());
            }
        }
        List<String> derived = RegistryContext.allPages(t -> derivatives(name, number, t, 1000)).stream()
                .map(DatasetVersion::id).toList();
        return new DatasetUsage(name, number, models, runs, derived);
    }
}
