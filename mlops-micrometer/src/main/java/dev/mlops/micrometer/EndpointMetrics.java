package dev.mlops.micrometer;

import dev.mlops.serving.Provenance;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.endpoint.EndpointListener;
import dev.mlops.serving.endpoint.EndpointStats;
import dev.mlops.serving.endpoint.VariantStats;
import dev.mlops.serving.routing.OutputComparator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Publishes one {@link Endpoint}'s figures to a Micrometer {@link MeterRegistry}: it is the endpoint's
 * {@link EndpointListener} (for per-request timers and counters) and, once {@linkplain #bind(Endpoint) bound}, reads the
 * endpoint's {@link Endpoint#stats() stats} for the figures only the endpoint knows (batch sizes, queue wait, the
 * window's latency quantiles).
 *
 * <pre>{@code
 * EndpointMetrics metrics = EndpointMetrics.builder("fraud", registry).build();
 * Endpoint endpoint = Endpoint.builder("fraud").variant("blue", model).listener(metrics).build();
 * metrics.bind(endpoint);
 * }</pre>
 *
 * <p>Meters (Micrometer names; every one tagged {@code endpoint}, {@code variant}, {@code model}, {@code version}
 * plus the builder's common tags):
 * <ul>
 *   <li>{@code mlops.endpoint.requests} — timer, tag {@code outcome} = {@code success}, {@code invalid_input},
 *       {@code prediction}, {@code overloaded}, {@code deadline}, {@code other}; publishes histogram buckets
 *       ({@link #DEFAULT_BUCKETS}, or Micrometer's percentile histogram, see the builder)</li>
 *   <li>{@code mlops.endpoint.errors} — counter, tag {@code kind} (the outcomes but success)</li>
 *   <li>{@code mlops.endpoint.shadow.requests} — timer of mirrored requests, tag {@code outcome} = {@code agree},
 *       {@code disagree}, {@code error}</li>
 *   <li>{@code mlops.endpoint.shadow.disagreements} — counter</li>
 *   <li>{@code mlops.endpoint.mirrors.dropped} — counter of mirrors dropped because the shadow executor was full</li>
 *   <li>{@code mlops.endpoint.swaps} — counter of model replacements (tagged with the new model)</li>
 *   <li>{@code mlops.endpoint.batches} — function counter of batches run (dynamic batching)</li>
 *   <li>{@code mlops.endpoint.batch.rows} — gauge, tag {@code quantile} = {@code 0.5} or {@code 1.0} (max), rows per
 *       batch over the endpoint's statistics window</li>
 *   <li>{@code mlops.endpoint.queue.wait} — time gauge, tag {@code quantile} = {@code 0.5}, {@code 0.99}: time in the
 *       batching queue over the window</li>
 *   <li>{@code mlops.endpoint.latency.window} — time gauge, tag {@code quantile} = {@code 0.5}, {@code 0.95},
 *       {@code 0.99}, {@code 1.0}: the endpoint's own windowed latency quantiles</li>
 * </ul>
 * and {@code mlops.endpoint.listener.failures} (function counter, tag {@code endpoint} only).
 *
 * <p>When a variant's model is swapped the variant's meters are re-registered under the new {@code model} /
 * {@code version} tags and the old ones removed, so each time series belongs to one model version. Variants removed
 * from the endpoint lose their meters at the next read of the gauges.
 *
 * <p>Thread-safe. The request path looks up one map entry and records into a pre-registered timer; it takes no lock
 * of its own.
 */
public final class EndpointMetrics implements EndpointListener {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointMetrics.class);
    private static final VariantStats.ErrorKind[] KINDS = VariantStats.ErrorKind.values();
    /** Histogram range of the request timer: ONNX calls take from tens of microseconds to seconds. */
    private static final Duration MIN_EXPECTED = Duration.ofNanos(50_000);
    private static final Duration MAX_EXPECTED = Duration.ofSeconds(30);
    /** The default request-latency histogram buckets: 100 µs to 10 s in 1-2.5-5 steps (16 buckets). */
    public static final List<Duration> DEFAULT_BUCKETS = List.of(Duration.ofNanos(100_000), Duration.ofNanos(250_000),
            Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10));

    private final String endpointName;
    private final MeterRegistry registry;
    private final Tags commonTags;
    private static final Function<String, ModelTags> DEFAULT_TAGS = ModelTags::parse;
    private final Function<String, ModelTags> modelTags;
    private final boolean customTags;
    private final boolean percentileHistogram;
    private final Duration[] buckets;
    private final double[] percentiles;
    private final long statsTtlNanos;
    private final Map<String, VariantMeters> variants = new ConcurrentHashMap<>();
    private final Object registration = new Object();
    private volatile Endpoint endpoint;
    private volatile EndpointStats cachedStats;
    private volatile long cachedAt;

    private EndpointMetrics(Builder b) {
        this.endpointName = b.endpoint;
        this.registry = b.registry;
        this.commonTags = b.tags;
        this.modelTags = b.modelTags;
        this.customTags = b.modelTags != DEFAULT_TAGS;
        this.percentileHistogram = b.percentileHistogram;
        this.buckets = b.buckets.toArray(Duration[]::new);
        this.percentiles = b.percentiles.clone();
        this.statsTtlNanos = b.statsTtl.toNanos();
    }

    /** A builder for the metrics of the endpoint named {@code endpoint}, published to {@code registry}. */
    public static Builder builder(String endpoint, MeterRegistry registry) {
        return new Builder(endpoint, registry);
    }

    /**
     * Attaches the endpoint whose stats feed the gauges and registers the meters of its current variants. Call it once,
     * right after building the endpoint with this object as its listener.
     *
     * @throws IllegalArgumentException if the endpoint's name is not the one given to the builder
     * @throws IllegalStateException    if already bound
     */
    public EndpointMetrics bind(Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!endpoint.name().equals(endpointName)) {
            throw new IllegalArgumentException("these metrics are for endpoint '" + endpointName
                    + "', found endpoint '" + endpoint.name() + "'; build one EndpointMetrics per endpoint");
        }
        synchronized (registration) {
            if (this.endpoint != null) {
                throw new IllegalStateException("endpoint '" + endpointName + "' is already bound");
            }
            this.endpoint = endpoint;
            FunctionCounter.builder("mlops.endpoint.listener.failures", endpoint, Endpoint::listenerFailures)
                    .tags(commonTags).tag("endpoint", endpointName)
                    .description("Exceptions thrown by endpoint listeners (logged, not passed on)")
                    .register(registry);
            for (String v : endpoint.variants()) {
                meters(v);
            }
        }
        return this;
    }

    /** The endpoint name these metrics are for. */
    public String endpointName() {
        return endpointName;
    }

    // ------------------------------------------------------------------ listener

    @Override
    public void onRequest(Provenance answeredBy, long nanos, VariantStats.ErrorKind errorKind, Throwable error) {
        VariantMeters m = meters(answeredBy.variant().orElse(""));
        if (errorKind == null) {
            m.success.record(nanos, TimeUnit.NANOSECONDS);
        } else {
            int k = errorKind.ordinal();
            m.failures[k].record(nanos, TimeUnit.NANOSECONDS);
            m.errors[k].increment();
        }
    }

    @Override
    public void onShadow(Provenance shadow, long nanos, OutputComparator.Comparison comparison, Throwable error) {
        VariantMeters m = meters(shadow.variant().orElse(""));
        if (comparison == null) {
            m.shadowError.record(nanos, TimeUnit.NANOSECONDS);
        } else if (comparison.agree()) {
            m.shadowAgree.record(nanos, TimeUnit.NANOSECONDS);
        } else {
            m.shadowDisagree.record(nanos, TimeUnit.NANOSECONDS);
            m.disagreements.increment();
        }
    }

    @Override
    public void onMirrorDropped(String variant) {
        meters(variant).droppedMirrors.increment();
    }

    @Override
    public void onSwap(String variant, Provenance oldModel, Provenance newModel) {
        ModelTags tags = tagsOf(newModel);
        VariantMeters m;
        synchronized (registration) {
            m = variants.get(variant);
            if (m == null || !m.model.equals(tags)) {
                VariantMeters fresh = new VariantMeters(variant, tags);
                variants.put(variant, fresh);
                if (m != null) {
                    m.remove();
                }
                m = fresh;
            }
        }
        if (oldModel != null) {
            m.swaps.increment();
        }
    }

    // ------------------------------------------------------------------ internals

    private VariantMeters meters(String variant) {
        VariantMeters m = variants.get(variant);
        if (m != null) {
            return m;
        }
        synchronized (registration) {
            m = variants.get(variant);
            if (m == null) {
                m = new VariantMeters(variant, tagsOf(currentModel(variant)));
                variants.put(variant, m);
            }
            return m;
        }
    }

    private Provenance currentModel(String variant) {
        Endpoint e = endpoint;
        if (e == null) {
            return null;
        }
        try {
            return e.model(variant).provenance();
        } catch (RuntimeException gone) {
            return null;
        }
    }

    /**
     * The tags of a served model: a mapping set on the builder applies to its name; else the registry version it
     * carries (models loaded from a registry, also through a cache), else what {@link ModelTags#parse} reads.
     */
    private ModelTags tagsOf(Provenance p) {
        if (p == null) {
            return tagsOf((String) null);
        }
        if (!customTags && p.version().isPresent()) {
            return new ModelTags(p.model(), Integer.toString(p.version().getAsInt()));
        }
        return tagsOf(p.model());
    }

    private ModelTags tagsOf(String modelName) {
        try {
            ModelTags t = modelTags.apply(modelName);
            return t != null ? t : ModelTags.parse(modelName);
        } catch (RuntimeException e) {
            LOG.warn("model tag mapping threw on '{}'; using the parsed name", modelName, e);
            return ModelTags.parse(modelName);
        }
    }

    /** The endpoint's stats, re-read at most once per TTL (a scrape reads many gauges). */
    private EndpointStats stats() {
        Endpoint e = endpoint;
        if (e == null) {
            return null;
        }
        long now = System.nanoTime();
        EndpointStats s = cachedStats;
        if (s == null || now - cachedAt >= statsTtlNanos) {
            s = e.stats();
            cachedStats = s;
            cachedAt = now;
            dropRemovedVariants(s);
        }
        return s;
    }

    private void dropRemovedVariants(EndpointStats s) {
        for (String v : List.copyOf(variants.keySet())) {
            if (!s.variants().containsKey(v)) {
                synchronized (registration) {
                    VariantMeters m = variants.remove(v);
                    if (m != null) {
                        m.remove();
                    }
                }
            }
        }
    }

    private double statOf(String variant, ToDoubleFunction<VariantStats> f) {
        EndpointStats s = stats();
        VariantStats v = s == null ? null : s.variants().get(variant);
        return v == null ? Double.NaN : f.applyAsDouble(v);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** The meters of one variant under one model's tags. */
    private final class VariantMeters {
        final ModelTags model;
        final Tags tags;
        final List<Meter> all = new ArrayList<>();
        final Timer success;
        final Timer[] failures = new Timer[KINDS.length];
        final Counter[] errors = new Counter[KINDS.length];
        final Timer shadowAgree;
        final Timer shadowDisagree;
        final Timer shadowError;
        final Counter disagreements;
        final Counter droppedMirrors;
        final Counter swaps;

        VariantMeters(String variant, ModelTags model) {
            this.model = model;
            this.tags = commonTags.and(Tag.of("endpoint", endpointName), Tag.of("variant", variant),
                    Tag.of("model", model.model()), Tag.of("version", model.version()));
            success = timer("mlops.endpoint.requests", "success", "Requests answered or failed, by outcome",
                    true);
            for (VariantStats.ErrorKind k : KINDS) {
                String kind = k.name().toLowerCase(Locale.ROOT);
                failures[k.ordinal()] = timer("mlops.endpoint.requests", kind,
                        "Requests answered or failed, by outcome", true);
                errors[k.ordinal()] = add(Counter.builder("mlops.endpoint.errors").tags(tags).tag("kind", kind)
                        .description("Failed requests by kind").register(registry));
            }
            shadowAgree = timer("mlops.endpoint.shadow.requests", "agree", "Mirrored requests run by a shadow",
                    false);
            shadowDisagree = timer("mlops.endpoint.shadow.requests", "disagree", "Mirrored requests run by a shadow",
                    false);
            shadowError = timer("mlops.endpoint.shadow.requests", "error", "Mirrored requests run by a shadow",
                    false);
            disagreements = add(Counter.builder("mlops.endpoint.shadow.disagreements").tags(tags)
                    .description("Shadow outputs that disagreed with the primary's").register(registry));
            droppedMirrors = add(Counter.builder("mlops.endpoint.mirrors.dropped").tags(tags)
                    .description("Mirrors dropped because the shadow executor was saturated").register(registry));
            swaps = add(Counter.builder("mlops.endpoint.swaps").tags(tags)
                    .description("Times the variant's model was replaced").register(registry));
            add(FunctionCounter.builder("mlops.endpoint.batches", this,
                            m -> nonNegative(statOf(variant, VariantStats::batches)))
                    .tags(tags).baseUnit("batches").description("Batches run by dynamic batching")
                    .register(registry));
            gauge("mlops.endpoint.batch.rows", variant, "0.5", VariantStats::batchRowsP50,
                    "Rows per batch in the statistics window");
            gauge("mlops.endpoint.batch.rows", variant, "1.0", VariantStats::batchRowsMax,
                    "Rows per batch in the statistics window");
            timeGauge("mlops.endpoint.queue.wait", variant, "0.5", s -> seconds(s.queueWaitP50()),
                    "Time requests waited in the batching queue, in the statistics window");
            timeGauge("mlops.endpoint.queue.wait", variant, "0.99", s -> seconds(s.queueWaitP99()),
                    "Time requests waited in the batching queue, in the statistics window");
            timeGauge("mlops.endpoint.latency.window", variant, "0.5", s -> seconds(s.latencyP50()),
                    "Model-call latency quantiles over the endpoint's statistics window");
            timeGauge("mlops.endpoint.latency.window", variant, "0.95", s -> seconds(s.latencyP95()),
                    "Model-call latency quantiles over the endpoint's statistics window");
            timeGauge("mlops.endpoint.latency.window", variant, "0.99", s -> seconds(s.latencyP99()),
                    "Model-call latency quantiles over the endpoint's statistics window");
            timeGauge("mlops.endpoint.latency.window", variant, "1.0", s -> seconds(s.latencyMax()),
                    "Model-call latency quantiles over the endpoint's statistics window");
        }

        private double nonNegative(double v) {
            return Double.isNaN(v) ? 0 : v;
        }

        private <M extends Meter> M add(M meter) {
            all.add(meter);
            return meter;
        }

        private Timer timer(String name, String outcome, String description, boolean histogram) {
            Timer.Builder b = Timer.builder(name).tags(tags).tag("outcome", outcome).description(description);
            if (histogram && percentileHistogram) {
                b.publishPercentileHistogram().minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED);
            } else if (histogram && buckets.length > 0) {
                b.serviceLevelObjectives(buckets);
            }
            if (percentiles.length > 0) {
                b.publishPercentiles(percentiles);
            }
            return add(b.register(registry));
        }

        private void gauge(String name, String variant, String quantile, ToDoubleFunction<VariantStats> f,
                           String description) {
            add(Gauge.builder(name, this, m -> statOf(variant, f)).tags(tags).tag("quantile", quantile)
                    .baseUnit("rows").description(description).register(registry));
        }

        private void timeGauge(String name, String variant, String quantile, ToDoubleFunction<VariantStats> seconds,
                               String description) {
            add(TimeGauge.builder(name, this, TimeUnit.SECONDS, m -> statOf(variant, seconds)).tags(tags)
                    .tag("quantile", quantile).description(description).register(registry));
        }

        void remove() {
            for (Meter m : all) {
                registry.remove(m);
            }
        }
    }

    /** Configures an {@link EndpointMetrics}. Not thread-safe. */
    public static final class Builder {
        private final String endpoint;
        private final MeterRegistry registry;
        private Tags tags = Tags.empty();
        private Function<String, ModelTags> modelTags = DEFAULT_TAGS;
        private boolean percentileHistogram;
        private List<Duration> buckets = DEFAULT_BUCKETS;
        private double[] percentiles = new double[0];
        private Duration statsTtl = Duration.ofSeconds(1);

        private Builder(String endpoint, MeterRegistry registry) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** Tags added to every meter (e.g. {@code region}). */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = this.tags.and(Objects.requireNonNull(tags, "tags"));
            return this;
        }

        /** Tags added to every meter, as key/value pairs. */
        public Builder tags(String... keyValues) {
            this.tags = this.tags.and(keyValues);
            return this;
        }

        /** How a model name becomes {@code model} and {@code version} tags (default {@link ModelTags#parse}). */
        public Builder modelTags(Function<String, ModelTags> mapping) {
            this.modelTags = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /**
         * The request timers' histogram buckets ({@code _bucket} series in Prometheus, for
         * {@code histogram_quantile}); default {@link #DEFAULT_BUCKETS}; none publishes no histogram. Shadow timers
         * never publish one (they would multiply the series for little use).
         */
        public Builder buckets(Duration... buckets) {
            for (Duration d : buckets) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("histogram buckets must be positive, found " + d);
                }
            }
            this.buckets = List.of(buckets);
            return this;
        }

        /**
         * Whether the request timers publish Micrometer's percentile histogram (about 90 buckets from 50 µs to 30 s,
         * aggregable across instances) instead of the fixed {@link #buckets}; default false.
         */
        public Builder percentileHistogram(boolean on) {
            this.percentileHistogram = on;
            return this;
        }

        /** Client-side percentiles the request timers publish as well (e.g. 0.5, 0.99); default none. */
        public Builder percentiles(double... percentiles) {
            for (double p : percentiles) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("percentiles are in [0, 1], found " + p);
                }
            }
            this.percentiles = percentiles.clone();
            return this;
        }

        /** How long one read of the endpoint's stats serves the gauges (default 1 s; a scrape reads many). */
        public Builder statsTtl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("stats TTL must not be negative, found " + ttl);
            }
            this.statsTtl = ttl;
            return this;
        }

        /** The metrics; pass them to {@link Endpoint.Builder#listener} and then {@link #bind} the endpoint. */
        public EndpointMetrics build() {
            return new EndpointMetrics(this);
        }
    }
}
