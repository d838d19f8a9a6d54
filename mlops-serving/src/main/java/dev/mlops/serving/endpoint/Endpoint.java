package dev.mlops.serving.endpoint;

import dev.mlops.registry.Logfmt;
import dev.mlops.serving.internal.DaemonThreads;
import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.ModelLoadException;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.PredictionException;
import dev.mlops.serving.ServingException;
import dev.mlops.serving.batch.DeadlineExceededException;
import dev.mlops.serving.batch.OverloadedException;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Outputs;
import dev.mlops.registry.Registry;
import dev.mlops.serving.ModelCache;
import dev.mlops.serving.ModelClosedException;
import dev.mlops.serving.Provenance;
import dev.mlops.serving.batch.BatchingOptions;
import dev.mlops.serving.batch.DynamicBatcher;
import dev.mlops.serving.internal.BatcherClosed;
import dev.mlops.serving.internal.ServingInternals;
import dev.mlops.serving.internal.ThreadPools;
import dev.mlops.serving.routing.OutputComparator;
import dev.mlops.serving.routing.RampSchedule;
import dev.mlops.serving.routing.RoutingPolicy;
import dev.mlops.serving.routing.Mirroring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * A named set of model variants behind a routing policy: the object an application predicts through. Thread-safe:
 * {@code predict} may be called from any number of threads; it reads the current variants and policy from one
 * volatile snapshot (no lock), so a routing decision costs a hash lookup and a comparison or two. Administrative
 * changes ({@link #putVariant}, {@link #setPolicy}, {@link #removeVariant}) are serialised among themselves and
 * published atomically.
 *
 * <p>Hot swap is drain-safe: a request that started on a model finishes on it, and a replaced model's session is
 * closed only after its last call in flight returns. A failed load never replaces a working variant.
 *
 * <p>Threads: shadow mirrors run on the executor given to {@link Builder#shadowExecutor(Executor)}, else on a pool the
 * endpoint starts ({@code mlops-<endpoint>-shadow-N}, daemon, {@link Builder#shadowThreads(int)} threads, idle
 * threads exit after 30 s); timed canary ramps run on the scheduler given to {@link Builder#scheduler}, else on one
 * daemon thread the endpoint starts on first use ({@code mlops-<endpoint>-ramp}); with {@link Builder#batching} each
 * variant has a {@link DynamicBatcher}: blocking callers run batches on their own threads, and batches of
 * {@link #predictAsync} requests run on the batcher's threads ({@code mlops-batcher-<model>-N}, started on first use),
 * stopped when the variant is replaced or removed (after its queued requests complete). {@link #close()} stops whatever
 * the endpoint started and closes every variant's model (drain-safe); executors the caller supplied are left running.
 */
public final class Endpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);
    private static final ServingInternals.ModelOps MODELS = ServingInternals.models();
    private static final ServingInternals.BatcherOps BATCHERS = ServingInternals.batchers();

    /** A variant: its name and current model. */
    private static final class Variant {
        final String name;
        final LoadedModel model;
        final DynamicBatcher batcher;
        final VariantCounters counters;
        /** Who answers for this variant: precomputed, so outputs carry it without an allocation per request. */
        final Provenance provenance;
        final Provenance shadowProvenance;

        Variant(String endpoint, String name, LoadedModel model, VariantCounters counters, BatchingOptions batching) {
            this.name = name;
            this.model = model;
            this.counters = counters;
            this.provenance = model.provenance().at(endpoint, name);
            this.shadowProvenance = provenance.asShadow();
            this.batcher = batching == null ? null : BATCHERS.of(model, batching, counters, provenance);
        }

        Outputs tryPredict(Inputs inputs) {
            return batcher != null ? BATCHERS.tryPredict(batcher, inputs)
                    : MODELS.tryPredict(model, inputs, provenance);
        }

        void close() {
            if (batcher != null) {
                batcher.close(); // completes queued requests, then closes the model handle
            } else {
                model.close();
            }
        }
    }

    /** What predict reads: immutable. */
    private static final class State {
        final Map<String, Variant> variants;
        final RoutingPolicy policy;
        /** The policy's mirroring capability when it mirrors a positive fraction, else null: read once, here. */
        final Mirroring mirroring;
        final boolean closed;

        State(Map<String, Variant> variants, RoutingPolicy policy, boolean closed) {
            this.variants = variants;
            this.policy = policy;
            this.mirroring = policy.mirroring().filter(m -> m.fraction() > 0).orElse(null);
            this.closed = closed;
        }
    }

    private final String name;
    private volatile State state;
    private final Object admin = new Object();
    private final Map<String, VariantCounters> counters = new ConcurrentHashMap<>();
    private final Duration statsWindow;
    private final DoubleSupplier random;
    /** Every listener, each guarded on its own. */
    private final Listeners listeners;
    private final Executor shadowExecutor;
    private final ExecutorService ownShadowExecutor;
    private final Semaphore mirrorPermits;
    private final ScheduledExecutorService suppliedScheduler;
    private ScheduledExecutorService ownScheduler;
    private CanaryRamp ramp;
    private final BatchingOptions batching;
    /** Followers started by {@link Builder#follow}: closed with the endpoint. */
    private final List<AliasFollower> followers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Notified (under its monitor) whenever a variant's model changes: {@link #awaitVersion} waits on it. */
    private final Object served = new Object();

    private Endpoint(Builder b) {
        this.name = b.name;
        this.batching = b.batching;
        this.statsWindow = b.statsWindow;
        this.random = b.random;
        this.listeners = new Listeners(b.name);
        for (EndpointListener l : b.listeners) {
            listeners.add(l);
        }
        this.mirrorPermits = new Semaphore(b.maxPendingMirrors);
        if (b.shadowExecutor != null) {
            this.shadowExecutor = b.shadowExecutor;
            this.ownShadowExecutor = null;
        } else {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(b.shadowThreads, b.shadowThreads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), DaemonThreads.factory("mlops-" + name + "-shadow-"));
            pool.allowCoreThreadTimeOut(true);
            this.ownShadowExecutor = pool;
            this.shadowExecutor = pool;
        }
        this.suppliedScheduler = b.scheduler;
        long now = System.nanoTime();
        Map<String, Variant> vs = new HashMap<>();
        for (Map.Entry<String, LoadedModel> e : b.variants.entrySet()) {
            VariantCounters c = counters.computeIfAbsent(e.getKey(), k -> new VariantCounters(statsWindow, now));
            vs.put(e.getKey(), new Variant(name, e.getKey(), e.getValue(), c, batching));
        }
        this.state = new State(Collections.unmodifiableMap(vs), b.policy, false);
    }

    /** A builder for an endpoint named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The endpoint's name. */
    public String name() {
        return name;
    }

    // ------------------------------------------------------------------ prediction

    /**
     * Routes {@code inputs} by the policy (a random draw for weighted policies) and predicts.
     *
     * @throws InvalidInputException    if the inputs do not match the chosen variant's signature
     * @throws PredictionException      if ONNX Runtime failed
     * @throws EndpointClosedException  if the endpoint is closed
     */
    public Outputs predict(Inputs inputs) {
        return call(inputs, null, null);
    }

    /**
     * Routes {@code inputs} like {@link #predict(Inputs)} and predicts without blocking the caller when the chosen
     * variant batches ({@link Builder#batching}): the request joins the variant's {@link DynamicBatcher} queue and the
     * future completes on the thread that runs its batch (statistics, listener and shadow mirroring as for
     * {@code predict}). A variant that does not batch runs on the calling thread and returns a completed future.
     * A variant swapped out before the request ran routes it again.
     *
     * @throws InvalidInputException    at once, if the inputs do not match the chosen variant's signature
     * @throws OverloadedException      at once, if the chosen variant's batching queue is full
     * @throws EndpointClosedException  at once, if the endpoint is closed
     */
    public CompletableFuture<Outputs> predictAsync(Inputs inputs) {
        return callAsync(inputs, null);
    }

    /** Like {@link #predictAsync(Inputs)}, routing by {@code key} as {@link #predict(Inputs, String)} does. */
    public CompletableFuture<Outputs> predictAsync(Inputs inputs, String key) {
        return callAsync(inputs, Objects.requireNonNull(key, "key"));
    }

    private CompletableFuture<Outputs> callAsync(Inputs inputs, String key) {
        return callAsync(inputs, key, 1);
    }

    private CompletableFuture<Outputs> callAsync(Inputs inputs, String key, int firstAttempt) {
        Objects.requireNonNull(inputs, "inputs");
        for (int attempt = firstAttempt; ; attempt++) {
            State s = state;
            Variant v = route(s, key, null);
            long t0 = System.nanoTime();
            if (v.batcher == null) {
                Outputs out;
                try {
                    out = runOn(s, v, inputs, t0, true);
                } catch (InvalidInputException e) {
                    throw e;
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
                if (out == null) {
                    try {
                        retryOrFail(v, attempt); // swapped out after we read the state: route again
                    } catch (RuntimeException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                    continue;
                }
                return CompletableFuture.completedFuture(out);
            }
            CompletableFuture<Outputs> f;
            try {
                f = BATCHERS.submit(v.batcher, inputs, true);
            } catch (RuntimeException e) {
                failed(v, t0, e);
                throw e;
            }
            if (f == null) {
                try {
                    retryOrFail(v, attempt); // the variant was swapped out after we read the state: route again
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
                continue;
            }
            CompletableFuture<Outputs> result = new CompletableFuture<>();
            int attempt0 = attempt;
            f.whenComplete((out, err) -> {
                if (err instanceof BatcherClosed) {
                    try {
                        retryOrFail(v, attempt0);
                        callAsync(inputs, key, attempt0 + 1).whenComplete((o, e) -> {
                            if (e != null) {
                                result.completeExceptionally(e);
                            } else {
                                result.complete(o);
                            }
                        });
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                    return;
                }
                if (err != null) {
                    RuntimeException re = err instanceof RuntimeException ? (RuntimeException) err
                            : new PredictionException(v.model.name(), "batched run failed: " + err, err);
                    failed(v, t0, re);
                    result.completeExceptionally(re);
                    return;
                }
                answered(s, v, inputs, t0, out, true);
                result.complete(out);
            });
            return result;
        }
    }

    /**
     * Predicts for a one-input float model: {@code rows} become its input {@code [rows.length, width]} (the common
     * tabular case; see {@link Inputs#ofRows}).
     */
    public Outputs predict(float[][] rows) {
        return call(Inputs.ofRows(rows), null, null);
    }

    /** Routes by {@code key} (sticky policies assign every key to one variant; others ignore it) and predicts. */
    public Outputs predict(Inputs inputs, String key) {
        return call(inputs, Objects.requireNonNull(key, "key"), null);
    }

    /**
     * Predicts on the named variant, bypassing the policy (like a header naming the variant in HTTP serving; for
     * debugging and comparisons). Not mirrored to shadows.
     *
     * @throws NoSuchVariantException if there is no such variant
     */
    public Outputs predictOn(String variant, Inputs inputs) {
        return call(inputs, null, Objects.requireNonNull(variant, "variant"));
    }

    private Outputs call(Inputs inputs, String key, String override) {
        Objects.requireNonNull(inputs, "inputs");
        for (int attempt = 1; ; attempt++) {
            State s = state;
            Variant v = route(s, key, override);
            Outputs out = runOn(s, v, inputs, System.nanoTime(), override == null);
            if (out != null) {
                return out;
            }
            // the model was released after we read the state: swapped out (route again) or closed by the application
            retryOrFail(v, attempt);
        }
    }

    /** At most this many routes per request when models are released under it (swaps racing with the request). */
    static final int MAX_ROUTES = 16;

    /**
     * After {@code v}'s model turned out released: returns to route again if the variant was swapped meanwhile (a new
     * model serves it), else fails fast — the application closed a model the endpoint owns. Bounded either way.
     */
    private void retryOrFail(Variant v, int attempt) {
        State now = state;
        Variant current = now.closed ? null : now.variants.get(v.name);
        if (now.closed) {
            throw new EndpointClosedException(name);
        }
        if (current == v || attempt >= MAX_ROUTES) {
            ModelClosedException e = new ModelClosedException(name, v.name, v.model.name());
            failed(v, System.nanoTime(), e);
            throw e;
        }
    }

    /** The variant {@code override} names, else the one the policy picks for {@code key}. */
    private Variant route(State s, String key, String override) {
        if (s.closed) {
            throw new EndpointClosedException(name);
        }
        String chosen = override != null ? override : s.policy.route(key, random.getAsDouble());
        Variant v = s.variants.get(chosen);
        if (v == null) {
            throw new NoSuchVariantException(name, chosen, new ArrayList<>(s.variants.keySet()));
        }
        return v;
    }

    /** Predicts on {@code v} on this thread, with statistics; null if its model was released meanwhile. */
    private Outputs runOn(State s, Variant v, Inputs inputs, long t0, boolean mirror) {
        Outputs out;
        try {
            out = v.tryPredict(inputs);
        } catch (RuntimeException e) {
            failed(v, t0, e);
            throw e;
        }
        if (out != null) {
            answered(s, v, inputs, t0, out, mirror);
        }
        return out;
    }

    /** Statistics, listener and (if {@code mirror}) shadow mirroring for a request {@code v} answered. */
    private void answered(State s, Variant v, Inputs inputs, long t0, Outputs out, boolean mirror) {
        long t1 = System.nanoTime();
        v.counters.success(t1 - t0, t1);
        listeners.onRequest(v.provenance, t1 - t0, null, null);
        if (mirror) {
            listeners.onPrediction(v.provenance, inputs, out);
        }
        if (mirror && s.mirroring != null) {
            mirror(s, s.mirroring, v.name, inputs, out);
        }
    }

    /** Statistics and listener for a request {@code v} failed. */
    private void failed(Variant v, long t0, RuntimeException e) {
        long t1 = System.nanoTime();
        VariantStats.ErrorKind kind = kind(e);
        v.counters.error(kind, t1 - t0, t1);
        listeners.onRequest(v.provenance, t1 - t0, kind, e);
    }

    private static VariantStats.ErrorKind kind(RuntimeException e) {
        if (e instanceof InvalidInputException) {
            return VariantStats.ErrorKind.INVALID_INPUT;
        }
        if (e instanceof PredictionException) {
            return VariantStats.ErrorKind.PREDICTION;
        }
        if (e instanceof OverloadedException) {
            return VariantStats.ErrorKind.OVERLOADED;
        }
        if (e instanceof DeadlineExceededException) {
            return VariantStats.ErrorKind.DEADLINE;
        }
        return VariantStats.ErrorKind.OTHER;
    }

    private void mirror(State s, Mirroring policy, String primary, Inputs inputs, Outputs primaryOut) {
        if (random.getAsDouble() >= policy.fraction()) {
            return;
        }
        for (String shadowName : policy.shadows()) {
            Variant shadow = s.variants.get(shadowName);
            if (shadow == null || shadowName.equals(primary)) {
                continue;
            }
            if (!mirrorPermits.tryAcquire()) {
                dropped(shadow);
                continue;
            }
            try {
                shadowExecutor.execute(() -> runShadow(shadow, policy.comparator(), inputs, primaryOut));
            } catch (RejectedExecutionException e) {
                mirrorPermits.release();
                dropped(shadow);
            }
        }
    }

    private void dropped(Variant shadow) {
        shadow.counters.dropped.increment();
        listeners.onMirrorDropped(shadow.name);
    }

    private void runShadow(Variant shadow, OutputComparator comparator, Inputs inputs, Outputs primaryOut) {
        long t0 = System.nanoTime();
        try {
            Outputs answered = shadow.tryPredict(inputs);
            if (answered == null) {
                return; // swapped out meanwhile; the mirror is simply not run
            }
            Outputs out = MODELS.withProvenance(answered, shadow.shadowProvenance); // off the request thread
            shadow.counters.shadowRequests.increment();
            OutputComparator.Comparison c = comparator.compare(primaryOut, out);
            if (!c.agree()) {
                shadow.counters.disagreements.increment();
            }
            listeners.onShadow(shadow.shadowProvenance, System.nanoTime() - t0, c, null);
        } catch (RuntimeException | Error e) {
            shadow.counters.shadowRequests.increment();
            shadow.counters.shadowErrors.increment();
            LOG.debug("endpoint '{}': shadow '{}' failed: {}", name, shadow.name, e.toString());
            listeners.onShadow(shadow.shadowProvenance, System.nanoTime() - t0, null, e);
        } finally {
            mirrorPermits.release();
        }
    }





    // ------------------------------------------------------------------ administration

    /** The current routing policy. */
    public RoutingPolicy policy() {
        return state.policy;
    }

    /** The variant names. */
    public List<String> variants() {
        return new ArrayList<>(state.variants.keySet());
    }

    /** The model serving {@code variant} now (for inspection; do not close it, the endpoint owns it). */
    public LoadedModel model(String variant) {
        Variant v = state.variants.get(variant);
        if (v == null) {
            throw new NoSuchVariantException(name, variant, variants());
        }
        return v.model;
    }

    /**
     * Sets the routing policy atomically. A canary ramp in progress is cancelled (the new policy wins).
     *
     * @throws NoSuchVariantException if the policy names a variant the endpoint lacks
     */
    public void setPolicy(RoutingPolicy policy) {
        CanaryRamp r;
        synchronized (admin) {
            r = ramp;
            ramp = null;
        }
        if (r != null) {
            r.supersede();
        }
        applyPolicy(policy, null);
    }

    /** Sets the policy on behalf of {@code from} if it is still the endpoint's ramp. */
    boolean applyPolicy(RoutingPolicy policy, CanaryRamp from) {
        Objects.requireNonNull(policy, "policy");
        RoutingPolicy old;
        synchronized (admin) {
            State s = state;
            if (s.closed) {
                throw new EndpointClosedException(name);
            }
            if (from != null && ramp != from) {
                return false;
            }
            for (String v : policy.variants()) {
                if (!s.variants.containsKey(v)) {
                    throw new NoSuchVariantException(name, v, new ArrayList<>(s.variants.keySet()));
                }
            }
            old = s.policy;
            state = new State(s.variants, policy, false);
        }
        LOG.info("event=endpoint.policy endpoint={} source={} from={} to={}", Logfmt.value(name),
                from != null ? "canary.ramp" : "api", Logfmt.value(old), Logfmt.value(policy));
        listeners.onPolicyChange(old, policy);
        return true;
    }

    /**
     * Adds {@code variant} or replaces its model with {@code model}, which the endpoint then owns (and closes). The
     * replaced model is closed once its calls in flight have returned. Load and warm the model before calling this
     * ({@link ModelOptions.Builder#warmUpRuns(int)}), or use {@link #putVariant(String, Callable)}.
     */
    public void putVariant(String variant, LoadedModel model) {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        if (model.isClosed()) {
            throw new IllegalArgumentException("model '" + model.name() + "' is closed");
        }
        Variant old;
        synchronized (admin) {
            State s = state;
            if (s.closed) {
                model.close();
                throw new EndpointClosedException(name);
            }
            VariantCounters c = counters.computeIfAbsent(variant, k -> new VariantCounters(statsWindow, System.nanoTime()));
            Map<String, Variant> vs = new HashMap<>(s.variants);
            old = vs.put(variant, new Variant(name, variant, model, c, batching));
            state = new State(Collections.unmodifiableMap(vs), s.policy, false);
            if (old != null) {
                c.swaps.increment();
            }
        }
        synchronized (served) {
            served.notifyAll();
        }
        if (old != null) {
            old.close(); // drain-safe: queued requests complete; the session closes after its last call in flight
            LOG.info("event=endpoint.swap endpoint={} variant={} from={} to={}", Logfmt.value(name), Logfmt.value(variant),
                    Logfmt.value(old.model.name()), Logfmt.value(model.name()));
        } else {
            LOG.info("event=endpoint.variant.added endpoint={} variant={} to={}", Logfmt.value(name), Logfmt.value(variant),
                    Logfmt.value(model.name()));
        }
        listeners.onSwap(variant, old == null ? null : old.provenance, model.provenance().at(name, variant));
    }

    /**
     * Loads a model with {@code loader} (on the calling thread) and then adds or replaces {@code variant} with it. If
     * the loader fails, the variant keeps its current model and the failure is thrown (as a {@link ServingException}).
     */
    public void putVariant(String variant, Callable<LoadedModel> loader) {
        Objects.requireNonNull(loader, "loader");
        LoadedModel m;
        try {
            m = Objects.requireNonNull(loader.call(), "loader returned null");
        } catch (ServingException e) {
            throw e;
        } catch (Exception e) {
            throw new ModelLoadException(variant, "loading a new model for variant '" + variant + "' of endpoint '"
                    + name + "' failed; the variant keeps its current model: " + e.getMessage(), e);
        }
        putVariant(variant, m);
    }

    /**
     * Removes {@code variant} and closes its model (drain-safe).
     *
     * @throws IllegalStateException if the current policy routes or mirrors to it
     */
    public void removeVariant(String variant) {
        Variant old;
        synchronized (admin) {
            State s = state;
            if (!s.variants.containsKey(variant)) {
                throw new NoSuchVariantException(name, variant, new ArrayList<>(s.variants.keySet()));
            }
            if (s.policy.variants().contains(variant)) {
                throw new IllegalStateException("variant '" + variant + "' is used by the policy " + s.policy
                        + "; set a policy without it first");
            }
            Map<String, Variant> vs = new HashMap<>(s.variants);
            old = vs.remove(variant);
            state = new State(Collections.unmodifiableMap(vs), s.policy, false);
        }
        old.close();
    }

    /**
     * Starts a canary ramp from {@code stable} to {@code canary}: the policy becomes the first step at once, and each
     * {@link CanaryRamp#advance()} (or the schedule's interval) moves to the next; the last step of 100 % routes all
     * traffic to the canary. Starting a ramp cancels a previous one.
     */
    public CanaryRamp startCanaryRamp(String stable, String canary, RampSchedule schedule) {
        CanaryRamp r = new CanaryRamp(this, stable, canary, schedule);
        CanaryRamp previous;
        synchronized (admin) {
            previous = ramp;
            ramp = r;
        }
        if (previous != null) {
            previous.supersede();
        }
        r.start();
        return r;
    }

    /** The scheduler for timed ramps: the caller's, or one daemon thread started on first use. */
    ScheduledExecutorService scheduler() {
        if (suppliedScheduler != null) {
            return suppliedScheduler;
        }
        synchronized (admin) {
            if (state.closed) {
                throw new EndpointClosedException(name);
            }
            if (ownScheduler == null) {
                ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("mlops-" + name + "-ramp"));
                s.setRemoveOnCancelPolicy(true);
                ownScheduler = s;
            }
            return ownScheduler;
        }
    }

    /**
     * Waits until {@code variant} serves registry version {@code version} (by its model's
     * {@linkplain LoadedModel#provenance() provenance}), e.g. after moving an alias the endpoint follows; without
     * polling: swaps wake the waiter.
     *
     * @return true if the variant serves it, false if {@code timeout} passed first
     * @throws InterruptedException   if interrupted while waiting
     * @throws EndpointClosedException if the endpoint is closed
     */
    public boolean awaitVersion(String variant, int version, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (served) {
            for (;;) {
                State s = state;
                if (s.closed) {
                    throw new EndpointClosedException(name);
                }
                Variant v = s.variants.get(variant);
                if (v != null && v.model.provenance().version().orElse(0) == version) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(served, left);
            }
        }
    }

    /** The alias followers the endpoint started ({@link Builder#follow}), for their figures. */
    public List<AliasFollower> followers() {
        return List.copyOf(followers);
    }

    /**
     * Adds a listener for this endpoint's events (any number may be added; each is guarded on its own). Close the
     * returned handle to remove it.
     */
    public Subscription addListener(EndpointListener listener) {
        return listeners.add(listener);
    }

    /** Exceptions thrown by listeners so far (each was logged; none reached a caller). */
    public long listenerFailures() {
        return listeners.failures();
    }

    /** A snapshot of the endpoint's figures. */
    public EndpointStats stats() {
        State s = state;
        long now = System.nanoTime();
        Map<String, VariantStats> out = new HashMap<>();
        for (Variant v : s.variants.values()) {
            out.put(v.name, v.counters.snapshot(v.name, v.model.name(), now));
        }
        return new EndpointStats(name, s.policy, out, listeners.failures());
    }

    /** Whether the endpoint is closed. */
    public boolean isClosed() {
        return state.closed;
    }

    /**
     * Closes the endpoint: new requests fail with {@link EndpointClosedException}, the threads the endpoint started
     * are stopped (waiting up to 10 s for running mirrors), and every variant's model is closed after its calls in
     * flight return. Idempotent.
     */
    @Override
    public void close() {
        State s;
        CanaryRamp r;
        ScheduledExecutorService sched;
        synchronized (admin) {
            s = state;
            if (s.closed) {
                return;
            }
            state = new State(Map.of(), s.policy, true);
            r = ramp;
            ramp = null;
            sched = ownScheduler;
            ownScheduler = null;
        }
        if (r != null) {
            r.supersede();
        }
        for (AliasFollower f : followers) {
            f.close();
        }
        synchronized (served) {
            served.notifyAll();
        }
        if (sched != null) {
            sched.shutdownNow();
        }
        if (ownShadowExecutor != null) {
            ThreadPools.shutdownAndWait(ownShadowExecutor, 10);
        }
        if (sched != null) {
            try {
                sched.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Variant v : s.variants.values()) {
            v.close();
        }
    }

    @Override
    public String toString() {
        State s = state;
        return "Endpoint[" + name + ", variants " + s.variants.keySet() + ", policy " + s.policy
                + (s.closed ? ", closed" : "") + "]";
    }

    /** Builds an {@link Endpoint}; setters validate at once. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Map<String, LoadedModel> variants = new java.util.LinkedHashMap<>();
        private RoutingPolicy policy;
        private Executor shadowExecutor;
        private int shadowThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private int maxPendingMirrors = 64;
        private ScheduledExecutorService scheduler;
        private Duration statsWindow = Duration.ofMinutes(1);
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private final List<EndpointListener> listeners = new ArrayList<>();
        private BatchingOptions batching;
        private final Map<String, Follow> follows = new java.util.LinkedHashMap<>();
        private ModelCache followCache;
        private Duration followPollInterval;
        private ModelOptions followOptions = ModelOptions.builder().warmUpRuns(1).build();

        private record Follow(Registry registry, String model, String alias) {
        }

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("endpoint name must not be blank");
            }
        }

        /** Adds a variant; the endpoint owns {@code model} (closes it on replace and close). */
        public Builder variant(String variant, LoadedModel model) {
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(model, "model");
            if (variants.containsKey(variant) || follows.containsKey(variant)) {
                throw new IllegalStateException("variant '" + variant + "' was already added");
            }
            variants.put(variant, model);
            return this;
        }

        /**
         * Adds variant {@code alias} serving the version {@code alias} of {@code model} points at in {@code registry},
         * and keeps it there as the alias moves (see {@link AliasFollower}). Shorthand for
         * {@link #follow(String, Registry, String, String) follow(alias, registry, model, alias)}.
         */
        public Builder follow(Registry registry, String model, String alias) {
            return follow(alias, registry, model, alias);
        }

        /**
         * Adds {@code variant} serving the version {@code alias} of {@code model} points at in {@code registry}: it is
         * loaded once, by {@link #build()}, and the endpoint then follows the alias (moves in this process at once,
         * others by polling), swapping the variant when it moves. The followers stop when the endpoint closes.
         */
        public Builder follow(String variant, Registry registry, String model, String alias) {
            Objects.requireNonNull(variant, "variant");
            if (variants.containsKey(variant) || follows.containsKey(variant)) {
                throw new IllegalStateException("variant '" + variant + "' was already added");
            }
            follows.put(variant, new Follow(Objects.requireNonNull(registry, "registry"),
                    Objects.requireNonNull(model, "model"), Objects.requireNonNull(alias, "alias")));
            return this;
        }

        /** Followed versions are loaded through {@code cache} (sessions shared by digest; names and versions kept). */
        public Builder followCache(ModelCache cache) {
            this.followCache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** How often followed aliases are polled for moves made by other processes (default 10 s). */
        public Builder followPollInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("followPollInterval must be positive, given " + interval);
            }
            this.followPollInterval = interval;
            return this;
        }

        /** Options for followed versions (default: one warm-up run). Ignored with a {@link #followCache}. */
        public Builder followOptions(ModelOptions options) {
            this.followOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The routing policy (default: single, when there is exactly one variant). */
        public Builder policy(RoutingPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Runs shadow mirrors on {@code executor} (not shut down by the endpoint) instead of an own pool. */
        public Builder shadowExecutor(Executor executor) {
            this.shadowExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Threads of the endpoint's own shadow pool (≥ 1; default half the cores). */
        public Builder shadowThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("shadowThreads must be >= 1, given " + threads);
            }
            this.shadowThreads = threads;
            return this;
        }

        /** Mirrors queued or running at once (≥ 1; default 64); further mirrors are dropped and counted. */
        public Builder maxPendingMirrors(int mirrors) {
            if (mirrors < 1) {
                throw new IllegalArgumentException("maxPendingMirrors must be >= 1, given " + mirrors);
            }
            this.maxPendingMirrors = mirrors;
            return this;
        }

        /** Runs timed ramps on {@code scheduler} (not shut down by the endpoint). */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The latency statistics window (default 1 minute; snapshots cover the current and previous window). */
        public Builder statsWindow(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("statsWindow must be positive, given " + window);
            }
            this.statsWindow = window;
            return this;
        }

        /** The source of uniform draws in [0, 1) for random routing and shadow sampling (default ThreadLocalRandom; set a seeded one in tests). It must be thread-safe. */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Turns on dynamic batching for every variant (each variant batches on its own, after routing; models without
         * a batch dimension run unbatched). The batchers' threads (asynchronous requests only) are stopped on swap and close.
         */
        public Builder batching(BatchingOptions options) {
            this.batching = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Adds a listener for the endpoint's events (guarded: exceptions are logged and counted). Any number may be
         * added; to remove one later, add it with {@link Endpoint#addListener} instead, which returns a handle.
         */
        public Builder listener(EndpointListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The endpoint.
         *
         * @throws IllegalStateException  if there are no variants, or several and no policy
         * @throws NoSuchVariantException if the policy names a variant not added
         */
        public Endpoint build() {
            int count = variants.size() + follows.size();
            if (count == 0) {
                throw new IllegalStateException("endpoint '" + name + "' needs at least one variant");
            }
            if (policy == null) {
                if (count > 1) {
                    throw new IllegalStateException("endpoint '" + name + "' has " + count
                            + " variants; choose a policy");
                }
                policy = RoutingPolicy.single(variants.isEmpty() ? follows.keySet().iterator().next()
                        : variants.keySet().iterator().next());
            }
            for (String v : policy.variants()) {
                if (!variants.containsKey(v) && !follows.containsKey(v)) {
                    List<String> all = new ArrayList<>(variants.keySet());
                    all.addAll(follows.keySet());
                    throw new NoSuchVariantException(name, v, all);
                }
            }
            Map<String, long[]> applied = new HashMap<>(); // variant -> {version, alias revision}
            List<String> loaded = new ArrayList<>();
            try {
                for (Map.Entry<String, Follow> e : follows.entrySet()) {
                    Follow f = e.getValue();
                    long revision = f.registry().aliasRevision(f.model(), f.alias());
                    int version = f.registry().resolve(f.model(), f.alias()).orElseThrow(() -> new ServingException(
                            "alias '" + f.alias() + "' of model '" + f.model() + "' does not point at a version; set it"
                                    + " before endpoint '" + name + "' follows it"));
                    variants.put(e.getKey(), AliasFollower.load(f.registry(), f.model(), version, followOptions,
                            followCache));
                    loaded.add(e.getKey());
                    applied.put(e.getKey(), new long[]{version, revision});
                }
            } catch (RuntimeException e) {
                for (String v : loaded) {
                    variants.remove(v).close();
                }
                throw e;
            }
            Endpoint endpoint = new Endpoint(this);
            try {
                for (Map.Entry<String, Follow> e : follows.entrySet()) {
                    Follow f = e.getValue();
                    long[] a = applied.get(e.getKey());
                    AliasFollower.Builder fb = AliasFollower.builder(endpoint, e.getKey(), f.registry(), f.model(),
                            f.alias()).options(followOptions).initial((int) a[0], a[1]);
                    if (followCache != null) {
                        fb.cache(followCache);
                    }
                    if (followPollInterval != null) {
                        fb.pollInterval(followPollInterval);
                    }
                    endpoint.followers.add(fb.start());
                }
            } catch (RuntimeException e) {
                endpoint.close();
                throw e;
            }
            return endpoint;
        }
    }
}
