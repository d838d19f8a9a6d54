package dev.mlops.serving.endpoint;

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
import dev.mlops.serving.batch.BatchingOptions;
import dev.mlops.serving.batch.DynamicBatcher;
import dev.mlops.serving.internal.BatcherClosed;
import dev.mlops.serving.internal.ServingInternals;
import dev.mlops.serving.internal.ThreadPools;
import dev.mlops.serving.routing.OutputComparator;
import dev.mlops.serving.routing.RampSchedule;
import dev.mlops.serving.routing.RoutingPolicy;
import dev.mlops.serving.routing.ShadowPolicy;
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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
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

        Variant(String name, LoadedModel model, VariantCounters counters, BatchingOptions batching) {
            this.name = name;
            this.model = model;
            this.counters = counters;
            this.batcher = batching == null ? null : BATCHERS.of(model, batching, counters);
        }

        Outputs tryPredict(Inputs inputs) {
            return batcher != null ? BATCHERS.tryPredict(batcher, inputs) : MODELS.tryPredict(model, inputs);
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
        final boolean closed;

        State(Map<String, Variant> variants, RoutingPolicy policy, boolean closed) {
            this.variants = variants;
            this.policy = policy;
            this.closed = closed;
        }
    }

    private final String name;
    private volatile State state;
    private final Object admin = new Object();
    private final Map<String, VariantCounters> counters = new ConcurrentHashMap<>();
    private final Duration statsWindow;
    private final DoubleSupplier random;
    private final EndpointListener listener;
    private final LongAdder listenerFailures = new LongAdder();
    private final Executor shadowExecutor;
    private final ExecutorService ownShadowExecutor;
    private final Semaphore mirrorPermits;
    private final ScheduledExecutorService suppliedScheduler;
    private ScheduledExecutorService ownScheduler;
    private CanaryRamp ramp;
    private final BatchingOptions batching;

    private Endpoint(Builder b) {
        this.name = b.name;
        this.batching = b.batching;
        this.statsWindow = b.statsWindow;
        this.random = b.random;
        this.listener = b.listener;
        this.mirrorPermits = new Semaphore(b.maxPendingMirrors);
        if (b.shadowExecutor != null) {
            this.shadowExecutor = b.shadowExecutor;
            this.ownShadowExecutor = null;
        } else {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(b.shadowThreads, b.shadowThreads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemonThreads("mlops-" + name + "-shadow-"));
            pool.allowCoreThreadTimeOut(true);
            this.ownShadowExecutor = pool;
            this.shadowExecutor = pool;
        }
        this.suppliedScheduler = b.scheduler;
        long now = System.nanoTime();
        Map<String, Variant> vs = new HashMap<>();
        for (Map.Entry<String, LoadedModel> e : b.variants.entrySet()) {
            VariantCounters c = counters.computeIfAbsent(e.getKey(), k -> new VariantCounters(statsWindow, now));
            vs.put(e.getKey(), new Variant(e.getKey(), e.getValue(), c, batching));
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
        Objects.requireNonNull(inputs, "inputs");
        for (;;) {
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
                    continue; // the model was swapped out and released after we read the state: route again
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
                continue; // the variant was swapped out after we read the state: route again
            }
            CompletableFuture<Outputs> result = new CompletableFuture<>();
            f.whenComplete((out, err) -> {
                if (err instanceof BatcherClosed) {
                    try {
                        callAsync(inputs, key).whenComplete((o, e) -> {
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
        for (;;) {
            State s = state;
            Variant v = route(s, key, override);
            Outputs out = runOn(s, v, inputs, System.nanoTime(), override == null);
            if (out != null) {
                return out;
            }
            // the model was swapped out and released after we read the state: route again
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
        if (listener != null) {
            notifyRequest(v.name, t1 - t0, null);
        }
        if (mirror && s.policy.shadowFraction() > 0) {
            mirror(s, (ShadowPolicy) s.policy, v.name, inputs, out);
        }
    }

    /** Statistics and listener for a request {@code v} failed. */
    private void failed(Variant v, long t0, RuntimeException e) {
        long t1 = System.nanoTime();
        v.counters.error(kind(e), t1 - t0, t1);
        notifyRequest(v.name, t1 - t0, e);
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

    private void mirror(State s, ShadowPolicy policy, String primary, Inputs inputs, Outputs primaryOut) {
        if (random.getAsDouble() >= policy.shadowFraction()) {
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
        if (listener != null) {
            try {
                listener.onMirrorDropped(shadow.name);
            } catch (RuntimeException e) {
                listenerFailed(e);
            }
        }
    }

    private void runShadow(Variant shadow, OutputComparator comparator, Inputs inputs, Outputs primaryOut) {
        long t0 = System.nanoTime();
        try {
            Outputs out = shadow.tryPredict(inputs);
            if (out == null) {
                return; // swapped out meanwhile; the mirror is simply not run
            }
            shadow.counters.shadowRequests.increment();
            OutputComparator.Comparison c = comparator.compare(primaryOut, out);
            if (!c.agree()) {
                shadow.counters.disagreements.increment();
            }
            if (listener != null) {
                try {
                    listener.onShadow(shadow.name, System.nanoTime() - t0, c, null);
                } catch (RuntimeException e) {
                    listenerFailed(e);
                }
            }
        } catch (RuntimeException | Error e) {
            shadow.counters.shadowRequests.increment();
            shadow.counters.shadowErrors.increment();
            LOG.debug("endpoint '{}': shadow '{}' failed: {}", name, shadow.name, e.toString());
            if (listener != null) {
                try {
                    listener.onShadow(shadow.name, System.nanoTime() - t0, null, e);
                } catch (RuntimeException le) {
                    listenerFailed(le);
                }
            }
        } finally {
            mirrorPermits.release();
        }
    }

    private void notifyRequest(String variant, long nanos, Throwable error) {
        if (listener == null) {
            return;
        }
        try {
            listener.onRequest(variant, nanos, error);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }


    /** A logfmt value: bare when it is one plain token, else double-quoted with quotes and backslashes escaped. */
    static String logValue(Object v) {
        String s = String.valueOf(v);
        if (!s.isEmpty() && s.chars().allMatch(c -> c > ' ' && c != '"' && c != '=' && c != '\\' && c < 127)) {
            return s;
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private void listenerFailed(RuntimeException e) {
        listenerFailures.increment();
        LOG.warn("endpoint '{}': listener threw {}", name, e.toString());
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
        LOG.info("event=endpoint.policy endpoint={} source={} from={} to={}", logValue(name),
                from != null ? "canary.ramp" : "api", logValue(old), logValue(policy));
        if (listener != null) {
            try {
                listener.onPolicyChange(old, policy);
            } catch (RuntimeException e) {
                listenerFailed(e);
            }
        }
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
            old = vs.put(variant, new Variant(variant, model, c, batching));
            state = new State(Collections.unmodifiableMap(vs), s.policy, false);
            if (old != null) {
                c.swaps.increment();
            }
        }
        if (old != null) {
            old.close(); // drain-safe: queued requests complete; the session closes after its last call in flight
            LOG.info("event=endpoint.swap endpoint={} variant={} from={} to={}", logValue(name), logValue(variant),
                    logValue(old.model.name()), logValue(model.name()));
        } else {
            LOG.info("event=endpoint.variant.added endpoint={} variant={} to={}", logValue(name), logValue(variant),
                    logValue(model.name()));
        }
        if (listener != null) {
            try {
                listener.onSwap(variant, old == null ? null : old.model.name(), model.name());
            } catch (RuntimeException e) {
                listenerFailed(e);
            }
        }
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
                ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, daemonThreads("mlops-" + name + "-ramp"));
                s.setRemoveOnCancelPolicy(true);
                ownScheduler = s;
            }
            return ownScheduler;
        }
    }

    /** Exceptions thrown by listeners so far. */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    /** A snapshot of the endpoint's figures. */
    public EndpointStats stats() {
        State s = state;
        long now = System.nanoTime();
        Map<String, VariantStats> out = new HashMap<>();
        for (Variant v : s.variants.values()) {
            out.put(v.name, v.counters.snapshot(v.name, v.model.name(), now));
        }
        return new EndpointStats(name, s.policy, out, listenerFailures.sum());
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

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
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
        private EndpointListener listener;
        private BatchingOptions batching;

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
            if (variants.containsKey(variant)) {
                throw new IllegalStateException("variant '" + variant + "' was already added");
            }
            variants.put(variant, model);
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

        /** Receives the endpoint's events (guarded: exceptions are logged and counted). */
        public Builder listener(EndpointListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The endpoint.
         *
         * @throws IllegalStateException  if there are no variants, or several and no policy
         * @throws NoSuchVariantException if the policy names a variant not added
         */
        public Endpoint build() {
            if (variants.isEmpty()) {
                throw new IllegalStateException("endpoint '" + name + "' needs at least one variant");
            }
            if (policy == null) {
                if (variants.size() > 1) {
                    throw new IllegalStateException("endpoint '" + name + "' has " + variants.size()
                            + " variants; choose a policy");
                }
                policy = RoutingPolicy.single(variants.keySet().iterator().next());
            }
            for (String v : policy.variants()) {
                if (!variants.containsKey(v)) {
                    throw new NoSuchVariantException(name, v, new ArrayList<>(variants.keySet()));
                }
            }
            return new Endpoint(this);
        }
    }
}
