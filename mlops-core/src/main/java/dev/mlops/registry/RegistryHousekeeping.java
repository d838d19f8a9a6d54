package dev.mlops.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.event.DatasetVersionAdded;
import dev.mlops.registry.event.RunEnded;
import dev.mlops.registry.event.VersionArchived;
import dev.mlops.registry.internal.Content;
import dev.mlops.registry.internal.CsvSniffer;
import dev.mlops.registry.internal.Docs;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.ConflictException;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.RegistryException;
import dev.mlops.registry.spi.VersionedRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The registry's data sets, runs, verify, garbage collection and export/import, kept apart from the model and alias
 * code of {@link Registry}. Not API. Thread-safe.
 */
final class RegistryHousekeeping {
    private static final String EXPORT_MANIFEST = "mlops-export.json";
    private final Registry r;
    /** Parsed run documents by id, valid while the stored revision is the same. */
    private final ConcurrentHashMap<String, Map.Entry<Long, RunInfo>> runCache = new ConcurrentHashMap<>();
    /** Runs that have ended: their documents never change again. */
    private final ConcurrentHashMap<String, RunInfo> endedRuns = new ConcurrentHashMap<>();

    RegistryHousekeeping(Registry registry) {
        this.r = registry;
    }

    // ------------------------------------------------------------------ data sets

