package dev.mlops.pipelines;

import dev.mlops.monitoring.DriftListener;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.QualityListener;
import dev.mlops.monitoring.QualityResult;
import dev.mlops.pipelines.internal.PipelineJson;
import dev.mlops.registry.AliasMove;
import dev.mlops.registry.RecordCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The continuous-training hook: a drift alert or a ground-truth quality alert (or a manual {@link #trigger}) starts a
 * user-supplied retraining pipeline, debounced — at most one run in flight and at least {@code minInterval} between
 * run starts — and optionally rolls a production alias back first. Every alert's outcome (started or skipped, the
 * rollback, the run's final status) is recorded in the registry (collection {@value #COLLECTION}). Register
 * {@link #driftListener()} / {@link #qualityListener()} on the monitors. Thread-safe; the debounce decision is one
 * short lock, the run goes to the executor. The decision, the rollback and the trigger record are made on the thread
 * that reports the alert (the monitor's evaluation executor, else the thread that closed the window): give the
 * monitor an {@code evaluationExecutor} to keep registry writes off request threads.
 */
public final class ContinuousTraining implements AutoCloseable {
    /** The registry collection holding trigger records. */
    public static final String COLLECTION = "training-triggers";
    private static final Logger LOG = LoggerFactory.getLogger(ContinuousTraining.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pipelines pipelines;
    private final Pipeline retraining;
    private final Duration minInterval;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    private final Function<TrainingTrigger, Map<String, ?>> params;
    private final String actor;
    private final String rollbackModel;
    private final String rollbackAlias;
    private final Consumer<TrainingTrigger> listener;
    private final RecordCollection records;
    private final LongAdder listenerFailures = new LongAdder();

    private boolean inFlight;        // guarded by this
    private Instant lastStart;       // guarded by this

    private ContinuousTraining(Builder b) {
        this.pipelines = b.pipelines;
        this.retraining = b.retraining;
        this.minInterval = b.minInterval;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownExecutor = null;
        } else {
            this.ownExecutor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mlops-retrain-" + b.retraining.name());
                t.setDaemon(true);
                return t;
            });
            this.executor = ownExecutor;
        }
        this.params = b.params;
        this.actor = b.actor;
        this.rollbackModel = b.rollbackModel;
        this.rollbackAlias = b.rollbackAlias;
        this.listener = b.listener;
        this.records = pipelines.registry().collection(COLLECTION);
    }

    /** A builder running {@code retraining} through {@code pipelines}. */
    public static Builder builder(Pipelines pipelines, Pipeline retraining) {
        return new Builder(pipelines, retraining);
    }

    /** A listener for a {@code DriftMonitor}: each alert window triggers. */
    public DriftListener driftListener() {
        return new DriftListener() {
            @Override
            public void onAlert(DriftResult result) {
                trigger("drift", "drift in " + result.driftedFeatures() + " (window " + result.window() + ", "
                        + result.rows() + " rows)");
            }
        };
    }

    /** A listener for a {@code QualityMonitor}: each breaching window triggers. */
    public QualityListener qualityListener() {
        return new QualityListener() {
            @Override
            public void onAlert(QualityResult result) {
                trigger("quality", "quality below threshold: " + result.breaches() + " (window " + result.window() + ")");
            }
        };
    }

    /**
     * Handles an alert from {@code source}: decides (debounce), rolls back when configured and started, records the
     * trigger, and hands the run to the executor. Returns the trigger as recorded at that moment.
     */
    public TrainingTrigger trigger(String source, String reason) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Instant now = pipelines.clock().instant();
        TrainingTrigger.Outcome outcome;
        synchronized (this) {
            if (inFlight) {
                outcome = TrainingTrigger.Outcome.SKIPPED_IN_FLIGHT;
            } else if (lastStart != null && now.isBefore(lastStart.plus(minInterval))) {
                outcome = TrainingTrigger.Outcome.SKIPPED_TOO_SOON;
            } else {
                outcome = TrainingTrigger.Outcome.STARTED;
                inFlight = true;
                lastStart = now;
            }
        }
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        String id = retraining.name() + "/" + ID_TIME.format(now) + "-" + HexFormat.of().formatHex(b);
        String rollback = null;
        if (outcome == TrainingTrigger.Outcome.STARTED && rollbackModel != null) {
            rollback = rollBack(id, reason);
        }
        TrainingTrigger t = new TrainingTrigger(id, now, source, reason, outcome, rollback, null, null, null);
        long rev = records.create(id, PipelineJson.tree(t)).orElse(0L);
        LOG.info("continuous training {}: {} ({}: {})", id, outcome, source, reason);
        if (outcome == TrainingTrigger.Outcome.STARTED) {
            try {
                executor.execute(() -> runRetraining(t, rev));
            } catch (RuntimeException e) {
                synchronized (this) {
                    inFlight = false;
                }
                throw e;
            }
        } else {
            notifyListener(t);
        }
        return t;
    }

    private String rollBack(String triggerId, String reason) {
        try {
            if (pipelines.registry().resolve(rollbackModel, rollbackAlias).isEmpty()) {
                return null;
            }
            AliasMove m = pipelines.registry().rollback(rollbackModel, rollbackAlias, actor,
                    "continuous training " + triggerId + ": " + reason);
            return rollbackAlias + ": " + m.from().orElse(-1) + " -> " + (m.to().isPresent() ? m.to().getAsInt() : "none");
        } catch (RuntimeException e) {
            LOG.warn("continuous training {}: rollback of {}/{} failed", triggerId, rollbackModel, rollbackAlias, e);
            return "failed: " + e.getMessage();
        }
    }

    private void runRetraining(TrainingTrigger t, long revision) {
        TrainingTrigger done = t;
        try {
            Map<String, ?> p = params.apply(t);
            PipelineRun run = pipelines.run(retraining, actor, p);
            done = t.withRun(run.id(), run.status(), run.reason());
        } catch (RuntimeException e) {
            LOG.warn("continuous training {}: the retraining pipeline could not run", t.id(), e);
            done = t.withRun(null, RunStatus.FAILED, e.toString());
        } finally {
            synchronized (this) {
                inFlight = false;
            }
        }
        if (revision > 0 && records.compareAndSet(t.id(), revision, PipelineJson.tree(done)).isEmpty()) {
            LOG.warn("continuous training {}: its record changed meanwhile; outcome not written", t.id());
        }
        notifyListener(done);
    }

    private void notifyListener(TrainingTrigger t) {
        if (listener == null) {
            return;
        }
        try {
            listener.accept(t);
        } catch (RuntimeException e) {
            listenerFailures.increment();
            LOG.warn("continuous training listener failed on {}", t.id(), e);
        }
    }

    /** Whether a retraining run is in flight. */
    public synchronized boolean inFlight() {
        return inFlight;
    }

    /** Every recorded trigger of this pipeline, oldest first (from the registry, so other processes' too). */
    public List<TrainingTrigger> history() {
        List<TrainingTrigger> out = new ArrayList<>();
        for (String k : records.keys(retraining.name() + "/")) {
            records.get(k).ifPresent(d -> out.add(PipelineJson.bind(d.document(), TrainingTrigger.class)));
        }
        out.sort(Comparator.comparing(TrainingTrigger::at).thenComparing(TrainingTrigger::id));
        return out;
    }

    /** How many times the listener threw. */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    /** Stops the executor this object started (waiting up to 30 s for a run in flight); a supplied one is left alone. */
    @Override
    public void close() {
        if (ownExecutor != null) {
            ownExecutor.shutdown();
            try {
                ownExecutor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Builds {@link ContinuousTraining}. Not thread-safe. */
    public static final class Builder {
        private final Pipelines pipelines;
        private final Pipeline retraining;
        private Duration minInterval = Duration.ofHours(1);
        private Executor executor;
        private Function<TrainingTrigger, Map<String, ?>> params = t -> Map.of("trigger", t.id(), "trigger_reason", t.reason());
        private String actor = "continuous-training";
        private String rollbackModel;
        private String rollbackAlias;
        private Consumer<TrainingTrigger> listener;

        private Builder(Pipelines pipelines, Pipeline retraining) {
            this.pipelines = Objects.requireNonNull(pipelines, "pipelines");
            this.retraining = Objects.requireNonNull(retraining, "retraining");
        }

        /** The minimum time between two run starts (default 1 h); ≥ 0. */
        public Builder minInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("minInterval must be >= 0, found " + interval);
            }
            this.minInterval = interval;
            return this;
        }

        /** Where runs execute (default: one daemon thread of this object's own). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The retraining run's parameters for a trigger (default {@code trigger} and {@code trigger_reason}). */
        public Builder params(Function<TrainingTrigger, Map<String, ?>> params) {
            this.params = Objects.requireNonNull(params, "params");
            return this;
        }

        /** Who runs the pipeline and makes the rollback (default {@code continuous-training}). */
        public Builder actor(String actor) {
            this.actor = Objects.requireNonNull(actor, "actor");
            return this;
        }

        /** On a started trigger, roll {@code alias} of {@code model} back (before retraining) with the alert as reason. */
        public Builder rollbackOnAlert(String model, String alias) {
            this.rollbackModel = Objects.requireNonNull(model, "model");
            this.rollbackAlias = Objects.requireNonNull(alias, "alias");
            return this;
        }

        /** Notified of each trigger (skipped ones at once, started ones when the run returns); guarded. */
        public Builder listener(Consumer<TrainingTrigger> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds. */
        public ContinuousTraining build() {
            return new ContinuousTraining(this);
        }
    }
}
