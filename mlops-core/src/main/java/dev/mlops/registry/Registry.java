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

    final Store store;
    final RecordStore records;
    final BlobStore blobs;
    final Clock clock;
    private final AliasPolicy aliasPolicy;
    private final boolean ownsStore;
    final Duration gcGracePeriod;
    final Duration archiveRetention;
    final RegistryContext ctx;
    private final Maintenance maintenance;

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
        this.ctx.aliasPolicy = b.aliasPolicy;
        this.ctx.models = new ModelCatalog(ctx);
        this.ctx.versions = new VersionLog(ctx);
        this.ctx.aliases = new AliasLog(ctx);
        this.ctx.attachments = new Attachments(ctx);
        this.ctx.comparisons = new Comparisons(ctx);
        this.ctx.datasets = new DatasetCatalog(ctx);
        this.maintenance = new MaintenanceView(new Verifier(ctx), new GarbageCollector(ctx), new Archives(ctx));
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
     * it. Events of one model (data set, experiment) arrive in commit order, one at a time; events of different models
     * may arrive concurrently on the threads that made the changes, so a listener must be thread-safe.
     */
    public AutoCloseable addListener(RegistryListener listener) {
        return ctx.events.add(listener);
    }

    /** How many times a listener threw (each logged). */
    public long listenerFailures() {
        return ctx.events.failures();
    }

    // ------------------------------------------------------------------ models

    /** Starts registering a new version of {@code model} (created on first registration). */
    public VersionRegistration register(String model) {
        return ctx.models.register(model);
    }

    /** A handle on one model (it need not exist yet). */
    public Model model(String name) {
        return ctx.models.model(name);
    }

    /** The model's metadata. @throws NotFoundException when there is no such model */
    public ModelInfo modelInfo(String model) {
        return ctx.models.modelInfo(model);
    }

    /** The model's metadata, or empty. */
    public Optional<ModelInfo> findModel(String model) {
        return ctx.models.findModel(model);
    }

    /** Every model, by name. */
    public List<ModelInfo> models() {
        return ctx.models.models();
    }

    /** Models whose name starts with {@code namePrefix} ("" for all) and that carry every tag in {@code tags}. */
    public List<ModelInfo> findModels(String namePrefix, Map<String, String> tags) {
        return ctx.models.findModels(namePrefix, tags);
    }

    // ------------------------------------------------------------------ versions

    /** The highest committed version number of {@code model}, 0 when it has none. */
    public int latestNumber(String model) {
        return ctx.versions.latestNumber(model);
    }

    /** The latest version of {@code model}, or empty when it has none. Costs a few record reads, whatever the count. */
    public Optional<ModelVersion> latest(String model) {
        return ctx.versions.latest(model);
    }

    /** Version {@code number} of {@code model}. @throws NotFoundException when it does not exist */
    public ModelVersion version(String model, int number) {
        return ctx.versions.version(model, number);
    }

    /** Version {@code number} of {@code model}, or empty. */
    public Optional<ModelVersion> findVersion(String model, int number) {
        return ctx.versions.findVersion(model, number);
    }

    /** Every version of {@code model}, oldest first. */
    public List<ModelVersion> versions(String model) {
        return ctx.versions.versions(model);
    }

    /**
     * One page of versions of {@code model}, oldest first; pass the page's token to get the next. Version numbers are
     * dense (1..latest), so a page costs {@code limit} record reads whatever the number of versions: no listing.
     */
    public Page<ModelVersion> versions(String model, String pageToken, int limit) {
        return ctx.versions.versions(model, pageToken, limit);
    }

    /** Opens the (single-file) artifact of a version; the stream verifies the digest as it is read. */
    public InputStream openArtifact(String model, int number) {
        return ctx.versions.openArtifact(model, number);
    }

    /** The files of a version's artifact (one entry for a single file). */
    public List<ArtifactFile> artifactFiles(String model, int number) {
        return ctx.versions.artifactFiles(model, number);
    }

    /** Opens any stored blob by digest (verifying). */
    public InputStream openBlob(Digest digest) {
        return ctx.versions.openBlob(digest);
    }

    /** Writes a version's artifact files into {@code directory}, verifying every digest. */
    public void checkout(String model, int number, Path directory) {
        ctx.versions.checkout(model, number, directory);
    }

    /** Sets a version's description; the old one stays in its edit history. */
    public ModelVersion describeVersion(String model, int number, String description, String actor) {
        return ctx.versions.describeVersion(model, number, description, actor);
    }

    /** Sets (or with a null value removes) a tag of a version; the edit is recorded. */
    public ModelVersion tagVersion(String model, int number, String key, String value, String actor) {
        return ctx.versions.tagVersion(model, number, key, value, actor);
    }

    /** The recorded metadata edits of a version, oldest first. */
    public List<MetadataEdit> versionEdits(String model, int number) {
        return ctx.versions.versionEdits(model, number);
    }

    /**
     * Archives a version: it stays listed (its number is never reused), no alias may point at it, and its bytes
     * become collectable by {@link Maintenance#gc} once the archive retention has passed (unless another live record uses
     * them).
     *
     * @throws ArchivedException when an alias points at it (move the alias first)
     */
    public ModelVersion archiveVersion(String model, int number, String actor, String reason) {
        return ctx.versions.archiveVersion(model, number, actor, reason);
    }

    // ------------------------------------------------------------------ attachments

    /** Attaches {@code content} to a version under {@code name} (replacing an earlier attachment of that name). */
    public AttachmentInfo attach(String model, int number, String name, byte[] content) {
        return ctx.attachments.attach(model, number, name, content);
    }

    /**
     * Attaches the rest of {@code in} (not closed) to a version. Attaching does not change the version's identity;
     * a replaced attachment's digest is kept in the record's history.
     */
    public AttachmentInfo attach(String model, int number, String name, InputStream in, String actor) {
        return ctx.attachments.attach(model, number, name, in, actor);
    }

    /** Opens an attachment (verifying its digest as it is read), or empty when there is none of that name. */
    public Optional<InputStream> openAttachment(String model, int number, String name) {
        return ctx.attachments.openAttachment(model, number, name);
    }

    /** An attachment's description, or empty. */
    public Optional<AttachmentInfo> attachment(String model, int number, String name) {
        return ctx.attachments.attachment(model, number, name);
    }

    /** Every attachment of a version, by name. */
    public List<AttachmentInfo> attachments(String model, int number) {
        return ctx.attachments.attachments(model, number);
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
        return ctx.aliases.setAlias(model, alias, version, actor, reason);
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
        return ctx.aliases.rollback(model, alias, actor, reason);
    }

    /** The version {@code alias} points at now, or empty when it is unset (or was cleared by a rollback). */
    public OptionalInt resolve(String model, String alias) {
        return ctx.aliases.resolve(model, alias);
    }

    /** The version {@code alias} points at now. @throws NotFoundException when it is unset */
    public ModelVersion resolveVersion(String model, String alias) {
        return ctx.aliases.resolveVersion(model, alias);
    }

    /**
     * A number that grows with every move of the alias (0 before the first): cheap to poll (two record reads), so
     * endpoints in other processes can follow an alias.
     */
    public long aliasRevision(String model, String alias) {
        return ctx.aliases.aliasRevision(model, alias);
    }

    /** The whole history of {@code alias}, oldest first, with its hash chain checked. */
    public AliasHistory aliasHistory(String model, String alias) {
        return ctx.aliases.aliasHistory(model, alias);
    }

    /** A handle on one alias. */
    public AliasHandle alias(String model, String alias) {
        return ctx.aliases.alias(model, alias);
    }

    /** Every alias of {@code model} that points at a version, alias → version. */
    public Map<String, Integer> aliases(String model) {
        return ctx.aliases.aliases(model);
    }

    // ------------------------------------------------------------------ compare, verify

    /** The differences between two versions of a model. */
    public VersionComparison compare(String model, int from, int to) {
        return ctx.comparisons.compare(model, from, to);
    }

    /** Whole-store operations: garbage collection, verification, export and import. */
    public Maintenance maintenance() {
        return maintenance;
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

    // ------------------------------------------------------------------ plumbing

    List<String> listAll(String collection, String prefix) {
        return ctx.listAll(collection, prefix);
    }

    static <T> List<T> allPages(java.util.function.Function<String, Page<T>> page) {
        return RegistryContext.allPages(page);
    }


}