    DatasetVersion addDataset(DatasetAddition a) {
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
            Content.Tree t = Content.putTree(r.blobs, p);
            artifact = new Docs.ArtifactDoc("directory", t.manifestDigest().toString(), t.totalSize(), t.files().size(), null);
        } else {
            BlobInfo info = Content.putFile(r.blobs, p);
            String fileName = p.getFileName().toString();
            artifact = new Docs.ArtifactDoc("file", info.digest().toString(), info.size(), 1, fileName);
            if (fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
                csv = CsvSniffer.sniff(p).orElse(null);
            }
        }
        if (r.records.get(Keys.DATASETS, a.name).isEmpty()) {
            r.records.createIfAbsent(Keys.DATASETS, a.name,
                    Json.write(new Docs.DatasetDoc(Json.FORMAT, a.name, "", r.clock.instant(), actor)));
        }
        final Docs.CsvDoc csvDoc = csv;
        DatasetVersion committed = r.commitThenPublish(() -> {
            int n = r.nextFreeNumber(Keys.DATASET_VERSIONS, Keys.DATASET_HINTS, a.name);
            while (true) {
                Docs.DatasetVersionDoc doc = new Docs.DatasetVersionDoc(Json.FORMAT, a.name, n, artifact, csvDoc,
                        a.description, r.clock.instant(), actor, lineageDoc);
                writeLineageLinks(a.name, n, lineage); // before the commit: readers check links against it
                if (r.records.createIfAbsent(Keys.DATASET_VERSIONS, Keys.version(a.name, n), Json.write(doc)).applied()) {
                    return toDataset(doc, null);
                }
                n++;
            }
        }, DatasetVersionAdded::new);
        r.advanceHint(Keys.DATASET_HINTS, a.name, committed.number());
        afterCommit(committed.artifact(), Files.isDirectory(p) ? p : null, Files.isDirectory(p) ? null : p);
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
    private void checkDatasetLineage(String where, Docs.DatasetVersionDoc d, List<VerifyReport.Problem> problems) {
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
            } else if (r.records.get(Keys.DATASET_DERIVATIONS, Keys.link(in.name(), in.version(), d.name(), d.version())).isEmpty()) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, where,
                        "the derivation index lacks the link from " + in.name() + ":" + in.version()
                                + ", so datasetDerivatives does not list this version"));
            }
        }
        if (l.model().isPresent()) {
            ModelVersionRef m = l.model().get();
            if (!dev.mlops.registry.spi.Names.isValidKey(Keys.version(m.model(), m.version()))
                    || r.versionDoc(m.model(), m.version()).isEmpty()) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, where,
                        "lineage names model version " + m.id() + ", which does not exist"));
            } else if (r.records.get(Keys.MODEL_OUTPUTS, Keys.link(m.model(), m.version(), d.name(), d.version())).isEmpty()) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, where,
                        "the model output index lacks the link from " + m.id() + ", so modelOutputs does not list this version"));
            }
        }
    }

    private void requireLineageReferences(String dataset, DatasetLineage lineage) {
        for (DatasetRef in : lineage.inputs()) {
            Registry.checkName("data set", in.name());
            if (datasetDoc(in.name(), in.version()).isEmpty()) {
                int latest = r.latestCommitted(Keys.DATASET_VERSIONS, Keys.DATASET_HINTS, in.name());
                throw new InvalidMetadataException("The lineage of the new version of data set '" + dataset
                        + "' names input data set version " + in.name() + ":" + in.version() + ", which does not exist in "
                        + r.description() + " (" + (latest == 0 ? "data set '" + in.name() + "' has no versions"
                        : "its latest version is " + latest) + "). Name an existing version (list them with "
                        + "'mlops registry dataset versions " + in.name() + "') or add the input first. Nothing was written.");
            }
        }
        if (lineage.model().isPresent()) {
            ModelVersionRef m = lineage.model().get();
            Registry.checkName("model", m.model());
            if (r.versionDoc(m.model(), m.version()).isEmpty()) {
                int latest = r.latestNumber(m.model());
                throw new InvalidMetadataException("The lineage of the new version of data set '" + dataset
                        + "' names model version " + m.id() + ", which does not exist in " + r.description() + " ("
                        + (latest == 0 ? "model '" + m.model() + "' has no versions" : "its latest version is " + latest)
                        + "). Name an existing version (list them with 'mlops registry versions " + m.model()
                        + "') or register the model first. Nothing was written.");
            }
        }
        lineage.runId().ifPresent(this::requireRun);
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
            r.records.createIfAbsent(Keys.DATASET_DERIVATIONS, Keys.link(in.name(), in.version(), dataset, number), doc);
        }
        lineage.model().ifPresent(m -> r.records.createIfAbsent(Keys.MODEL_OUTPUTS,
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
        Page<String> keys = r.records.list(collection, from + "/" + Keys.number(fromNumber) + "/", pageToken, limit);
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

    Page<DatasetVersion> datasetDerivatives(String name, int number, String pageToken, int limit) {
        datasetVersion(name, number); // NotFoundException when it does not exist
        return linkedDatasets(Keys.DATASET_DERIVATIONS, name, number, pageToken, limit, l -> l.derivesFrom(name, number));
    }

    Page<DatasetVersion> modelOutputs(String model, int version, String pageToken, int limit) {
        Registry.checkName("model", model);
        if (r.versionDoc(model, version).isEmpty()) {
            throw r.noVersion(model, version);
        }
        ModelVersionRef ref = new ModelVersionRef(model, version);
        return linkedDatasets(Keys.MODEL_OUTPUTS, model, version, pageToken, limit,
                l -> l.model().map(ref::equals).orElse(false));
    }

    private Optional<Docs.DatasetVersionDoc> datasetDoc(String name, int number) {
        String key = Keys.version(name, number);
        return r.records.get(Keys.DATASET_VERSIONS, key)
                .map(x -> Json.read(x.document(), Docs.DatasetVersionDoc.class, Keys.DATASET_VERSIONS + "/" + key));
    }

    private Docs.VersionMetaDoc datasetMeta(String name, int number) {
        String key = Keys.version(name, number);
        return r.records.get(Keys.DATASET_META, key)
                .map(x -> Json.read(x.document(), Docs.VersionMetaDoc.class, Keys.DATASET_META + "/" + key)).orElse(null);
    }

    DatasetVersion datasetVersion(String name, int number) {
        Registry.checkName("data set", name);
        Docs.DatasetVersionDoc d = datasetDoc(name, number).orElseThrow(() -> new NotFoundException(
                "Data set '" + name + "' has no version " + number + " in " + r.description() + " (latest: "
                        + r.latestCommitted(Keys.DATASET_VERSIONS, Keys.DATASET_HINTS, name)
                        + "). List them with 'mlops registry dataset versions " + name + "'."));
        return toDataset(d, datasetMeta(name, number));
    }

    List<DatasetVersion> datasetVersions(String name) {
        Registry.checkName("data set", name);
        List<DatasetVersion> out = new ArrayList<>();
        for (String key : r.listAll(Keys.DATASET_VERSIONS, name + "/")) {
            int n = Keys.trailingNumber(key);
            datasetDoc(name, n).ifPresent(d -> out.add(toDataset(d, datasetMeta(name, n))));
        }
        return out;
    }

    DatasetDiff diffDatasets(String name, int from, int to) {
        Map<String, Digest> a = new TreeMap<>();
        r.filesOf(datasetVersion(name, from).artifact()).forEach(f -> a.put(f.path(), f.digest()));
        Map<String, Digest> b = new TreeMap<>();
        r.filesOf(datasetVersion(name, to).artifact()).forEach(f -> b.put(f.path(), f.digest()));
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

    DatasetVersion archiveDataset(String name, int number, String actor, String reason) {
        java.util.Objects.requireNonNull(reason, "reason");
        Docs.DatasetVersionDoc d = datasetDoc(name, number).orElseThrow(() -> new NotFoundException(
                "Data set '" + name + "' has no version " + number));
        String by = actor == null || actor.isBlank() ? System.getProperty("user.name", "unknown") : actor;
        Instant now = r.clock.instant();
        r.commitThenPublish(() -> r.editMeta(Keys.DATASET_META, Keys.version(name, number), by, "archived",
                m -> String.valueOf(Boolean.TRUE.equals(m.archived())), "true",
                (m, v) -> new Docs.VersionMetaDoc(Json.FORMAT, m.description(), m.tags(), true, now, by, reason, m.edits()),
                () -> new Docs.VersionMetaDoc(Json.FORMAT, d.description(), Map.of(), false, null, null, null, List.of()),
                null), m -> new VersionArchived("dataset", name, number, by, now));
        return datasetVersion(name, number);
    }

    DatasetUsage datasetUsage(String name, int number) {
        datasetVersion(name, number);
        List<String> models = new ArrayList<>();
        for (String key : r.listAll(Keys.VERSIONS, "")) {
            String model = key.substring(0, key.lastIndexOf('/'));
            r.versionDoc(model, Keys.trailingNumber(key)).ifPresent(v -> {
                if (v.lineage() != null && v.lineage().datasets() != null && v.lineage().datasets().stream()
                        .anyMatch(x -> x.name().equals(name) && x.version() == number)) {
                    models.add(v.model() + ":" + v.version());
                }
            });
        }
        List<String> runs = new ArrayList<>();
        for (RunInfo run : runs(null)) {
            if (run.inputs().stream().anyMatch(x -> x.name().equals(name) && x.version() == number)) {
                runs.add(run.id());
            }
        }
        List<String> derived = Registry.allPages(t -> datasetDerivatives(name, number, t, 1000)).stream()
                .map(DatasetVersion::id).toList();
        return new DatasetUsage(name, number, models, runs, derived);
    }

    /**
     * Closes the window in which a concurrent gc deleted a blob between its last-used check and our re-put of
     * identical content: after the commit, every blob of the artifact must exist; a missing one is put again.
     */
    void afterCommit(Artifact artifact, Path directory, Path file) {
        if (artifact.kind() == Artifact.Kind.FILE) {
            if (!r.blobs.exists(artifact.digest()) && file != null) {
                Content.putFile(r.blobs, file);
            }
            return;
        }
        if (directory == null) {
            return;
        }
        boolean missing = !r.blobs.exists(artifact.digest());
        if (!missing) {
            for (ArtifactFile f : r.filesOf(artifact)) {
                if (!r.blobs.exists(f.digest())) {
                    missing = true;
                    break;
                }
            }
        }
        if (missing) {
            Content.putTree(r.blobs, directory);
        }
    }

    // ------------------------------------------------------------------ runs

    /** The mutable state behind a {@link Run} handle; every method is synchronized. */
    final class RunState {
        final String id;
        final String experiment;
        private final Map<String, List<Docs.MetricPointDoc>> buffers = new LinkedHashMap<>();
        private final Map<String, Long> nextStep = new HashMap<>();
        private boolean ended;

        RunState(String id, String experiment) {
            this.id = id;
            this.experiment = experiment;
        }

        synchronized void param(String key, Object value) {
            update(d -> {
                Map<String, Object> p = new TreeMap<>(d.params());
                p.put(key, value);
                return with(d, p, null, null, null, null, null, null, null, null);
            });
        }

        synchronized void tag(String key, String value) {
            update(d -> {
                Map<String, String> t = new TreeMap<>(d.tags());
                t.put(key, value);
                return with(d, null, t, null, null, null, null, null, null, null);
            });
        }

        synchronized void logMetric(String key, double value, long step) {
            checkRunning();
            long s = step >= 0 ? step : nextStep.getOrDefault(key, 0L);
            nextStep.put(key, s + 1);
            List<Docs.MetricPointDoc> buf = buffers.computeIfAbsent(key, k -> new ArrayList<>());
            buf.add(new Docs.MetricPointDoc(value, s, r.clock.millis()));
            if (buf.size() >= Run.CHUNK_SIZE) {
                flush();
            }
        }

        synchronized void input(String name, int version) {
            r.requireDatasetVersion(name, version);
            update(d -> {
                List<Docs.DatasetRefDoc> in = new ArrayList<>(d.inputs());
                Docs.DatasetRefDoc ref = new Docs.DatasetRefDoc(name, version, DatasetRef.INPUT);
                if (!in.contains(ref)) {
                    in.add(ref);
                }
                return with(d, null, null, null, in, null, null, null, null, null);
            });
        }

        synchronized void artifact(String name, Path file) {
            if (Files.isDirectory(file)) {
                throw new InvalidMetadataException("A run artifact is one file, found a directory: " + file);
            }
            BlobInfo info = Content.putFile(r.blobs, file);
            update(d -> {
                Map<String, Docs.ManifestEntry> a = new TreeMap<>(d.artifacts());
                a.put(name, new Docs.ManifestEntry(file.getFileName().toString(), info.digest().toString(), info.size()));
                return with(d, null, null, null, null, a, null, null, null, null);
            });
        }

        synchronized void flush() {
            if (buffers.values().stream().allMatch(List::isEmpty)) {
                return;
            }
            update(d -> {
                Map<String, Integer> chunks = new TreeMap<>(d.metricChunks());
                Map<String, Double> latest = new TreeMap<>(d.metrics());
                for (Map.Entry<String, List<Docs.MetricPointDoc>> e : buffers.entrySet()) {
                    List<Docs.MetricPointDoc> pts = e.getValue();
                    if (pts.isEmpty()) {
                        continue;
                    }
                    int chunk = chunks.getOrDefault(e.getKey(), 0);
                    int from = 0;
                    while (from < pts.size()) {
                        int to = Math.min(pts.size(), from + Run.CHUNK_SIZE);
                        Docs.MetricChunkDoc c = new Docs.MetricChunkDoc(Json.FORMAT, id, e.getKey(), chunk,
                                new ArrayList<>(pts.subList(from, to)));
                        // chunks are written before the run record that counts them; an unreferenced chunk is invisible
                        r.records.createIfAbsent(Keys.RUN_METRICS, chunkKey(id, e.getKey(), chunk), Json.write(c));
                        chunk++;
                        from = to;
                    }
                    chunks.put(e.getKey(), chunk);
                    latest.put(e.getKey(), pts.get(pts.size() - 1).v());
                }
                return with(d, null, null, latest, null, null, null, null, chunks, null);
            });
            buffers.values().forEach(List::clear);
        }

        synchronized RunInfo end(RunInfo.RunStatus status) {
            checkRunning();
            flush();
            Instant now = r.clock.instant();
            RunInfo info = r.commitThenPublish(() -> {
                Docs.RunDoc d = update(x -> with(x, null, null, null, null, null, status.name(), now, null, null));
                return toRunInfo(d);
            }, RunEnded::new);
            ended = true;
            return info;
        }

        synchronized void closeIfRunning() {
            if (!ended) {
                end(RunInfo.RunStatus.FINISHED);
            }
        }

        synchronized RunInfo info() {
            return run(id);
        }

        private void checkRunning() {
            if (ended) {
                throw new IllegalStateException("Run " + id + " has ended; start a new run to log more");
            }
        }

        private Docs.RunDoc update(java.util.function.UnaryOperator<Docs.RunDoc> change) {
            return updateRun(id, change);
        }
    }

    private static String chunkKey(String runId, String metric, int chunk) {
        byte[] h = Digest.sha256(metric.getBytes(StandardCharsets.UTF_8)).bytes();
        return runId + "/" + HexFormat.of().formatHex(h, 0, 8) + "/" + Keys.number(chunk);
    }

    Docs.RunDoc updateRun(String id, java.util.function.UnaryOperator<Docs.RunDoc> change) {
        for (int attempt = 0; ; attempt++) {
            VersionedRecord rec = r.records.get(Keys.RUNS, id).orElseThrow(() -> noRun(id));
            Docs.RunDoc d = normalize(Json.read(rec.document(), Docs.RunDoc.class, Keys.RUNS + "/" + id));
            Docs.RunDoc next = change.apply(d);
            if (r.records.compareAndSet(Keys.RUNS, id, rec.revision(), Json.write(next)).applied()) {
                return next;
            }
            Registry.backoff(attempt, "updating run " + id);
        }
    }

    private static Docs.RunDoc normalize(Docs.RunDoc d) {
        return new Docs.RunDoc(d.format(), d.experiment(), d.id(), d.status(), d.startedAt(), d.endedAt(),
                d.params() == null ? Map.of() : d.params(), d.tags() == null ? Map.of() : d.tags(),
                d.metrics() == null ? Map.of() : d.metrics(), d.inputs() == null ? List.of() : d.inputs(),
                d.artifacts() == null ? Map.of() : d.artifacts(), d.models() == null ? List.of() : d.models(),
                d.createdBy(), d.metricChunks() == null ? Map.of() : d.metricChunks());
    }

    private static Docs.RunDoc with(Docs.RunDoc d, Map<String, Object> params, Map<String, String> tags,
                                    Map<String, Double> metrics, List<Docs.DatasetRefDoc> inputs,
                                    Map<String, Docs.ManifestEntry> artifacts, String status, Instant endedAt,
                                    Map<String, Integer> chunks, List<String> models) {
        return new Docs.RunDoc(Json.FORMAT, d.experiment(), d.id(), status != null ? status : d.status(), d.startedAt(),
                endedAt != null ? endedAt : d.endedAt(), params != null ? params : d.params(),
                tags != null ? tags : d.tags(), metrics != null ? metrics : d.metrics(),
                inputs != null ? inputs : d.inputs(), artifacts != null ? artifacts : d.artifacts(),
                models != null ? models : d.models(), d.createdBy(), chunks != null ? chunks : d.metricChunks());
    }

    Run startRun(String experiment, String actor) {
        while (true) {
            byte[] rnd = new byte[12];
            new java.security.SecureRandom().nextBytes(rnd);
            String id = HexFormat.of().formatHex(rnd);
            Docs.RunDoc d = new Docs.RunDoc(Json.FORMAT, experiment, id, RunInfo.RunStatus.RUNNING.name(),
                    r.clock.instant(), null, Map.of(), Map.of(), Map.of(), List.of(), Map.of(), List.of(), actor, Map.of());
            if (r.records.createIfAbsent(Keys.RUNS, id, Json.write(d)).applied()) {
                return new Run(new RunState(id, experiment));
            }
        }
    }

    private NotFoundException noRun(String id) {
        return new NotFoundException("No run '" + id + "' in " + r.description());
    }

    void requireRun(String id) {
        if (!dev.mlops.registry.spi.Names.isValidKey(id) || r.records.get(Keys.RUNS, id).isEmpty()) {
            throw new InvalidMetadataException("Run '" + id + "' does not exist in " + r.description()
                    + "; start one with registry.startRun(experiment)");
        }
    }

    /**
     * Links a run to a model version registered from it. The link is its own record, so a run's document never changes
     * after the run ended and readers may cache ended runs for good.
     */
    void linkRunToModel(String runId, String model, int version) {
        r.records.createIfAbsent(Keys.RUN_MODELS, runId + "/" + model + "/" + Keys.number(version),
                Json.write(Map.of("format", Json.FORMAT)));
    }

    /** Run id → model versions registered from it, from one listing of the links. */
    private Map<String, List<String>> runModelLinks(String runIdOrNull) {
        Map<String, List<String>> out = new HashMap<>();
        for (String key : r.listAll(Keys.RUN_MODELS, runIdOrNull == null ? "" : runIdOrNull + "/")) {
            String[] parts = key.split("/");
            if (parts.length == 3) {
                out.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1] + ":" + Integer.parseInt(parts[2]));
            }
        }
        return out;
    }

    private static RunInfo withModels(RunInfo info, List<String> links) {
        if (links == null || links.isEmpty()) {
            return info;
        }
        List<String> models = new ArrayList<>(info.models());
        links.stream().filter(m -> !models.contains(m)).forEach(models::add);
        return new RunInfo(info.experiment(), info.id(), info.status(), info.startedAt(), info.endedAt(), info.params(),
                info.tags(), info.metrics(), info.inputs(), info.artifacts(), models, info.createdBy());
    }

    RunInfo run(String id) {
        java.util.Objects.requireNonNull(id, "id");
        if (!dev.mlops.registry.spi.Names.isValidKey(id)) {
            throw noRun(id);
        }
        VersionedRecord rec = r.records.get(Keys.RUNS, id).orElseThrow(() -> noRun(id));
        return withModels(toRunInfo(rec), runModelLinks(id).get(id));
    }

    private RunInfo toRunInfo(VersionedRecord rec) {
        Map.Entry<Long, RunInfo> cached = runCache.get(rec.key());
        if (cached != null && cached.getKey() == rec.revision()) {
            return cached.getValue();
        }
        RunInfo info = toRunInfo(normalize(Json.read(rec.document(), Docs.RunDoc.class, Keys.RUNS + "/" + rec.key())));
        runCache.put(rec.key(), Map.entry(rec.revision(), info));
        if (info.status() != RunInfo.RunStatus.RUNNING) {
            endedRuns.put(rec.key(), info);
        }
        return info;
    }

    private static RunInfo toRunInfo(Docs.RunDoc d) {
        Map<String, Object> params = new TreeMap<>();
        d.params().forEach((k, v) -> params.put(k, Registry.normalizeParam(k, v)));
        Map<String, ArtifactFile> artifacts = new TreeMap<>();
        d.artifacts().forEach((k, v) -> artifacts.put(k, new ArtifactFile(v.path(), Digest.parse(v.digest()), v.size())));
        return new RunInfo(d.experiment(), d.id(), RunInfo.RunStatus.valueOf(d.status()), d.startedAt(),
                Optional.ofNullable(d.endedAt()), params, d.tags(), d.metrics(),
                d.inputs().stream().map(x -> new DatasetRef(x.name(), x.version(), x.role())).toList(), artifacts,
                d.models(), d.createdBy());
    }

    List<MetricPoint> metricHistory(String runId, String metric) {
        Docs.RunDoc d;
        VersionedRecord rec = r.records.get(Keys.RUNS, runId).orElseThrow(() -> noRun(runId));
        d = normalize(Json.read(rec.document(), Docs.RunDoc.class, Keys.RUNS + "/" + runId));
        int chunks = d.metricChunks().getOrDefault(metric, 0);
        List<MetricPoint> out = new ArrayList<>(chunks * Run.CHUNK_SIZE);
        for (int c = 0; c < chunks; c++) {
            String key = chunkKey(runId, metric, c);
            VersionedRecord cr = r.records.get(Keys.RUN_METRICS, key).orElseThrow(() -> new RegistryException(
                    "Run " + runId + " metric '" + metric + "' is missing chunk " + key + "; run verify"));
            Docs.MetricChunkDoc doc = Json.read(cr.document(), Docs.MetricChunkDoc.class, Keys.RUN_METRICS + "/" + key);
            for (Docs.MetricPointDoc p : doc.points()) {
                out.add(new MetricPoint(p.v(), p.s(), Instant.ofEpochMilli(p.t())));
            }
        }
        return out;
    }

    /**
     * Every run (of one experiment or all): one listing of the run keys; ended runs never change, so they are read
     * once per registry instance and served from memory afterwards; running ones are re-read every time.
     */
    List<RunInfo> runs(String experiment) {
        Map<String, List<String>> links = runModelLinks(null);
        List<RunInfo> out = new ArrayList<>();
        String token = null;
        do {
            Page<String> p = r.records.list(Keys.RUNS, "", token, 10_000);
            for (String key : p.items()) {
                RunInfo info = endedRuns.get(key);
                if (info == null) {
                    info = r.records.get(Keys.RUNS, key).map(this::toRunInfo).orElse(null);
                }
                if (info != null && (experiment == null || info.experiment().equals(experiment))) {
                    out.add(withModels(info, links.get(key)));
                }
            }
            token = p.nextPageToken();
        } while (token != null);
        return out;
    }

    List<RunInfo> searchRuns(RunQuery q) {
        java.util.Objects.requireNonNull(q, "query");
        List<RunInfo> matches = new ArrayList<>();
        for (RunInfo run : runs(q.experimentOrNull())) {
            if (q.filter().test(run)) {
                matches.add(run);
            }
        }
        matches.sort(q.comparator());
        return matches.size() > q.limit() ? List.copyOf(matches.subList(0, q.limit())) : matches;
    }

    // ------------------------------------------------------------------ verify

    VerifyReport verify() {
        List<VerifyReport.Problem> problems = new ArrayList<>();
        Set<Digest> referenced = new HashSet<>();
        long records = 0;
        // models and versions
        Set<String> models = new HashSet<>(r.listAll(Keys.MODELS, ""));
        records += models.size();
        for (String m : models) {
            checkParses(Keys.MODELS, m, Docs.ModelDoc.class, problems);
        }
        Map<String, List<Integer>> numbers = new TreeMap<>();
        for (String key : r.listAll(Keys.VERSIONS, "")) {
            records++;
            Docs.VersionDoc v = checkParses(Keys.VERSIONS, key, Docs.VersionDoc.class, problems);
            if (v == null) {
                continue;
            }
            numbers.computeIfAbsent(v.model(), k -> new ArrayList<>()).add(v.version());
            if (!models.contains(v.model())) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, Keys.VERSIONS + "/" + key,
                        "version of model '" + v.model() + "' whose model record is missing"));
            }
            checkArtifact(Keys.VERSIONS + "/" + key, v.artifact(), referenced, problems);
            if (v.lineage() != null && v.lineage().datasets() != null && v.origin() == null) {
                for (Docs.DatasetRefDoc ds : v.lineage().datasets()) {
                    if (r.records.get(Keys.DATASET_VERSIONS, Keys.version(ds.name(), ds.version())).isEmpty()) {
                        problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, Keys.VERSIONS + "/" + key,
                                "lineage names data set version " + ds.name() + ":" + ds.version() + ", which does not exist"));
                    }
                }
            }
        }
        checkNumbering(Keys.VERSIONS, numbers, problems);
        for (String key : r.listAll(Keys.VERSION_META, "")) {
            records++;
            checkParses(Keys.VERSION_META, key, Docs.VersionMetaDoc.class, problems);
        }
        // attachments
        for (String key : r.listAll(Keys.ATTACHMENTS, "")) {
            records++;
            Docs.AttachmentDoc a = checkParses(Keys.ATTACHMENTS, key, Docs.AttachmentDoc.class, problems);
            if (a != null) {
                Digest d = Digest.parse(a.digest());
                referenced.add(d);
                if (!r.blobs.exists(d)) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, Keys.ATTACHMENTS + "/" + key,
                            "attachment blob " + d + " is missing"));
                }
                if (r.versionDoc(a.model(), a.version()).isEmpty()) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, Keys.ATTACHMENTS + "/" + key,
                            "attached to version " + a.model() + ":" + a.version() + ", which does not exist"));
                }
            }
        }
        // aliases
        Set<String> aliasKeys = new HashSet<>();
        for (String key : r.listAll(Keys.ALIASES, "")) {
            records++;
            checkParses(Keys.ALIASES, key, Docs.AliasHeadDoc.class, problems);
            aliasKeys.add(key);
        }
        for (String key : r.listAll(Keys.ALIAS_HISTORY, "")) {
            String[] parts = key.split("/");
            if (parts.length == 3) {
                aliasKeys.add(parts[0] + "/" + parts[1]);
            }
        }
        for (String ak : aliasKeys) {
            String model = ak.substring(0, ak.indexOf('/'));
            String alias = ak.substring(ak.indexOf('/') + 1);
            AliasHistory h;
            try {
                h = r.aliasHistory(model, alias);
            } catch (RuntimeException e) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, Keys.ALIAS_HISTORY + "/" + ak,
                        e.getMessage()));
                continue;
            }
            records += h.moves().size();
            for (String p : h.problems()) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.BROKEN_ALIAS_CHAIN, Keys.ALIAS_HISTORY + "/" + ak, p));
            }
            for (AliasMove m : h.moves()) {
                if (m.to().isPresent() && r.versionDoc(model, m.to().getAsInt()).isEmpty()) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, Keys.ALIAS_HISTORY + "/" + ak,
                            "entry " + m.sequence() + " points at version " + m.to().getAsInt() + ", which does not exist"));
                }
            }
        }
        // data sets
        Map<String, List<Integer>> dsNumbers = new TreeMap<>();
        for (String key : r.listAll(Keys.DATASET_VERSIONS, "")) {
            records++;
            Docs.DatasetVersionDoc d = checkParses(Keys.DATASET_VERSIONS, key, Docs.DatasetVersionDoc.class, problems);
            if (d != null) {
                dsNumbers.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d.version());
                checkArtifact(Keys.DATASET_VERSIONS + "/" + key, d.artifact(), referenced, problems);
                checkDatasetLineage(Keys.DATASET_VERSIONS + "/" + key, d, problems);
            }
        }
        checkNumbering(Keys.DATASET_VERSIONS, dsNumbers, problems);
        // runs
        for (String key : r.listAll(Keys.RUNS, "")) {
            records++;
            Docs.RunDoc d = checkParses(Keys.RUNS, key, Docs.RunDoc.class, problems);
            if (d == null) {
                continue;
            }
            d = normalize(d);
            for (Docs.ManifestEntry a : d.artifacts().values()) {
                Digest dg = Digest.parse(a.digest());
                referenced.add(dg);
                if (!r.blobs.exists(dg)) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, Keys.RUNS + "/" + key,
                            "run artifact blob " + dg + " is missing"));
                }
            }
            for (Map.Entry<String, Integer> c : d.metricChunks().entrySet()) {
                for (int i = 0; i < c.getValue(); i++) {
                    if (r.records.get(Keys.RUN_METRICS, chunkKey(key, c.getKey(), i)).isEmpty()) {
                        problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, Keys.RUNS + "/" + key,
                                "metric '" + c.getKey() + "' chunk " + i + " is missing"));
                    }
                }
            }
        }
        // blobs: re-hash every one
        long blobsChecked = 0;
        long bytesChecked = 0;
        long unrefBlobs = 0;
        long unrefBytes = 0;
        byte[] buf = new byte[256 * 1024];
        String token = null;
        do {
            Page<BlobInfo> p = r.blobs.list(token, 1000);
            for (BlobInfo b : p.items()) {
                blobsChecked++;
                try (InputStream in = r.blobs.get(b.digest())) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytesChecked += n;
                    }
                } catch (CorruptedContentException e) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.CORRUPT_BLOB, b.digest().toString(), e.getMessage()));
                } catch (NotFoundException e) {
                    continue; // deleted while listing
                } catch (IOException e) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.CORRUPT_BLOB, b.digest().toString(),
                            "unreadable: " + e.getMessage()));
                }
                if (!referenced.contains(b.digest())) {
                    unrefBlobs++;
                    unrefBytes += b.size();
                }
            }
            token = p.nextPageToken();
        } while (token != null);
        return new VerifyReport(blobsChecked, bytesChecked, records, problems, unrefBlobs, unrefBytes);
    }

    private <T> T checkParses(String collection, String key, Class<T> type, List<VerifyReport.Problem> problems) {
        try {
            Optional<VersionedRecord> rec = r.records.get(collection, key);
            return rec.map(x -> Json.read(x.document(), type, collection + "/" + key)).orElse(null);
        } catch (RuntimeException e) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, collection + "/" + key, e.getMessage()));
            return null;
        }
    }

    private void checkArtifact(String subject, Docs.ArtifactDoc a, Set<Digest> referenced, List<VerifyReport.Problem> problems) {
        Digest d;
        try {
            d = Digest.parse(a.digest());
        } catch (RuntimeException e) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, subject, "bad artifact digest: " + e.getMessage()));
            return;
        }
        referenced.add(d);
        if (!r.blobs.exists(d)) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, subject, "artifact blob " + d + " is missing"));
            return;
        }
        if ("directory".equals(a.kind())) {
            try {
                for (ArtifactFile f : Content.readManifest(r.blobs, d)) {
                    referenced.add(f.digest());
                    if (!r.blobs.exists(f.digest())) {
                        problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING_REFERENCE, subject,
                                "file " + f.path() + " (" + f.digest() + ") of the manifest is missing"));
                    }
                }
            } catch (RuntimeException e) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE_RECORD, subject,
                        "manifest " + d + " is unreadable: " + e.getMessage()));
            }
        }
    }

    private static void checkNumbering(String collection, Map<String, List<Integer>> numbers, List<VerifyReport.Problem> problems) {
        numbers.forEach((name, ns) -> {
            ns.sort(null);
            for (int i = 0; i < ns.size(); i++) {
                if (ns.get(i) != i + 1) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.VERSION_GAP, collection + "/" + name,
                            "versions are not 1.." + ns.size() + ": found " + ns.get(i) + " at position " + (i + 1)));
                    break;
                }
            }
        });
    }

    // ------------------------------------------------------------------ gc

    GcReport gc(boolean dryRun) {
        Instant start = r.clock.instant();
        Instant archiveCutoff = start.minus(r.archiveRetention);
        Set<Digest> live = new HashSet<>();
        for (String key : r.listAll(Keys.VERSIONS, "")) {
            String model = key.substring(0, key.lastIndexOf('/'));
            int n = Keys.trailingNumber(key);
            Optional<Docs.VersionDoc> v = r.versionDoc(model, n);
            if (v.isEmpty()) {
                continue;
            }
            Docs.VersionMetaDoc meta = r.versionMeta(model, n).map(Map.Entry::getValue).orElse(null);
            if (expired(meta, archiveCutoff)) {
                continue;
            }
            markArtifact(v.get().artifact(), live);
        }
        for (String key : r.listAll(Keys.DATASET_VERSIONS, "")) {
            String name = key.substring(0, key.lastIndexOf('/'));
            int n = Keys.trailingNumber(key);
            Optional<Docs.DatasetVersionDoc> d = datasetDoc(name, n);
            if (d.isEmpty() || expired(datasetMeta(name, n), archiveCutoff)) {
                continue;
            }
            markArtifact(d.get().artifact(), live);
        }
        for (String key : r.listAll(Keys.ATTACHMENTS, "")) {
            r.records.get(Keys.ATTACHMENTS, key).ifPresent(rec ->
                    live.add(Digest.parse(Json.read(rec.document(), Docs.AttachmentDoc.class, key).digest())));
        }
        for (RunInfo run : runs(null)) {
            run.artifacts().values().forEach(a -> live.add(a.digest()));
        }
        Instant graceCutoff = start.minus(r.gcGracePeriod);
        long scanned = 0;
        long referenced = 0;
        long inGrace = 0;
        long reclaimable = 0;
        long reclaimableBytes = 0;
        long deleted = 0;
        long deletedBytes = 0;
        String token = null;
        do {
            Page<BlobInfo> p = r.blobs.list(token, 1000);
            for (BlobInfo b : p.items()) {
                scanned++;
                if (live.contains(b.digest())) {
                    referenced++;
                    continue;
                }
                // re-stat right before deciding: a concurrent put refreshes the last-used mark
                Optional<BlobInfo> now = r.blobs.stat(b.digest());
                if (now.isEmpty()) {
                    continue;
                }
                if (!now.get().lastUsed().isBefore(graceCutoff)) {
                    inGrace++;
                    continue;
                }
                reclaimable++;
                reclaimableBytes += now.get().size();
                if (!dryRun && r.blobs.delete(b.digest())) {
                    deleted++;
                    deletedBytes += now.get().size();
                }
            }
            token = p.nextPageToken();
        } while (token != null);
        return new GcReport(dryRun, scanned, referenced, inGrace, reclaimable, reclaimableBytes, deleted, deletedBytes);
    }

    private static boolean expired(Docs.VersionMetaDoc meta, Instant cutoff) {
        return meta != null && Boolean.TRUE.equals(meta.archived()) && meta.archivedAt() != null
                && meta.archivedAt().isBefore(cutoff);
    }

    private void markArtifact(Docs.ArtifactDoc a, Set<Digest> live) {
        Digest d = Digest.parse(a.digest());
        live.add(d);
        if ("directory".equals(a.kind()) && r.blobs.exists(d)) {
            Content.readManifest(r.blobs, d).forEach(f -> live.add(f.digest()));
        }
    }

    // ------------------------------------------------------------------ export / import

    void exportVersion(String model, int number, OutputStream out) {
        Docs.VersionDoc v = r.versionDoc(model, number).orElseThrow(() -> r.noVersion(model, number));
        ModelVersion mv = r.version(model, number);
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("format", Json.FORMAT);
        manifest.put("kind", "mlops-model-version-export");
        manifest.put("sourceRegistry", r.description());
        manifest.put("exportedAt", r.clock.instant().toString());
        manifest.set("version", Json.MAPPER.valueToTree(v));
        manifest.set("currentTags", Json.MAPPER.valueToTree(mv.tags()));
        manifest.put("currentDescription", mv.description());
        List<Digest> blobs = new ArrayList<>();
        Digest artifact = Digest.parse(v.artifact().digest());
        blobs.add(artifact);
        if ("directory".equals(v.artifact().kind())) {
            Content.readManifest(r.blobs, artifact).forEach(f -> blobs.add(f.digest()));
        }
        List<AttachmentInfo> attachments = r.attachments(model, number);
        manifest.set("attachments", Json.MAPPER.valueToTree(attachments.stream()
                .map(a -> Map.of("name", a.name(), "digest", a.digest().toString(), "size", a.size())).toList()));
        attachments.forEach(a -> blobs.add(a.digest()));
        List<Object> lineage = new ArrayList<>();
        if (v.lineage() != null && v.lineage().datasets() != null) {
            for (Docs.DatasetRefDoc ds : v.lineage().datasets()) {
                datasetDoc(ds.name(), ds.version()).ifPresent(lineage::add);
            }
        }
        manifest.set("datasets", Json.MAPPER.valueToTree(lineage));
        if (v.lineage() != null && v.lineage().runId() != null) {
            r.records.get(Keys.RUNS, v.lineage().runId()).ifPresent(rec ->
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
                try (InputStream in = r.blobs.get(d)) {
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
        Optional<VersionedRecord> already = r.records.get(Keys.IMPORTS, archiveDigest.hex());
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
                    r.blobs.put(new NonClosing(zip), d); // verifies the digest; nothing stored on mismatch
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
            for (ArtifactFile f : Content.readManifest(r.blobs, artifact)) {
                if (!stored.contains(f.digest())) {
                    throw new CorruptedContentException("Archive " + archive + " lacks file " + f.path() + " (" + f.digest() + ")");
                }
            }
        }
        // a crash between commit and the imports record leaves it importable again; check the model for the origin too
        for (ModelVersion existing : r.findModel(v.model()).isPresent() ? r.versions(v.model()) : List.<ModelVersion>of()) {
            if (existing.origin().map(o -> o.archiveDigest().equals(archiveDigest)).orElse(false)) {
                throw new ConflictException("Archive " + archive + " was already imported as " + existing.id()
                        + "; refusing to import it twice", 0, 1);
            }
        }
        Origin origin = new Origin(manifest.path("sourceRegistry").asText(), v.model(), v.version(), artifact,
                archiveDigest, r.clock.instant());
        Docs.ArtifactDoc a = v.artifact();
        VersionRegistration reg = r.register(v.model()).signature(dev.mlops.registry.internal.SignatureJson.read(v.signature()))
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
            tags.properties().forEach(e -> reg.tag(e.getKey(), e.getValue().asText()));
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
        r.records.createIfAbsent(Keys.IMPORTS, archiveDigest.hex(), Json.write(new Docs.ImportDoc(Json.FORMAT,
                archiveDigest.toString(), committed.model(), committed.number(), r.clock.instant())));
        for (JsonNode att : manifest.path("attachments")) {
            Digest d = Digest.parse(att.path("digest").asText());
            try (InputStream in = r.blobs.get(d)) {
                r.attach(committed.model(), committed.number(), att.path("name").asText(), in, actor);
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
