package dev.mlops.registry;

import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.event.RunEnded;
import dev.mlops.registry.experiment.MetricPoint;
import dev.mlops.registry.experiment.Run;
import dev.mlops.registry.experiment.RunComparison;
import dev.mlops.registry.experiment.RunInfo;
import dev.mlops.registry.experiment.RunQuery;
import dev.mlops.registry.internal.Content;
import dev.mlops.registry.internal.Docs;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.RegistryException;
import dev.mlops.registry.spi.VersionedRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The experiment runs behind {@link Registry#runs()}: run records updated by compare-and-set, metric points in
 * chunks, model links as records of their own, and a cache of ended runs (which never change). Thread-safe.
 */
final class RunTracker implements Runs {
    private final RegistryContext ctx;
    /** Parsed run documents by id, valid while the stored revision is the same. */
    private final ConcurrentHashMap<String, Map.Entry<Long, RunInfo>> runCache = new ConcurrentHashMap<>();
    /** Runs that have ended: their documents never change again. */
    private final ConcurrentHashMap<String, RunInfo> endedRuns = new ConcurrentHashMap<>();

    RunTracker(RegistryContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Run start(String experiment) {
        return start(experiment, null);
    }

    @Override
    public Run start(String experiment, String actor) {
        return startRun(Registry.checkName("experiment", experiment), Registry.actorOrDefault(actor));
    }

    @Override
    public RunComparison compare(String runA, String runB) {
        RunInfo a = get(runA);
        RunInfo b = get(runB);
        return new RunComparison(a.id(), b.id(), Comparisons.diffMaps(a.params(), b.params()),
                Comparisons.diffMaps(a.metrics(), b.metrics()), Comparisons.diffMaps(a.tags(), b.tags()));
    }


    // ------------------------------------------------------------------ runs

    /** The mutable state behind a {@link Run} handle; every method is synchronized. */
    private final class RunState {
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
            buf.add(new Docs.MetricPointDoc(value, s, ctx.clock.millis()));
            if (buf.size() >= Run.CHUNK_SIZE) {
                flush();
            }
        }

        synchronized void input(String name, int version) {
            ctx.datasets.requireDatasetVersion(name, version);
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
            BlobInfo info = Content.putFile(ctx.blobs, file);
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
                        ctx.records.createIfAbsent(Keys.RUN_METRICS, chunkKey(id, e.getKey(), chunk), Json.write(c));
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
            Instant now = ctx.clock.instant();
            RunInfo info = toRunInfo(updateRun(id, x -> with(x, null, null, null, null, null, status.name(), now, null, null),
                    ctx.events.ordered(RegistryEvents.experiment(experiment), d -> new RunEnded(toRunInfo(d)))));
            ended = true;
            return info;
        }

        synchronized void closeIfRunning() {
            if (!ended) {
                end(RunInfo.RunStatus.FINISHED);
            }
        }

        synchronized RunInfo info() {
            return get(id);
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

    static String chunkKey(String runId, String metric, int chunk) {
        byte[] h = Digest.sha256(metric.getBytes(StandardCharsets.UTF_8)).bytes();
        return runId + "/" + HexFormat.of().formatHex(h, 0, 8) + "/" + Keys.number(chunk);
    }

    Docs.RunDoc updateRun(String id, java.util.function.UnaryOperator<Docs.RunDoc> change) {
        return updateRun(id, change, java.util.function.Supplier::get);
    }

    private Docs.RunDoc updateRun(String id, java.util.function.UnaryOperator<Docs.RunDoc> change,
                                  Commits.Guard<Docs.RunDoc> guard) {
        return Commits.update(ctx.records, Keys.RUNS, id, "updating run " + id, rec -> {
            Docs.RunDoc d = normalize(Json.read(rec.orElseThrow(() -> noRun(id)).document(), Docs.RunDoc.class,
                    Keys.RUNS + "/" + id));
            Docs.RunDoc next = change.apply(d);
            return Commits.Step.write(Json.write(next), next);
        }, guard);
    }

    static Docs.RunDoc normalize(Docs.RunDoc d) {
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
                    ctx.clock.instant(), null, Map.of(), Map.of(), Map.of(), List.of(), Map.of(), List.of(), actor, Map.of());
            if (ctx.records.createIfAbsent(Keys.RUNS, id, Json.write(d)).applied()) {
                return new Handle(new RunState(id, experiment));
            }
        }
    }

    private NotFoundException noRun(String id) {
        return new NotFoundException("No run '" + id + "' in " + ctx.description()
                + ". Find runs with registry.runs().list(experiment) or start one.", "run", id, null);
    }

    void requireRun(String id) {
        if (!dev.mlops.registry.spi.Names.isValidKey(id) || ctx.records.get(Keys.RUNS, id).isEmpty()) {
            throw new InvalidMetadataException("Run '" + id + "' does not exist in " + ctx.description()
                    + "; start one with registry.runs().start(experiment)");
        }
    }

    /**
     * Links a run to a model version registered from it. The link is its own record, so a run's document never changes
     * after the run ended and readers may cache ended runs for good.
     */
    void linkRunToModel(String runId, String model, int version) {
        ctx.records.createIfAbsent(Keys.RUN_MODELS, runId + "/" + model + "/" + Keys.number(version),
                Json.write(Map.of("format", Json.FORMAT)));
    }

    /** Run id → model versions registered from it, from one listing of the links. */
    private Map<String, List<String>> runModelLinks(String runIdOrNull) {
        Map<String, List<String>> out = new HashMap<>();
        for (String key : ctx.listAll(Keys.RUN_MODELS, runIdOrNull == null ? "" : runIdOrNull + "/")) {
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

    @Override
    public RunInfo get(String id) {
        java.util.Objects.requireNonNull(id, "id");
        if (!dev.mlops.registry.spi.Names.isValidKey(id)) {
            throw noRun(id);
        }
        VersionedRecord rec = ctx.records.get(Keys.RUNS, id).orElseThrow(() -> noRun(id));
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

    @Override
    public List<MetricPoint> metricHistory(String runId, String metric) {
        Docs.RunDoc d;
        VersionedRecord rec = ctx.records.get(Keys.RUNS, runId).orElseThrow(() -> noRun(runId));
        d = normalize(Json.read(rec.document(), Docs.RunDoc.class, Keys.RUNS + "/" + runId));
        int chunks = d.metricChunks().getOrDefault(metric, 0);
        List<MetricPoint> out = new ArrayList<>(chunks * Run.CHUNK_SIZE);
        for (int c = 0; c < chunks; c++) {
            String key = chunkKey(runId, metric, c);
            VersionedRecord cr = ctx.records.get(Keys.RUN_METRICS, key).orElseThrow(() -> new RegistryException(
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
    @Override
    public List<RunInfo> list(String experiment) {
        Map<String, List<String>> links = runModelLinks(null);
        List<RunInfo> out = new ArrayList<>();
        String token = null;
        do {
            Page<String> p = ctx.records.list(Keys.RUNS, "", token, 10_000);
            for (String key : p.items()) {
                RunInfo info = endedRuns.get(key);
                if (info == null) {
                    info = ctx.records.get(Keys.RUNS, key).map(this::toRunInfo).orElse(null);
                }
                if (info != null && (experiment == null || info.experiment().equals(experiment))) {
                    out.add(withModels(info, links.get(key)));
                }
            }
            token = p.nextPageToken();
        } while (token != null);
        return out;
    }

    @Override
    public List<RunInfo> search(RunQuery q) {
        java.util.Objects.requireNonNull(q, "query");
        List<RunInfo> matches = new ArrayList<>();
        for (RunInfo run : list(q.experimentOrNull())) {
            if (q.filter().test(run)) {
                matches.add(run);
            }
        }
        matches.sort(q.comparator());
        return matches.size() > q.limit() ? List.copyOf(matches.subList(0, q.limit())) : matches;
    }

    /** The {@link Run} handle: checks its input, then logs through the synchronized state. */
    private static final class Handle implements Run {
        private final RunState state;

        Handle(RunState state) {
            this.state = state;
        }

        /** The run id, unique in the registry. */
        @Override
        public String id() {
            return state.id;
        }

        /** The experiment. */
        @Override
        public String experiment() {
            return state.experiment;
        }

        /** Records a parameter (String, Number or Boolean). */
        @Override
        public Run param(String key, Object value) {
            state.param(Registry.checkMetadataKey("parameter", key), Registry.normalizeParam(key, value));
            return this;
        }

        /** Records a tag. */
        @Override
        public Run tag(String key, String value) {
            state.tag(Registry.checkMetadataKey("tag", key), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Appends a metric point with the next step (0, 1, 2 … per metric). */
        @Override
        public Run logMetric(String key, double value) {
            state.logMetric(Registry.checkMetadataKey("metric", key), value, -1);
            return this;
        }

        /** Appends a metric point at {@code step}. */
        @Override
        public Run logMetric(String key, double value, long step) {
            state.logMetric(Registry.checkMetadataKey("metric", key), value, step);
            return this;
        }

        /** Declares that the run read data set version {@code name:version} (which must exist). */
        @Override
        public Run input(String name, int version) {
            state.input(Registry.checkName("data set", name), version);
            return this;
        }

        /** Stores a file as an artifact of the run under {@code name}. */
        @Override
        public Run logArtifact(String name, Path file) {
            state.artifact(Registry.checkMetadataKey("artifact", name), Objects.requireNonNull(file, "file"));
            return this;
        }

        /** Writes buffered metric points. */
        @Override
        public Run flush() {
            state.flush();
            return this;
        }

        /** Flushes and ends the run with {@code status}. */
        @Override
        public RunInfo end(RunInfo.RunStatus status) {
            return state.end(Objects.requireNonNull(status, "status"));
        }

        /** A snapshot of the run as stored (after flushing). */
        @Override
        public RunInfo info() {
            state.flush();
            return state.info();
        }

        /** Ends the run as {@code FINISHED} if it is still running. */
        @Override
        public void close() {
            state.closeIfRunning();
        }
    }
}
