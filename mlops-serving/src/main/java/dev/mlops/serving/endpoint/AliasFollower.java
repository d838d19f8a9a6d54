package dev.mlops.serving.endpoint;

import dev.mlops.serving.internal.DaemonThreads;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.ServingException;
import dev.mlops.serving.ModelCache;
import dev.mlops.serving.internal.ServingInternals;
import dev.mlops.serving.ModelOptions;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.registry.event.AliasMoved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps an endpoint variant on the version a registry alias points at (e.g. {@code production} of model
 * {@code fraud}), swapping it when the alias moves, rollbacks included. Moves made in this process arrive as registry
 * events and are acted on at once; moves made by other processes are found by polling the alias record's revision
 * ({@link Registry#aliasRevision}, two record reads) every {@link Builder#pollInterval(Duration)}. The new version is
 * loaded and warmed in the background (on the follower's scheduler) before the swap; a failed load keeps the current
 * model and is retried at the next poll. Thread-safe.
 *
 * <p>Threads: the scheduler given to {@link Builder#scheduler}, else one daemon thread
 * ({@code mlops-alias-<model>-<alias>}) that {@link #close()} stops. Closing the follower leaves the variant as it is;
 * closing the endpoint stops the follower at its next check.
 */
public final class AliasFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AliasFollower.class);

    private final Endpoint endpoint;
    private final String variant;
    private final Registry registry;
    private final String model;
    private final String alias;
    private final ModelOptions options;
    private final ModelCache cache;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final AutoCloseable subscription;
    private final ScheduledFuture<?> polling;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong swaps = new AtomicLong();
    private volatile boolean closed;
    /** Guarded by {@code this}: the revision and version last applied. */
    private long appliedRevision = -1;
    private int appliedVersion = -1;

    private AliasFollower(Builder b) {
        this.endpoint = b.endpoint;
        this.variant = b.variant;
        this.registry = b.registry;
        this.model = b.model;
        this.alias = b.alias;
        this.options = b.options;
        this.cache = b.cache;
        if (b.initialVersion > 0) {
            appliedVersion = b.initialVersion; // loaded by the endpoint's builder: no second load, no swap
            appliedRevision = b.initialRevision;
        } else {
            check(); // the first version is loaded on the caller's thread, so the variant exists when start() returns
        }
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownScheduler = false;
        } else {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1,
                    DaemonThreads.factory("mlops-alias-" + model + "-" + alias));
            s.setRemoveOnCancelPolicy(true);
            this.scheduler = s;
            this.ownScheduler = true;
        }
        this.subscription = registry.addListener(event -> {
            if (event instanceof AliasMoved) {
                AliasMoved m = (AliasMoved) event;
                if (m.move().model().equals(model) && m.move().alias().equals(alias) && !closed) {
                    try {
                        scheduler.execute(this::checkQuietly);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        LOG.debug("alias follower of {}/{} is shutting down", model, alias);
                    }
                }
            }
        });
        long p = b.pollInterval.toNanos();
        this.polling = scheduler.scheduleWithFixedDelay(this::checkQuietly, p, p, TimeUnit.NANOSECONDS);
    }

    /**
     * A builder that keeps {@code variant} of {@code endpoint} on the version {@code alias} of {@code model} points
     * at in {@code registry}.
     */
    public static Builder builder(Endpoint endpoint, String variant, Registry registry, String model, String alias) {
        return new Builder(endpoint, variant, registry, model, alias);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (EndpointClosedException e) {
            close();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("following alias {}/{} for endpoint '{}' failed; keeping the current model: {}", model, alias,
                    endpoint.name(), e.toString());
        }
    }

    /** Applies the alias's current version if it changed. Serialised. */
    private synchronized void check() {
        if (closed) {
            return;
        }
        long revision = registry.aliasRevision(model, alias);
        if (revision == appliedRevision) {
            return;
        }
        OptionalInt version = registry.resolve(model, alias);
        if (version.isEmpty()) {
            if (appliedVersion < 0) {
                throw new ServingException("alias '" + alias + "' of model '" + model
                        + "' does not point at a version; set it before following it");
            }
            LOG.warn("alias {}/{} no longer points at a version; endpoint '{}' keeps version {}", model, alias,
                    endpoint.name(), appliedVersion);
            appliedRevision = revision;
            return;
        }
        int v = version.getAsInt();
        if (v != appliedVersion) {
            endpoint.putVariant(variant, () -> load(v));
            if (appliedVersion >= 0) {
                swaps.incrementAndGet();
            }
            LOG.info("endpoint '{}' variant '{}' now serves {}:{} (alias {}, revision {})", endpoint.name(), variant,
                    model, v, alias, revision);
            appliedVersion = v;
        }
        appliedRevision = revision;
    }

    private LoadedModel load(int version) {
        return load(registry, model, version, options, cache);
    }

    /** Loads a registry version for serving, through {@code cache} when given (keeping name and version). */
    static LoadedModel load(Registry registry, String model, int version, ModelOptions options, ModelCache cache) {
        if (cache != null) {
            ModelVersion mv = registry.version(model, version);
            return cache.acquire(mv, () -> ServingInternals.models().registryBytes(registry, model, version));
        }
        ModelOptions o = options.name() != null ? options : options.toBuilder().name(model + ":" + version).build();
        return Models.load(registry, model, version, o);
    }

    /** The version the variant serves now (as far as this follower applied it). */
    public synchronized int currentVersion() {
        return appliedVersion;
    }

    /** Swaps done after the first load. */
    public long swaps() {
        return swaps.get();
    }

    /** Checks that failed (the variant kept its model). */
    public long failures() {
        return failures.get();
    }

    /** Stops following: unsubscribes, stops polling and the follower's own thread. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("unsubscribing from the registry failed: {}", e.toString());
        }
        polling.cancel(false);
        if (ownScheduler) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "AliasFollower[" + model + "/" + alias + " -> " + endpoint.name() + "/" + variant + ", version "
                + appliedVersion + (closed ? ", closed" : "") + "]";
    }

    /** Builds and starts an {@link AliasFollower}. Not thread-safe. */
    public static final class Builder {
        private final Endpoint endpoint;
        private final String variant;
        private final Registry registry;
        private final String model;
        private final String alias;
        private Duration pollInterval = Duration.ofSeconds(10);
        private ScheduledExecutorService scheduler;
        private ModelOptions options = ModelOptions.builder().warmUpRuns(1).build();
        private ModelCache cache;
        private int initialVersion;
        private long initialRevision;

        private Builder(Endpoint endpoint, String variant, Registry registry, String model, String alias) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.variant = Objects.requireNonNull(variant, "variant");
            this.registry = Objects.requireNonNull(registry, "registry");
            this.model = Objects.requireNonNull(model, "model");
            this.alias = Objects.requireNonNull(alias, "alias");
        }

        /** How often the alias revision is polled for moves made by other processes (default 10 s). */
        public Builder pollInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("pollInterval must be positive, given " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /** Runs polling and loading on {@code scheduler} (not shut down by the follower). */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Options for loaded versions (default: one warm-up run). Ignored when a cache is set (it has its own). */
        public Builder options(ModelOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Shares sessions by artifact digest through {@code cache}. */
        public Builder cache(ModelCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** The variant already serves {@code version}, read at alias revision {@code revision}: start from there. */
        Builder initial(int version, long revision) {
            this.initialVersion = version;
            this.initialRevision = revision;
            return this;
        }

        /**
         * Loads the alias's current version into the variant (on this thread) and starts following.
         *
         * @throws ServingException if the alias does not resolve or the first load fails
         */
        public AliasFollower start() {
            return new AliasFollower(this);
        }
    }
}
