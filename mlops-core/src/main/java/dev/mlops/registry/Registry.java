package dev.mlops.registry;

import dev.mlops.registry.dataset.DatasetAddition;
import dev.mlops.registry.dataset.DatasetDiff;
import dev.mlops.registry.dataset.DatasetFile;
import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.dataset.DatasetUsage;
import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.experiment.MetricPoint;
import dev.mlops.registry.experiment.Run;
import dev.mlops.registry.experiment.RunComparison;
import dev.mlops.registry.experiment.RunInfo;
import dev.mlops.registry.experiment.RunQuery;
import dev.mlops.registry.maintenance.GcReport;
import dev.mlops.registry.maintenance.VerifyReport;
import dev.mlops.registry.onnx.ModelSignature;
import dev.mlops.registry.onnx.OnnxSignatures;
import dev.mlops.registry.onnx.ValueInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlops.registry.event.AliasMoved;
import dev.mlops.registry.event.AttachmentAdded;
import dev.mlops.registry.event.RegistryEvent;
import dev.mlops.registry.event.RegistryListener;
import dev.mlops.registry.event.VersionArchived;
import dev.mlops.registry.event.VersionRegistered;
import dev.mlops.registry.internal.Content;
import dev.mlops.registry.internal.Docs;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.internal.SignatureJson;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.ConflictException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.InvalidNameException;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.StoreUri;
import dev.mlops.registry.store.FileStore;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.RegistryException;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.Stores;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;
import dev.mlops.registry.store.InMemoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The model registry: versioned models with lineage, aliases with a tamper-evident history, attachments, extension
 * record collections, data sets, experiment runs, garbage collection and export/import, on any store of the SPI.
 *
 * <pre>{@code
 * try (Registry registry = Registry.open("file:./mlops-data")) {
 *     ModelVersion v = registry.register("fraud").file(Path.of("model.onnx")).metric("auc", 0.91).by("alice").commit();
 *     registry.setAlias("fraud", "production", v.number(), "alice", "best AUC so far");
 *     OptionalInt serving = registry.resolve("fraud", "production");
 * }
 * }</pre>
 *
 * <h2>Names</h2>
 * Models, aliases, data sets and experiments are named with 1–128 characters of lower-case ASCII letters, digits,
 * {@code .}, {@code _} and {@code -}, starting with a letter or digit ({@link #checkName}). Parameter, metric and tag
 * keys are 1–250 printable characters.
 *
 * <h2>Consistency</h2>
 * Every operation has exactly one commit point, a create-if-absent or compare-and-set of one record; everything
 * written before it is content-addressed or unreachable. Version numbers are 1, 2, 3 … per model with no gap and no
 * duplicate across threads and processes: the bytes are stored first, then version record <i>n</i> is created if
 * absent, trying <i>n+1</i> on conflict; a registration killed at any moment consumes no number. Alias moves append a
 * history entry with create-if-absent (the next sequence number), so concurrent moves never tear or lose an entry.
 *
 * <h2>Threads</h2>
 * Thread-safe and cheap to share: one instance per store per process is enough. It starts no threads. Listeners are
 * called on the thread that made the change. {@link #close()} closes the store only if the registry opened it.
 */
public final class Registry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    /** Longest model, alias, data set or experiment name. */
    public static final int MAX_NAME_LENGTH = 128;
    /** Longest parameter, metric or tag key. */
    public static final int MAX_KEY_LENGTH = 250;
    private static final int MAX_ALIAS_ATTEMPTS = 64;

    final Store store;
    final RecordStore records;
    final BlobStore blobs;
    final Clock clock;
    private final AliasPolicy aliasPolicy;
    private final boolean ownsStore;
    final Duration gcGracePeriod;
    final Duration archiveRetention;
    private final ReentrantLock eventLock = new ReentrantLock(true);
    private final CopyOnWriteArrayList<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong listenerFailures = new AtomicLong();
    final RegistryContext ctx;
    private final Verifier verifier;
    private final GarbageCollector gc;
    private final Archives archives;

    private Registry(Builder b) {
        this.store = b.store;
        this.records = b.store.records();
        this.blobs = b.store.blobs();
        this.clock = b.clock;
        this.aliasPolicy = b.aliasPolicy;
        this.ownsStore = b.ownsStore;
        this.gcGracePeriod = b.gcGracePeriod;
        this.archiveRetention = b.archiveRetention;
        this.ctx = new RegistryContext(b.store, b.clock, b.gcGracePeriod, b.archiveRetention, this);
        this.ctx.runs = new RunTracker(ctx);
        this.ctx.datasets = new DatasetCatalog(ctx);
        this.verifier = new Verifier(ctx);
        this.gc = new GarbageCollector(ctx);
        this.archives = new Archives(ctx);
    }

    // ------------------------------------------------------------------ opening

    /** Opens the registry on the store at {@code uri} (e.g. {@code file:./mlops-data}, {@code mem:}). */
    public static Registry open(String uri) {
        return builder().uri(uri).build();
    }

    /**
     * Opens the registry on the store at {@code uri} only if that store already exists: for a {@code file:} URI the
     * directory must hold a store (its {@value FileStore#MARKER} marker), so a mistyped path fails instead of
     * creating a new, empty store. Other schemes open as with {@link #open(String)}. Use this for code that only reads
     * or maintains a registry.
     *
     * @throws NotFoundException naming the path when a {@code file:} store does not exist
     */
    public static Registry openExisting(String uri) {
        StoreUri parsed = StoreUri.parse(Objects.requireNonNull(uri, "uri"));
        if (parsed.scheme().equals("file")) {
            Path dir = parsed.toPath().toAbsolutePath().normalize();
            if (!Files.isRegularFile(dir.resolve(FileStore.MARKER))) {
                throw new NotFoundException("No store at " + dir + ": " + (Files.isDirectory(dir)
                        ? "the directory holds no " + FileStore.MARKER : "the directory does not exist")
                        + ". Check the path, or open it with open(uri) to create a new store there.");
            }
        }
        return open(uri);
    }

    /** Opens the registry on a store passed in by hand; closing the registry does not close it. */
    public static Registry open(Store store) {
        return builder().store(store).build();
    }

    /** A registry on a fresh private in-memory store (for tests and demos). */
    public static Registry inMemory() {
        return builder().store(InMemoryStore.create().asStore()).build();
    }

    /** Opens {@code $MLOPS_STORE}, else {@code file:./mlops-data}. */
    public static Registry openDefault() {
        return open(Stores.defaultUri());
    }

    /** A builder for a registry with a clock, alias policy or garbage-collection settings of its own. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configures and opens a {@link Registry}. Each setter validates at once; {@link #build()} checks that a store was
     * given. Not thread-safe.
     */
    public static final class Builder {
        /** The shortest gc grace period {@link #build()} accepts without {@link #allowUnsafeGcGracePeriodForTests()}. */
        public static final Duration MIN_GC_GRACE_PERIOD = Duration.ofMinutes(1);
        private Store store;
        private String uri;
        private boolean ownsStore;
        private Clock clock = Clock.systemUTC();
        private AliasPolicy aliasPolicy = AliasPolicy.allowAll();
        private Duration gcGracePeriod = Duration.ofHours(1);
        private boolean unsafeGcGracePeriod;
        private Duration archiveRetention = Duration.ofDays(30);

        private Builder() {
        }

        /** The store to use (not closed by the registry). */
        public Builder store(Store store) {
            if (this.store != null || uri != null) {
                throw new IllegalStateException("The store was already set");
            }
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The store URI to open (closed by the registry). */
        public Builder uri(String uri) {
            if (this.store != null || this.uri != null) {
                throw new IllegalStateException("The store was already set");
            }
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** The clock for created-at times, alias history and garbage collection (tests pass a fake one). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Who may move which alias; default: everyone. */
        public Builder aliasPolicy(AliasPolicy policy) {
            this.aliasPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How long an unreferenced blob is kept after its last put before garbage collection may delete it (default
         * 1 hour, at least {@link #MIN_GC_GRACE_PERIOD}). It must exceed the longest registration (upload to commit)
         * that can run during a collection: a shorter one lets gc delete the bytes of a version about to be committed.
         * {@link #build()} refuses a period below the minimum unless {@link #allowUnsafeGcGracePeriodForTests()}.
         */
        public Builder gcGracePeriod(Duration grace) {
            Objects.requireNonNull(grace, "grace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("The grace period must be >= 0, found " + grace);
            }
            this.gcGracePeriod = grace;
            return this;
        }

        /**
         * Lets {@link #gcGracePeriod(Duration)} go below {@link #MIN_GC_GRACE_PERIOD}, down to zero. Only for tests
         * that run no registration concurrently with gc: with a short grace period, gc may delete the bytes of a
         * registration in flight and its version is then committed without its artifact.
         */
        public Builder allowUnsafeGcGracePeriodForTests() {
            this.unsafeGcGracePeriod = true;
            return this;
        }

        /** How long after archiving a version's bytes become collectable (default 30 days). */
        public Builder archiveRetention(Duration retention) {
            if (retention.isNegative()) {
                throw new IllegalArgumentException("The archive retention must be >= 0, found " + retention);
            }
            this.archiveRetention = retention;
            return this;
        }

        /** Opens the registry. */
        public Registry build() {
            if (store == null && uri == null) {
                throw new IllegalStateException("No store: call store(...) or uri(...)");
            }
            if (gcGracePeriod.compareTo(MIN_GC_GRACE_PERIOD) < 0 && !unsafeGcGracePeriod) {
                throw new IllegalArgumentException("Expected a gc grace period of at least " + MIN_GC_GRACE_PERIOD
                        + ", found " + gcGracePeriod + ": a shorter one lets gc delete the bytes of registrations still "
                        + "in flight, so committed versions lose their artifacts. Use the default (1 hour) or more; "
                        + "tests that need less call allowUnsafeGcGracePeriodForTests().");
            }
            if (store == null) {
                store = Stores.open(uri);
                ownsStore = true;
            }
            return new Registry(this);
        }
    }

    /** The store this registry uses. */
    public Store store() {
        return store;
    }

    /** Where the store is, for messages (credentials removed). */
    public String description() {
        return store.description();
    }

    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }

    // ------------------------------------------------------------------ names

    /**
     * Returns {@code name} if it is a valid model, alias, data set or experiment name: 1–128 characters of a-z, 0-9,
     * '.', '_', '-', starting with a letter or digit.
     *
     * @throws InvalidNameException otherwise, saying why
     */
    public static String checkName(String kind, String name) {
        Objects.requireNonNull(name, kind + " name");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new InvalidNameException("Expected a " + kind + " name of 1-" + MAX_NAME_LENGTH + " characters, found "
                    + name.length() + ": '" + abbreviate(name) + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (i == 0 && !alnum) {
                throw new InvalidNameException("A " + kind + " name must start with a-z or 0-9, found '" + abbreviate(name)
                        + "'. Use lower-case letters, digits, '.', '_' and '-', e.g. 'fraud-detector'.");
            }
            if (!alnum && c != '.' && c != '_' && c != '-') {
                throw new InvalidNameException("A " + kind + " name may contain only a-z, 0-9, '.', '_' and '-'; found "
                        + (c < 0x20 ? String.format("U+%04X", (int) c) : "'" + c + "'") + " at position " + i + " in '"
                        + abbreviate(name) + "'" + (Character.isUpperCase(c) ? " (names are lower-case)" : ""));
            }
        }
        return name;
    }

    /** Returns {@code key} if it is a valid parameter, metric, tag or role key; see {@link #MAX_KEY_LENGTH}. */
    static String checkMetadataKey(String kind, String key) {
        Objects.requireNonNull(key, kind + " key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new InvalidMetadataException("Expected a " + kind + " key of 1-" + MAX_KEY_LENGTH
                    + " characters, found " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                throw new InvalidMetadataException("A " + kind + " key must not contain control characters: '"
                        + abbreviate(key.replaceAll("\\p{Cntrl}", "?")) + "'");
            }
        }
        return key;
    }

    /** A parameter value as stored: String, Boolean, Long or Double. */
    static Object normalizeParam(String key, Object value) {
        if (value == null) {
            throw new InvalidMetadataException("Parameter '" + key + "' is null; expected a String, Number or Boolean");
        }
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof java.math.BigInteger bi) {
            if (bi.bitLength() < 64) {
                return bi.longValue();
            }
            throw new InvalidMetadataException("Parameter '" + key + "' = " + bi + " does not fit in a long");
        }
        if (value instanceof Float || value instanceof Double || value instanceof java.math.BigDecimal) {
            return ((Number) value).doubleValue();
        }
        throw new InvalidMetadataException("Parameter '" + key + "' has type " + value.getClass().getName()
                + "; expected a String, Number or Boolean (convert it, e.g. with toString())");
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    static String actorOrDefault(String actor) {
        return actor == null || actor.isBlank() ? System.getProperty("user.name", "unknown") : actor;
    }

    // ------------------------------------------------------------------ events

    /**
     * Adds a listener for events committed by this registry instance (in this process). Returns a handle that removes
     * it.
     */
    public AutoCloseable addListener(RegistryListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** How many times a listener threw (each logged). */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    /**
     * Runs {@code commit} under the event lock and, when it took effect, delivers its event before releasing the
     * lock, so events reach listeners in commit order.
     */
    <T> T commitThenPublish(Supplier<T> commit, java.util.function.Function<T, RegistryEvent> event) {
        eventLock.lock();
        try {
            T result = commit.get();
            if (result != null) {
                publish(event.apply(result));
            }
            return result;
        } finally {
            eventLock.unlock();
        }
    }

    void publish(RegistryEvent event) {
        if (event == null) {
            return;
        }
        eventLock.lock();
        try {
            for (RegistryListener l : listeners) {
                try {
                    l.onEvent(event);
                } catch (RuntimeException | Error e) {
                    if (e instanceof VirtualMachineError vme) {
                        throw vme;
                    }
                    listenerFailures.incrementAndGet();
                    LOG.warn("Registry listener {} threw on {}; the change stays committed", l, event, e);
                }
            }
        } finally {
            eventLock.unlock();
        }
    }

    // ------------------------------------------------------------------ models

    /** Starts registering a new version of {@code model} (created on first registration). */
    public VersionRegistration register(String model) {
        return new VersionRegistration(this, model);
    }

    /** A handle on one model (it need not exist yet). */
    public Model model(String name) {
        return new Model(this, checkName("model", name));
    }

    /**
     * Creates a model with no versions yet (registering its first version creates it too).
     *
     * @throws ConflictException when a model of that name exists
     */
    public ModelInfo createModel(String model, String description, String actor) {
        checkName("model", model);
        Objects.requireNonNull(description, "description");
        Docs.ModelDoc d = new Docs.ModelDoc(Json.FORMAT, model, description, Map.of(), clock.instant(),
                actorOrDefault(actor), List.of());
        WriteResult w = records.createIfAbsent(Keys.MODELS, model, Json.write(d));
        if (!w.applied()) {
            throw new ConflictException("Model '" + model + "' already exists in " + description()
                    + "; register a version of it or describe it instead", 0, w.revision());
        }
        return toModelInfo(d);
    }

    /** The model's metadata. @throws NotFoundException when there is no such model */
    public ModelInfo modelInfo(String model) {
        return findModel(model).orElseThrow(() -> new NotFoundException("No model '" + model + "' in " + description()
                + ". List models with 'mlops registry models' or register one first."));
    }

    /** The model's metadata, or empty. */
    public Optional<ModelInfo> findModel(String model) {
        checkName("model", model);
        return records.get(Keys.MODELS, model).map(r -> toModelInfo(readModelDoc(r)));
    }

    /** Every model, by name. */
    public List<ModelInfo> models() {
        return findModels("", Map.of());
    }

    /** Models whose name starts with {@code namePrefix} ("" for all) and that carry every tag in {@code tags}. */
    public List<ModelInfo> findModels(String namePrefix, Map<String, String> tags) {
        Objects.requireNonNull(namePrefix, "namePrefix");
        Objects.requireNonNull(tags, "tags");
        if (!namePrefix.isEmpty()) {
            checkName("model name prefix", namePrefix);
        }
        List<ModelInfo> out = new ArrayList<>();
        for (String key : listAll(Keys.MODELS, namePrefix)) {
            records.get(Keys.MODELS, key).ifPresent(r -> {
                ModelInfo info = toModelInfo(readModelDoc(r));
                if (info.tags().entrySet().containsAll(tags.entrySet())) {
                    out.add(info);
                }
            });
        }
        return out;
    }

    /** Sets the model's description (recorded as an edit). */
    public ModelInfo describeModel(String model, String description, String actor) {
        Objects.requireNonNull(description, "description");
        return editModel(model, actor, "description", d -> d.description(), description,
                (d, v) -> new Docs.ModelDoc(d.format(), d.name(), v, d.tags(), d.createdAt(), d.createdBy(), d.edits()));
    }

    /** Sets (or with a null value, removes) a tag of the model (recorded as an edit). */
    public ModelInfo tagModel(String model, String key, String value, String actor) {
        checkMetadataKey("tag", key);
        return editModel(model, actor, "tag:" + key, d -> d.tags() == null ? null : d.tags().get(key), value, (d, v) -> {
            Map<String, String> t = new TreeMap<>(d.tags() == null ? Map.of() : d.tags());
            if (v == null) {
                t.remove(key);
            } else {
                t.put(key, v);
            }
            return new Docs.ModelDoc(d.format(), d.name(), d.description(), t, d.createdAt(), d.createdBy(), d.edits());
        });
    }

    /** The recorded edits of the model's description and tags, oldest first. */
    public List<MetadataEdit> modelEdits(String model) {
        checkName("model", model);
        VersionedRecord r = records.get(Keys.MODELS, model).orElseThrow(() -> noModel(model));
        return toEdits(readModelDoc(r).edits());
    }

    private ModelInfo editModel(String model, String actor, String field,
                                java.util.function.Function<Docs.ModelDoc, String> current, String value,
                                java.util.function.BiFunction<Docs.ModelDoc, String, Docs.ModelDoc> apply) {
        checkName("model", model);
        String by = actorOrDefault(actor);
        for (int attempt = 0; ; attempt++) {
            VersionedRecord r = records.get(Keys.MODELS, model).orElseThrow(() -> noModel(model));
            Docs.ModelDoc d = readModelDoc(r);
            String before = current.apply(d);
            Docs.ModelDoc next = apply.apply(d, value);
            List<Docs.EditDoc> edits = new ArrayList<>(d.edits() == null ? List.of() : d.edits());
            edits.add(new Docs.EditDoc(clock.instant(), by, field, text(before), text(value)));
            next = new Docs.ModelDoc(next.format(), next.name(), next.description(), next.tags(), next.createdAt(),
                    next.createdBy(), edits);
            if (records.compareAndSet(Keys.MODELS, model, r.revision(), Json.write(next)).applied()) {
                return toModelInfo(next);
            }
            backoff(attempt, "editing model '" + model + "'");
        }
    }

    private static JsonNode text(String s) {
        return s == null ? null : TextNode.valueOf(s);
    }

    private static List<MetadataEdit> toEdits(List<Docs.EditDoc> edits) {
        if (edits == null) {
            return List.of();
        }
        return edits.stream().map(e -> new MetadataEdit(e.at(), e.by() == null ? "" : e.by(), e.field(),
                Optional.ofNullable(e.before()).filter(n -> !n.isNull()).map(JsonNode::asText),
                Optional.ofNullable(e.after()).filter(n -> !n.isNull()).map(JsonNode::asText))).toList();
    }

    private Docs.ModelDoc readModelDoc(VersionedRecord r) {
        return Json.read(r.document(), Docs.ModelDoc.class, Keys.MODELS + "/" + r.key());
    }

    private static ModelInfo toModelInfo(Docs.ModelDoc d) {
        return new ModelInfo(d.name(), d.description(), d.tags() == null ? Map.of() : d.tags(), d.createdAt(), d.createdBy());
    }

    NotFoundException noModel(String model) {
        return new NotFoundException("No model '" + model + "' in " + description()
                + ". List models with 'mlops registry models' or register a version first.");
    }

    void ensureModel(String model, String actor) {
        if (records.get(Keys.MODELS, model).isEmpty()) {
            Docs.ModelDoc d = new Docs.ModelDoc(Json.FORMAT, model, "", Map.of(), clock.instant(), actor, List.of());
            records.createIfAbsent(Keys.MODELS, model, Json.write(d)); // idempotent: a lost race is fine
        }
    }

    // ------------------------------------------------------------------ versions

    ModelVersion commitRegistration(VersionRegistration r) {
        String actor = actorOrDefault(r.createdBy);
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
        // 2. read the signature from local bytes before storing anything, when we can
        ModelSignature sig = r.signature;
        String format = r.format;
        boolean mustBeOnnx = "onnx".equals(format) || (r.fileName != null && r.fileName.endsWith(".onnx"));
        if (sig == null && r.file != null) {
            sig = signatureOf(() -> Files.newInputStream(r.file), mustBeOnnx, r.file.toString());
        } else if (sig == null && r.bytes != null) {
            sig = signatureOf(() -> new ByteArrayInputStream(r.bytes), mustBeOnnx, r.fileName == null ? "bytes" : r.fileName);
        } else if (sig == null && r.directory != null) {
            List<Path> onnx = Content.listTree(r.directory).stream().filter(p -> p.toString().endsWith(".onnx")).toList();
            if (onnx.size() == 1) {
                Path main = r.directory.resolve(onnx.get(0));
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
        if (r.importedArtifact != null) {
            artifact = r.importedArtifact;
            if (sig == null) {
                sig = ModelSignature.empty();
            }
        } else if (r.directory != null) {
            Content.Tree tree = Content.putTree(blobs, r.directory);
            artifact = new Artifact(Artifact.Kind.DIRECTORY, tree.manifestDigest(), tree.totalSize(), tree.files().size(),
                    Optional.empty());
        } else {
            BlobInfo info;
            if (r.file != null) {
                info = Content.putFile(blobs, r.file);
            } else if (r.bytes != null) {
                info = blobs.put(new ByteArrayInputStream(r.bytes), Digest.sha256(r.bytes));
            } else {
                info = blobs.put(r.stream);
            }
            artifact = new Artifact(Artifact.Kind.FILE, info.digest(), info.size(), 1, Optional.ofNullable(r.fileName));
            if (sig == null) {
                Digest d = info.digest();
                sig = signatureOf(() -> blobs.get(d), mustBeOnnx, r.fileName == null ? "stream" : r.fileName);
            }
        }
        if (format == null) {
            format = sig.isEmpty() ? (mustBeOnnx ? "onnx" : "binary") : "onnx";
        }
        ensureModel(r.model, actor);
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
        ModelVersion committed = commitThenPublish(() -> {
            int n = nextFreeNumber(Keys.VERSIONS, Keys.VERSION_HINTS, r.model);
            while (true) {
                Docs.VersionDoc doc = new Docs.VersionDoc(Json.FORMAT, r.model, n, artifactDoc, fmt,
                        SignatureJson.write(signature), new TreeMap<>(r.params), new TreeMap<>(r.metrics),
                        new TreeMap<>(r.tags), r.description, clock.instant(), actor, lineage, origin);
                WriteResult w = records.createIfAbsent(Keys.VERSIONS, Keys.version(r.model, n), Json.write(doc));
                if (w.applied()) {
                    return toModelVersion(doc, null);
                }
                n++;
            }
        }, VersionRegistered::new);
        advanceHint(Keys.VERSION_HINTS, r.model, committed.number());
        ctx.afterCommit(artifact, r.directory, r.file);
        if (r.bytes != null && !blobs.exists(artifact.digest())) {
            blobs.put(new ByteArrayInputStream(r.bytes), artifact.digest()); // a concurrent gc raced us; put it back
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
        while (records.get(collection, Keys.version(name, n)).isPresent()) {
            n++;
        }
        return n;
    }

    int readHint(String hints, String name) {
        return records.get(hints, name)
                .map(r -> Json.read(r.document(), Docs.HintDoc.class, hints + "/" + name).latest())
                .orElse(0);
    }

    void advanceHint(String hints, String name, int committed) {
        for (int attempt = 0; attempt < 20; attempt++) {
            Optional<VersionedRecord> r = records.get(hints, name);
            byte[] doc = Json.write(new Docs.HintDoc(Json.FORMAT, committed));
            if (r.isEmpty()) {
                if (records.createIfAbsent(hints, name, doc).applied()) {
                    return;
                }
                continue;
            }
            int current = Json.read(r.get().document(), Docs.HintDoc.class, hints + "/" + name).latest();
            if (current >= committed || records.compareAndSet(hints, name, r.get().revision(), doc).applied()) {
                return;
            }
        }
        // the hint is only an optimisation; readers probe forward from it
    }

    /** The highest committed version number of {@code model}, 0 when it has none. */
    public int latestNumber(String model) {
        checkName("model", model);
        return latestCommitted(Keys.VERSIONS, Keys.VERSION_HINTS, model);
    }

    int latestCommitted(String collection, String hints, String name) {
        int n = readHint(hints, name);
        while (records.get(collection, Keys.version(name, n + 1)).isPresent()) {
            n++;
        }
        return n;
    }

    /** The latest version of {@code model}, or empty when it has none. Costs a few record reads, whatever the count. */
    public Optional<ModelVersion> latest(String model) {
        int n = latestNumber(model);
        return n == 0 ? Optional.empty() : Optional.of(version(model, n));
    }

    /** Version {@code number} of {@code model}. @throws NotFoundException when it does not exist */
    public ModelVersion version(String model, int number) {
        checkName("model", model);
        Docs.VersionDoc d = versionDoc(model, number).orElseThrow(() -> noVersion(model, number));
        return toModelVersion(d, versionMeta(model, number).map(Map.Entry::getValue).orElse(null));
    }

    /** Version {@code number} of {@code model}, or empty. */
    public Optional<ModelVersion> findVersion(String model, int number) {
        checkName("model", model);
        return versionDoc(model, number).map(d -> toModelVersion(d, versionMeta(model, number).map(Map.Entry::getValue).orElse(null)));
    }

    NotFoundException noVersion(String model, int number) {
        if (records.get(Keys.MODELS, model).isEmpty()) {
            return noModel(model);
        }
        return new NotFoundException("Model '" + model + "' has no version " + number + "; its latest is "
                + latestNumber(model) + ". List them with 'mlops registry versions " + model + "'.");
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
        Optional<Docs.VersionDoc> d = records.get(Keys.VERSIONS, key)
                .map(r -> Json.read(r.document(), Docs.VersionDoc.class, Keys.VERSIONS + "/" + key));
        d.ifPresent(doc -> cache("v:" + key, doc));
        return d;
    }

    private void cache(String key, Object value) {
        ctx.cache(key, value);
    }

    Optional<Map.Entry<Long, Docs.VersionMetaDoc>> versionMeta(String model, int number) {
        String key = Keys.version(model, number);
        return records.get(Keys.VERSION_META, key).map(r -> Map.entry(r.revision(),
                Json.read(r.document(), Docs.VersionMetaDoc.class, Keys.VERSION_META + "/" + key)));
    }

    ModelVersion toModelVersion(Docs.VersionDoc d, Docs.VersionMetaDoc meta) {
        Docs.ArtifactDoc a = d.artifact();
        Artifact artifact = new Artifact("directory".equals(a.kind()) ? Artifact.Kind.DIRECTORY : Artifact.Kind.FILE,
                Digest.parse(a.digest()), a.size(), a.fileCount(), Optional.ofNullable(a.fileName()));
        Map<String, Object> params = new TreeMap<>();
        if (d.params() != null) {
            d.params().forEach((k, v) -> params.put(k, normalizeParam(k, v)));
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

    /** Every version of {@code model}, oldest first. */
    public List<ModelVersion> versions(String model) {
        return allPages(t -> versions(model, t, 1000));
    }

    /**
     * One page of versions of {@code model}, oldest first; pass the page's token to get the next. Version numbers are
     * dense (1..latest), so a page costs {@code limit} record reads whatever the number of versions: no listing.
     */
    public Page<ModelVersion> versions(String model, String pageToken, int limit) {
        checkName("model", model);
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
            skipUnreadable(Keys.VERSIONS + "/" + Keys.version(model, n), () -> findVersion(model, number))
                    .flatMap(x -> x).ifPresent(items::add);
        }
        return new Page<>(items, end < latest ? Integer.toString(end + 1) : null);
    }

    /** Opens the (single-file) artifact of a version; the stream verifies the digest as it is read. */
    public InputStream openArtifact(String model, int number) {
        ModelVersion v = version(model, number);
        if (v.artifact().kind() == Artifact.Kind.DIRECTORY) {
            throw new InvalidMetadataException("Version " + v.id() + " is a directory artifact of "
                    + v.artifact().fileCount() + " files; use artifactFiles(...) and openBlob(...) or checkout(...)");
        }
        return blobs.get(v.artifact().digest());
    }

    /** The files of a version's artifact (one entry for a single file). */
    public List<ArtifactFile> artifactFiles(String model, int number) {
        ModelVersion v = version(model, number);
        return filesOf(v.artifact());
    }

    List<ArtifactFile> filesOf(Artifact a) {
        return ctx.filesOf(a);
    }

    /** Opens any stored blob by digest (verifying). */
    public InputStream openBlob(Digest digest) {
        return blobs.get(digest);
    }

    /** Writes a version's artifact files into {@code directory}, verifying every digest. */
    public void checkout(String model, int number, Path directory) {
        Content.checkout(blobs, artifactFiles(model, number), directory);
    }

    /** Sets a version's description; the old one stays in its edit history. */
    public ModelVersion describeVersion(String model, int number, String description, String actor) {
        Objects.requireNonNull(description, "description");
        editVersionMeta(model, number, actor, "description", m -> m.description(), description, (m, v) -> withMeta(m, v, null, null));
        return version(model, number);
    }

    /** Sets (or with a null value removes) a tag of a version; the edit is recorded. */
    public ModelVersion tagVersion(String model, int number, String key, String value, String actor) {
        checkMetadataKey("tag", key);
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

    /** The recorded metadata edits of a version, oldest first. */
    public List<MetadataEdit> versionEdits(String model, int number) {
        version(model, number);
        return versionMeta(model, number).map(e -> toEdits(e.getValue().edits())).orElse(List.of());
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
        checkName("model", model);
        Docs.VersionDoc vd = versionDoc(model, number).orElseThrow(() -> noVersion(model, number));
        return editMeta(Keys.VERSION_META, Keys.version(model, number), actor, field, current, value, apply,
                () -> new Docs.VersionMetaDoc(Json.FORMAT, vd.description(), vd.tags() == null ? Map.of() : vd.tags(),
                        false, null, null, null, List.of()), null);
    }

    Docs.VersionMetaDoc editMeta(String collection, String key, String actor, String field,
                                 java.util.function.Function<Docs.VersionMetaDoc, String> current, String value,
                                 java.util.function.BiFunction<Docs.VersionMetaDoc, String, Docs.VersionMetaDoc> apply,
                                 Supplier<Docs.VersionMetaDoc> initial,
                                 java.util.function.Consumer<Docs.VersionMetaDoc> precondition) {
        String by = actorOrDefault(actor);
        for (int attempt = 0; ; attempt++) {
            Optional<VersionedRecord> r = records.get(collection, key);
            Docs.VersionMetaDoc m = r.map(x -> Json.read(x.document(), Docs.VersionMetaDoc.class, collection + "/" + key))
                    .orElseGet(initial);
            if (precondition != null) {
                precondition.accept(m);
            }
            String before = current.apply(m);
            Docs.VersionMetaDoc next = apply.apply(m, value);
            List<Docs.EditDoc> edits = new ArrayList<>(m.edits() == null ? List.of() : m.edits());
            edits.add(new Docs.EditDoc(clock.instant(), by, field, text(before), text(value)));
            next = new Docs.VersionMetaDoc(Json.FORMAT, next.description(), next.tags(), next.archived(),
                    next.archivedAt(), next.archivedBy(), next.archiveReason(), edits);
            WriteResult w = r.isEmpty() ? records.createIfAbsent(collection, key, Json.write(next))
                    : records.compareAndSet(collection, key, r.get().revision(), Json.write(next));
            if (w.applied()) {
                return next;
            }
            backoff(attempt, "editing " + collection + "/" + key);
        }
    }

    /**
     * Archives a version: it stays listed (its number is never reused), no alias may point at it, and its bytes
     * become collectable by {@link #gc} once the archive retention has passed (unless another live record uses
     * them).
     *
     * @throws ArchivedException when an alias points at it (move the alias first)
     */
    public ModelVersion archiveVersion(String model, int number, String actor, String reason) {
        checkName("model", model);
        Objects.requireNonNull(reason, "reason");
        Docs.VersionDoc vd = versionDoc(model, number).orElseThrow(() -> noVersion(model, number));
        List<String> pointing = aliasesPointingAt(model, number);
        if (!pointing.isEmpty()) {
            throw new ArchivedException("Version " + model + ":" + number + " cannot be archived: alias(es) " + pointing
                    + " point at it. Move them to another version first.");
        }
        Instant now = clock.instant();
        String by = actorOrDefault(actor);
        commitThenPublish(() -> editMeta(Keys.VERSION_META, Keys.version(model, number), by, "archived",
                m -> String.valueOf(Boolean.TRUE.equals(m.archived())), "true",
                (m, v) -> new Docs.VersionMetaDoc(Json.FORMAT, m.description(), m.tags(), true, now, by, reason, m.edits()),
                () -> new Docs.VersionMetaDoc(Json.FORMAT, vd.description(), vd.tags() == null ? Map.of() : vd.tags(),
                        false, null, null, null, List.of()), null),
                m -> new VersionArchived("model", model, number, by, now));
        return version(model, number);
    }

    private List<String> aliasesPointingAt(String model, int number) {
        List<String> out = new ArrayList<>();
        aliases(model).forEach((alias, v) -> {
            if (v == number) {
                out.add(alias);
            }
        });
        return out;
    }

    // ------------------------------------------------------------------ attachments

    /** Attaches {@code content} to a version under {@code name} (replacing an earlier attachment of that name). */
    public AttachmentInfo attach(String model, int number, String name, byte[] content) {
        return attach(model, number, name, new ByteArrayInputStream(content), null);
    }

    /**
     * Attaches the rest of {@code in} (not closed) to a version. Attaching does not change the version's identity;
     * a replaced attachment's digest is kept in the record's history.
     */
    public AttachmentInfo attach(String model, int number, String name, InputStream in, String actor) {
        checkName("model", model);
        dev.mlops.registry.spi.Names.checkKey(Objects.requireNonNull(name, "name"));
        if (name.contains("/")) {
            throw new InvalidNameException("An attachment name is one segment (no '/'), found '" + name + "'");
        }
        Objects.requireNonNull(in, "in");
        if (versionDoc(model, number).isEmpty()) {
            throw noVersion(model, number);
        }
        BlobInfo blob = blobs.put(in);
        String key = Keys.version(model, number) + "/" + name;
        String by = actorOrDefault(actor);
        return commitThenPublish(() -> {
            for (int attempt = 0; ; attempt++) {
                Optional<VersionedRecord> r = records.get(Keys.ATTACHMENTS, key);
                List<String> previous = new ArrayList<>();
                if (r.isPresent()) {
                    Docs.AttachmentDoc old = Json.read(r.get().document(), Docs.AttachmentDoc.class, Keys.ATTACHMENTS + "/" + key);
                    if (old.previousDigests() != null) {
                        previous.addAll(old.previousDigests());
                    }
                    previous.add(old.digest());
                }
                Docs.AttachmentDoc doc = new Docs.AttachmentDoc(Json.FORMAT, model, number, name, blob.digest().toString(),
                        blob.size(), clock.instant(), by, previous);
                WriteResult w = r.isEmpty() ? records.createIfAbsent(Keys.ATTACHMENTS, key, Json.write(doc))
                        : records.compareAndSet(Keys.ATTACHMENTS, key, r.get().revision(), Json.write(doc));
                if (w.applied()) {
                    return toAttachment(doc);
                }
                backoff(attempt, "attaching " + name);
            }
        }, AttachmentAdded::new);
    }

    /** Opens an attachment (verifying its digest as it is read), or empty when there is none of that name. */
    public Optional<InputStream> openAttachment(String model, int number, String name) {
        return attachment(model, number, name).map(a -> blobs.get(a.digest()));
    }

    /** An attachment's description, or empty. */
    public Optional<AttachmentInfo> attachment(String model, int number, String name) {
        checkName("model", model);
        dev.mlops.registry.spi.Names.checkKey(name);
        String key = Keys.version(model, number) + "/" + name;
        return records.get(Keys.ATTACHMENTS, key)
                .map(r -> toAttachment(Json.read(r.document(), Docs.AttachmentDoc.class, Keys.ATTACHMENTS + "/" + key)));
    }

    /** Every attachment of a version, by name. */
    public List<AttachmentInfo> attachments(String model, int number) {
        checkName("model", model);
        List<AttachmentInfo> out = new ArrayList<>();
        for (String key : listAll(Keys.ATTACHMENTS, Keys.version(model, number) + "/")) {
            skipUnreadable(Keys.ATTACHMENTS + "/" + key, () -> records.get(Keys.ATTACHMENTS, key).map(r ->
                    toAttachment(Json.read(r.document(), Docs.AttachmentDoc.class, Keys.ATTACHMENTS + "/" + key))))
                    .flatMap(x -> x).ifPresent(out::add);
        }
        return out;
    }

    /**
     * For listings: reads one record, or skips it with a logged warning when it is damaged, so one bad record does
     * not hide all the others. A caller that asks for that record by name still gets a clear error; verify() lists
     * every damaged record. A store that cannot be reached still fails the listing.
     */
    static <T> Optional<T> skipUnreadable(String what, java.util.function.Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (dev.mlops.registry.spi.StoreUnavailableException e) {
            throw e;
        } catch (RegistryException | IllegalArgumentException | NullPointerException e) {
            LOG.warn("Skipping the unreadable record {} in a listing; run verify() for every damaged record: {}",
                    what, e.getMessage());
            return Optional.empty();
        }
    }

    private static AttachmentInfo toAttachment(Docs.AttachmentDoc d) {
        return new AttachmentInfo(d.model(), d.version(), d.name(), Digest.parse(d.digest()), d.size(), d.createdAt(),
                d.createdBy());
    }

    // ------------------------------------------------------------------ extension collections

    /**
     * A named collection of JSON documents with revision semantics, for modules that keep their own records through
     * the registry (e.g. {@code pipeline-runs}, {@code approvals}). Names: 1–61 characters, a-z first, then a-z, 0-9,
     * '_' or '-'.
     */
    public RecordCollection collection(String name) {
        return new RecordCollection(this, name);
    }

    // ------------------------------------------------------------------ aliases

    /**
     * Moves (or first sets) {@code alias} of {@code model} to {@code version}, recording who and why. Concurrent moves
     * are serialised by compare-and-set on the history (retried with backoff): none is lost, none tears.
     *
     * @throws NotFoundException        when the version does not exist
     * @throws ArchivedException        when the version is archived
     * @throws AliasProtectedException  when the alias policy refuses
     */
    public AliasMove setAlias(String model, String alias, int version, String actor, String reason) {
        checkName("model", model);
        checkName("alias", alias);
        Objects.requireNonNull(reason, "reason");
        requireAliasTarget(model, version);
        return moveAlias(model, alias, OptionalInt.of(version), actorOrDefault(actor), reason, AliasMove.Kind.MOVE, -1);
    }

    private void requireAliasTarget(String model, int version) {
        if (versionDoc(model, version).isEmpty()) {
            throw noVersion(model, version);
        }
        if (versionMeta(model, version).map(e -> Boolean.TRUE.equals(e.getValue().archived())).orElse(false)) {
            throw new ArchivedException("Version " + model + ":" + version + " is archived; an alias may not point at it."
                    + " Choose another version.");
        }
    }

    /**
     * Moves {@code alias} back to the version it pointed at before its latest move (clearing it if it pointed
     * nowhere). The rollback is itself a recorded move, so two rollbacks return to where you started (as
     * {@code kubectl rollout undo} does).
     *
     * @throws NotFoundException   when the alias has no history
     * @throws ConflictException   when the alias moved while the rollback was being written (re-check, then retry)
     */
    public AliasMove rollback(String model, String alias, String actor, String reason) {
        checkName("model", model);
        checkName("alias", alias);
        Objects.requireNonNull(reason, "reason");
        AliasState s = aliasState(model, alias);
        if (s.latest == null) {
            throw new NotFoundException("Alias '" + alias + "' of model '" + model + "' has never been set; nothing to roll back");
        }
        OptionalInt target = s.latest.from();
        if (target.isPresent()) {
            requireAliasTarget(model, target.getAsInt());
        }
        return moveAlias(model, alias, target, actorOrDefault(actor), reason, AliasMove.Kind.ROLLBACK, s.latest.sequence());
    }

    private AliasMove moveAlias(String model, String alias, OptionalInt to, String actor, String reason,
                                AliasMove.Kind kind, long expectedSeq) {
        String headKey = Keys.alias(model, alias);
        if (records.get(Keys.ALIASES, headKey).isEmpty()) {
            // created before any history entry so that listing aliases finds every alias; harmless if we stop here
            records.createIfAbsent(Keys.ALIASES, headKey,
                    Json.write(new Docs.AliasHeadDoc(Json.FORMAT, 0, null, null, null)));
        }
        for (int attempt = 0; ; attempt++) {
            AliasState s = aliasState(model, alias);
            if (expectedSeq >= 0 && s.seq != expectedSeq) {
                throw new ConflictException("Alias '" + alias + "' of model '" + model + "' moved (to entry " + s.seq
                        + ") while rolling back entry " + expectedSeq + "; check its history and retry", expectedSeq, s.seq);
            }
            OptionalInt from = s.latest == null ? OptionalInt.empty() : s.latest.to();
            AliasChange change = new AliasChange(model, alias, from, to, actor, reason, kind);
            String refusal;
            try {
                refusal = aliasPolicy.refusal(change);
            } catch (RuntimeException e) {
                LOG.warn("Alias policy threw on {}; refusing the move", change, e);
                refusal = "the policy failed: " + e;
            }
            if (refusal != null && !refusal.isEmpty()) {
                LOG.info("event=gate.decision gate=alias.policy decision=refused model={} alias={} from={} to={} "
                                + "actor={} reason={}", logValue(model), logValue(alias), version(from), version(to),
                        logValue(actor), logValue(refusal));
                throw new AliasProtectedException(model, alias, actor, refusal);
            }
            Instant now = clock.instant();
            Instant at = s.latest != null && now.isBefore(s.latest.at()) ? s.latest.at() : now;
            long seq = s.seq + 1;
            Docs.AliasEntryDoc entry = new Docs.AliasEntryDoc(Json.FORMAT, model, alias, seq,
                    from.isPresent() ? from.getAsInt() : null, to.isPresent() ? to.getAsInt() : null, at, actor, reason,
                    kind.name().toLowerCase(java.util.Locale.ROOT),
                    s.latest == null ? null : s.latest.hash().toString());
            byte[] bytes = Json.write(entry);
            String entryKey = Keys.aliasEntry(model, alias, seq);
            AliasMove committed = commitThenPublish(() -> {
                if (records.createIfAbsent(Keys.ALIAS_HISTORY, entryKey, bytes).applied()) {
                    AliasMove m = toAliasMove(entry, Digest.sha256(bytes));
                    cache("a:" + entryKey, m);
                    return m;
                }
                return null;
            }, AliasMoved::new);
            if (committed != null) {
                advanceAliasHead(headKey, committed);
                LOG.info("event=alias.moved model={} alias={} from={} to={} kind={} seq={} actor={} reason={}",
                        logValue(model), logValue(alias), version(from), version(to),
                        kind.name().toLowerCase(java.util.Locale.ROOT), seq, logValue(actor), logValue(reason));
                return committed;
            }
            if (expectedSeq >= 0) {
                continue; // re-read; the check above throws the conflict
            }
            backoff(attempt, "moving alias '" + alias + "' of model '" + model + "'");
        }
    }

    private static String version(OptionalInt v) {
        return v.isPresent() ? Integer.toString(v.getAsInt()) : "none";
    }

    /** A logfmt value: bare when it is one plain token, else double-quoted with quotes and backslashes escaped. */
    static String logValue(Object v) {
        String s = String.valueOf(v);
        if (!s.isEmpty() && s.chars().allMatch(c -> c > ' ' && c != '"' && c != '=' && c != '\\' && c < 127)) {
            return s;
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private void advanceAliasHead(String headKey, AliasMove m) {
        byte[] doc = Json.write(new Docs.AliasHeadDoc(Json.FORMAT, m.sequence(),
                m.to().isPresent() ? m.to().getAsInt() : null, m.hash().toString(), m.at()));
        for (int attempt = 0; attempt < 20; attempt++) {
            Optional<VersionedRecord> r = records.get(Keys.ALIASES, headKey);
            if (r.isEmpty()) {
                if (records.createIfAbsent(Keys.ALIASES, headKey, doc).applied()) {
                    return;
                }
                continue;
            }
            Docs.AliasHeadDoc h = Json.read(r.get().document(), Docs.AliasHeadDoc.class, Keys.ALIASES + "/" + headKey);
            if (h.seq() >= m.sequence() || records.compareAndSet(Keys.ALIASES, headKey, r.get().revision(), doc).applied()) {
                return;
            }
        }
    }

    private record AliasState(long seq, AliasMove latest) {
    }

    /** The latest committed entry: the head is a hint; entries after it are found by probing forward. */
    private AliasState aliasState(String model, String alias) {
        String headKey = Keys.alias(model, alias);
        long seq = records.get(Keys.ALIASES, headKey)
                .map(r -> Json.read(r.document(), Docs.AliasHeadDoc.class, Keys.ALIASES + "/" + headKey).seq())
                .orElse(0L);
        AliasMove latest = seq > 0 ? aliasEntry(model, alias, seq).orElse(null) : null;
        while (true) {
            Optional<AliasMove> next = aliasEntry(model, alias, seq + 1);
            if (next.isEmpty()) {
                break;
            }
            latest = next.get();
            seq++;
        }
        return new AliasState(seq, latest);
    }

    private Optional<AliasMove> aliasEntry(String model, String alias, long seq) {
        String key = Keys.aliasEntry(model, alias, seq);
        Object cached = ctx.cached("a:" + key);
        if (cached instanceof AliasMove m) {
            return Optional.of(m);
        }
        Optional<AliasMove> m = records.get(Keys.ALIAS_HISTORY, key).map(r -> {
            byte[] bytes = r.document();
            return toAliasMove(Json.read(bytes, Docs.AliasEntryDoc.class, Keys.ALIAS_HISTORY + "/" + key), Digest.sha256(bytes));
        });
        m.ifPresent(x -> cache("a:" + key, x));
        return m;
    }

    private static AliasMove toAliasMove(Docs.AliasEntryDoc e, Digest hash) {
        return new AliasMove(e.model(), e.alias(), e.seq(),
                e.from() == null ? OptionalInt.empty() : OptionalInt.of(e.from()),
                e.to() == null ? OptionalInt.empty() : OptionalInt.of(e.to()), e.at(), e.actor() == null ? "" : e.actor(),
                e.reason() == null ? "" : e.reason(),
                "rollback".equals(e.kind()) ? AliasMove.Kind.ROLLBACK : AliasMove.Kind.MOVE,
                Optional.ofNullable(e.previousHash()).map(Digest::parse), hash);
    }

    /** The version {@code alias} points at now, or empty when it is unset (or was cleared by a rollback). */
    public OptionalInt resolve(String model, String alias) {
        checkName("model", model);
        checkName("alias", alias);
        AliasState s = aliasState(model, alias);
        return s.latest == null ? OptionalInt.empty() : s.latest.to();
    }

    /**
     * The version {@code alias} pointed at at instant {@code asOf} (the target of the last move at or before it), or
     * empty when it pointed nowhere then. A binary search over the immutable history: a few reads for any length.
     */
    public OptionalInt resolve(String model, String alias, Instant asOf) {
        checkName("model", model);
        checkName("alias", alias);
        Objects.requireNonNull(asOf, "asOf");
        AliasState s = aliasState(model, alias);
        long lo = 1;
        long hi = s.seq;
        AliasMove found = null;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            AliasMove m = aliasEntry(model, alias, mid).orElseThrow(() -> new RegistryException(
                    "Alias history of '" + alias + "' of model '" + model + "' is missing entry " + mid + "; run verify"));
            if (m.at().isAfter(asOf)) {
                hi = mid - 1;
            } else {
                found = m;
                lo = mid + 1;
            }
        }
        return found == null ? OptionalInt.empty() : found.to();
    }

    /** The version {@code alias} points at now. @throws NotFoundException when it is unset */
    public ModelVersion resolveVersion(String model, String alias) {
        OptionalInt v = resolve(model, alias);
        if (v.isEmpty()) {
            throw new NotFoundException("Alias '" + alias + "' of model '" + model + "' does not point at a version. "
                    + "Set it with 'mlops registry alias set " + model + " " + alias + " VERSION --reason ...'.");
        }
        return version(model, v.getAsInt());
    }

    /**
     * A number that grows with every move of the alias (0 before the first): cheap to poll (two record reads), so
     * endpoints in other processes can follow an alias.
     */
    public long aliasRevision(String model, String alias) {
        checkName("model", model);
        checkName("alias", alias);
        return aliasState(model, alias).seq;
    }

    /** The whole history of {@code alias}, oldest first, with its hash chain checked. */
    public AliasHistory aliasHistory(String model, String alias) {
        checkName("model", model);
        checkName("alias", alias);
        List<AliasMove> moves = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String key : listAll(Keys.ALIAS_HISTORY, Keys.alias(model, alias) + "/")) {
            try {
                VersionedRecord r = records.get(Keys.ALIAS_HISTORY, key).orElse(null);
                if (r != null) {
                    byte[] bytes = r.document();
                    moves.add(toAliasMove(Json.read(bytes, Docs.AliasEntryDoc.class, Keys.ALIAS_HISTORY + "/" + key),
                            Digest.sha256(bytes)));
                }
            } catch (RuntimeException e) {
                problems.add(key + ": unreadable entry: " + e.getMessage());
            }
        }
        problems.addAll(AliasHistory.verifyChain(moves));
        checkAliasHead(Keys.alias(model, alias), moves, problems);
        return new AliasHistory(model, alias, moves, problems);
    }

    /**
     * Checks the alias record (the head) against the chain: the head names the sequence and hash of an entry it has
     * seen committed, so an entry it names that is gone (the end of the history was cut off) or whose bytes no longer
     * hash to what it recorded (the entry was edited, even with a valid checksum) breaks the chain. The head may lag
     * behind the last entry (a crash between an entry's commit and the head's update), never run ahead of it.
     */
    private void checkAliasHead(String headKey, List<AliasMove> moves, List<String> problems) {
        Optional<VersionedRecord> r = records.get(Keys.ALIASES, headKey);
        if (r.isEmpty()) {
            return;
        }
        Docs.AliasHeadDoc head;
        try {
            head = Json.read(r.get().document(), Docs.AliasHeadDoc.class, Keys.ALIASES + "/" + headKey);
        } catch (RuntimeException e) {
            problems.add("the alias record is unreadable: " + e.getMessage());
            return;
        }
        if (head.seq() <= 0) {
            return;
        }
        long last = moves.isEmpty() ? 0 : moves.get(moves.size() - 1).sequence();
        if (head.seq() > last) {
            problems.add("the alias record names entry " + head.seq() + " but the history ends at "
                    + (last == 0 ? "no entry" : "entry " + last) + " (entries were removed from its end)");
            return;
        }
        AliasMove named = moves.stream().filter(m -> m.sequence() == head.seq()).findFirst().orElse(null);
        if (named == null) {
            return; // a gap at that sequence is reported by the chain check
        }
        if (head.hash() != null && !head.hash().equals(named.hash().toString())) {
            problems.add("entry " + head.seq() + " hashes to " + named.hash() + " but the alias record recorded "
                    + head.hash() + " (the entry or the alias record was edited)");
        }
        Integer to = named.to().isPresent() ? named.to().getAsInt() : null;
        if (!java.util.Objects.equals(to, head.version())) {
            problems.add("the alias record points at version " + head.version() + " but entry " + head.seq()
                    + " moved the alias to " + to);
        }
    }

    /** A handle on one alias. */
    public AliasHandle alias(String model, String alias) {
        return new AliasHandle(this, checkName("model", model), checkName("alias", alias));
    }

    /** Every alias of {@code model} that points at a version, alias → version. */
    public Map<String, Integer> aliases(String model) {
        checkName("model", model);
        Map<String, Integer> out = new TreeMap<>();
        for (String key : listAll(Keys.ALIASES, model + "/")) {
            String alias = key.substring(model.length() + 1);
            if (alias.contains("/")) {
                continue;
            }
            resolve(model, alias).ifPresent(v -> out.put(alias, v));
        }
        return out;
    }

    // ------------------------------------------------------------------ compare, verify

    /** The differences between two versions of a model. */
    public VersionComparison compare(String model, int from, int to) {
        ModelVersion a = version(model, from);
        ModelVersion b = version(model, to);
        List<String> sig = new ArrayList<>();
        diffValues("input", a.signature().inputs(), b.signature().inputs(), sig);
        diffValues("output", a.signature().outputs(), b.signature().outputs(), sig);
        List<String> lin = new ArrayList<>();
        Lineage la = a.lineage();
        Lineage lb = b.lineage();
        for (DatasetRef d : la.datasets()) {
            if (!lb.datasets().contains(d)) {
                lin.add("data set removed: " + d);
            }
        }
        for (DatasetRef d : lb.datasets()) {
            if (!la.datasets().contains(d)) {
                lin.add("data set added: " + d);
            }
        }
        if (!la.codeRevision().equals(lb.codeRevision())) {
            lin.add("code revision: " + la.codeRevision().orElse("(none)") + " -> " + lb.codeRevision().orElse("(none)"));
        }
        if (!la.parentVersion().equals(lb.parentVersion())) {
            lin.add("parent version: " + la.parentVersion() + " -> " + lb.parentVersion());
        }
        if (!la.runId().equals(lb.runId())) {
            lin.add("run: " + la.runId().orElse("(none)") + " -> " + lb.runId().orElse("(none)"));
        }
        return new VersionComparison(model, from, to, diffMaps(a.params(), b.params()), diffMaps(a.metrics(), b.metrics()),
                diffMaps(a.tags(), b.tags()), sig, lin, !a.artifact().digest().equals(b.artifact().digest()));
    }

    private static void diffValues(String what, List<ValueInfo> a, List<ValueInfo> b, List<String> out) {
        Map<String, ValueInfo> ma = new LinkedHashMap<>();
        a.forEach(v -> ma.put(v.name(), v));
        Map<String, ValueInfo> mb = new LinkedHashMap<>();
        b.forEach(v -> mb.put(v.name(), v));
        ma.forEach((n, v) -> {
            ValueInfo w = mb.get(n);
            if (w == null) {
                out.add(what + " removed: " + v);
            } else if (!w.equals(v)) {
                out.add(what + " changed: " + v + " -> " + w);
            }
        });
        mb.forEach((n, w) -> {
            if (!ma.containsKey(n)) {
                out.add(what + " added: " + w);
            }
        });
    }

    static Map<String, VersionComparison.Change> diffMaps(Map<String, ?> a, Map<String, ?> b) {
        Map<String, VersionComparison.Change> out = new TreeMap<>();
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            Object x = a.get(k);
            Object y = b.get(k);
            if (!Objects.equals(x, y)) {
                out.put(k, new VersionComparison.Change(Optional.ofNullable(x), Optional.ofNullable(y)));
            }
        }
        return out;
    }

    /**
     * Checks the whole store like {@code git fsck}: re-hashes every blob, parses every record, checks that every
     * reference resolves, that version numbers are 1..n and that every alias history chain verifies. Changes nothing.
     */
    public VerifyReport verify() {
        return verifier.verify();
    }

    // ------------------------------------------------------------------ data sets

    /** The data sets: versions, lineage, files, usage, archive. */
    public Datasets datasets() {
        return ctx.datasets;
    }

    // ------------------------------------------------------------------ runs

    /** The experiment runs: start, read, search, compare. */
    public Runs runs() {
        return ctx.runs;
    }

    // ------------------------------------------------------------------ gc, export, import

    /**
     * Deletes blobs no live record references and that were last put more than the grace period ago; archived
     * versions' bytes count as unreferenced once the archive retention has passed. With {@code dryRun}, only reports.
     */
    public GcReport gc(boolean dryRun) {
        return gc.gc(dryRun);
    }

    /** Writes version {@code number} of {@code model} (artifact, metadata, lineage records) as one portable archive. */
    public void exportVersion(String model, int number, java.io.OutputStream out) {
        archives.exportVersion(model, number, out);
    }

    /**
     * Writes version {@code number} of {@code model} as an archive file, all or nothing: to a temporary file beside
     * {@code file}, renamed into place on success, so a failed export leaves any previous file there untouched.
     */
    public void exportVersion(String model, int number, Path file) {
        // a temporary file beside it, renamed on success: a failed export leaves a previous archive untouched
        dev.mlops.registry.io.AtomicOutput.write(file, out -> exportVersion(model, number, out));
    }

    /**
     * Imports an archive written by {@link #exportVersion}: verifies every digest, registers the version with the next
     * number of the target model and records its origin. Importing the same archive twice is refused.
     *
     * @throws ConflictException when this archive was already imported
     */
    public ModelVersion importVersion(Path archive, String actor) {
        return archives.importVersion(archive, actorOrDefault(actor));
    }

    // ------------------------------------------------------------------ plumbing

    List<String> listAll(String collection, String prefix) {
        return ctx.listAll(collection, prefix);
    }

    static <T> List<T> allPages(java.util.function.Function<String, Page<T>> page) {
        return RegistryContext.allPages(page);
    }

    static void backoff(int attempt, String what) {
        if (attempt >= MAX_ALIAS_ATTEMPTS) {
            throw new ConflictException("Gave up " + what + " after " + attempt + " attempts: other writers keep winning",
                    -1, -1);
        }
        long capMillis = Math.min(50, 1L << Math.min(attempt, 6));
        long sleep = ThreadLocalRandom.current().nextLong(capMillis + 1);
        if (sleep > 0) {
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("Interrupted while " + what, e);
            }
        } else {
            Thread.onSpinWait();
        }
    }

}
