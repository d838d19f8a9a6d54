package dev.mlops.endpointdrift;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Provenance;
import dev.mlops.serving.Signature;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.TensorSpec;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.endpoint.EndpointListener;
import dev.mlops.serving.endpoint.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Feeds an endpoint's traffic to a drift monitor: every answered row's input features and prediction, in one line:
 * <pre>{@code
 * EndpointDrift drift = EndpointDrift.watch(endpoint, monitor);
 * }</pre>
 * Feature names come from the model's signature: a model with one input per feature (scalars {@code [n]} or
 * {@code [n, 1]}, as scikit-learn converters make them) names its features; a model with one matrix input
 * {@code [n, k]} is read column by column in the order of the monitor's profile (k must match), or in the order given
 * to {@link Builder#features}. The prediction (the first output; its positive-class column for a probability matrix)
 * feeds the profile feature named {@code prediction}, if the profile has one.
 *
 * <p>Off the request thread by default: the request thread only hands the (immutable) inputs and outputs to an
 * executor — the caller's ({@link Builder#executor}), else one daemon thread of its own
 * ({@code mlops-drift-<endpoint>}, at most {@link Builder#maxPending} waiting, more are dropped and counted) — where
 * rows are converted and observed, and where the monitor's window evaluation and its listeners then run (a rollback on
 * alert never runs inside a request). Shadow mirrors and {@code predictOn} are not observed. Thread-safe; close it to
 * stop observing (the monitor and endpoint are left open: they belong to the caller).
 */
public final class EndpointDrift implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointDrift.class);
    private static final int PREDICTION = -2;
    private static final int MISSING = -1;

    private final Endpoint endpoint;
    private final DriftMonitor monitor;
    private final Executor executor;
    private final ThreadPoolExecutor ownExecutor;
    private final Subscription subscription;
    private final List<String> columns;
    private final String predictionFeature;
    private final int categorical;
    private final LongAdder rows = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failures = new LongAdder();
    /** Per serving model (variant and version): how its inputs map to the monitor's features. */
    private final java.util.Map<Provenance, Plan> plans = new java.util.concurrent.ConcurrentHashMap<>();

    /** How one model's inputs map to the monitor's numeric features; rebuilt when the serving model changes. */
    private record Plan(Provenance model, String[] inputs, boolean perFeatureInputs, int[] sources) {
    }

    private EndpointDrift(Builder b) {
        this.endpoint = b.endpoint;
        this.monitor = b.monitor;
        this.columns = b.features;
        this.predictionFeature = b.predictionFeature;
        this.categorical = monitor.categoricalFeatureNames().size();
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownExecutor = null;
        } else {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(b.maxPending), r -> {
                        Thread t = new Thread(r, "mlops-drift-" + b.endpoint.name());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            this.ownExecutor = pool;
            this.executor = pool;
        }
        for (String v : endpoint.variants()) {
            plan(endpoint.model(v).provenance().at(endpoint.name(), v), endpoint.model(v).signature()); // fail at once
        }
        this.subscription = endpoint.addListener(new EndpointListener() {
            @Override
            public void onPrediction(Provenance answeredBy, Inputs inputs, Outputs outputs) {
                submit(answeredBy, inputs, outputs);
            }
        });
    }

    /** Feeds {@code endpoint}'s traffic to {@code monitor} with the defaults (see the class comment). */
    public static EndpointDrift watch(Endpoint endpoint, DriftMonitor monitor) {
        return builder(endpoint, monitor).build();
    }

    /** A builder, for a feature order, an executor or another prediction feature. */
    public static Builder builder(Endpoint endpoint, DriftMonitor monitor) {
        return new Builder(endpoint, monitor);
    }

    private void submit(Provenance answeredBy, Inputs inputs, Outputs outputs) {
        try {
            executor.execute(() -> observe(answeredBy, inputs, outputs));
        } catch (RejectedExecutionException e) {
            dropped.increment();
        }
    }

    private void observe(Provenance answeredBy, Inputs inputs, Outputs outputs) {
        try {
            Plan p = plans.get(answeredBy);
            if (p == null) {
                p = plan(answeredBy, endpoint.model(answeredBy.variant().orElseThrow()).signature());
            }
            Tensor[] x = new Tensor[p.inputs().length];
            for (int i = 0; i < x.length; i++) {
                x[i] = inputs.get(p.inputs()[i]);
            }
            if (x.length == 1 && x[0] == null && inputs.size() == 1) {
                x[0] = inputs.get(inputs.names().get(0)); // a one-input model's unnamed input (Inputs.of(tensor))
            }
            int n = (int) x[0].dim(0);
            int cols = p.perFeatureInputs() ? 1 : (int) (x[0].size() / Math.max(1, n));
            Tensor y = outputs.first();
            int k = y.rank() <= 1 ? 1 : (int) (y.size() / Math.max(1, y.dim(0)));
            int pick = k >= 2 ? 1 : 0;
            String[] cats = categorical == 0 ? null : new String[categorical];
            int[] sources = p.sources();
            for (int r = 0; r < n; r++) {
                double[] row = new double[sources.length];
                for (int f = 0; f < sources.length; f++) {
                    int s = sources[f];
                    row[f] = s == PREDICTION ? y.getDouble(r * k + pick) : s == MISSING ? Double.NaN
                            : p.perFeatureInputs() ? x[s].getDouble(r) : x[0].getDouble(r * cols + s);
                }
                monitor.observe(row, cats);
            }
            rows.add(n);
        } catch (RuntimeException e) {
            failures.increment();
            LOG.warn("feeding endpoint '{}' to its drift monitor failed; the request was not affected: {}",
                    endpoint.name(), e.toString());
        }
    }

    /** Works out (and caches) how {@code model}'s inputs map onto the monitor's features. */
    private Plan plan(Provenance model, Signature signature) {
        List<String> features = monitor.numericFeatureNames();
        List<TensorSpec> specs = signature.inputs();
        boolean perFeature = specs.size() > 1;
        List<String> names = new ArrayList<>();
        if (perFeature) {
            for (TensorSpec s : specs) {
                names.add(s.name());
            }
        } else if (columns != null) {
            names.addAll(columns);
        } else {
            for (String f : features) {
                if (!f.equals(predictionFeature)) {
                    names.add(f);
                }
            }
            long width = specs.get(0).shape().length >= 2 ? specs.get(0).shape()[1] : 1;
            if (width > 0 && width != names.size()) {
                throw new IllegalStateException("endpoint '" + endpoint.name() + "': model " + model.model()
                        + " takes " + width + " columns in input '" + specs.get(0).name() + "' but the drift profile has "
                        + names.size() + " input features " + names + "; name the columns with features(...)");
            }
        }
        int[] sources = new int[features.size()];
        for (int f = 0; f < sources.length; f++) {
            String feature = features.get(f);
            int col = names.indexOf(feature);
            sources[f] = feature.equals(predictionFeature) ? PREDICTION : col >= 0 ? col : MISSING;
            if (sources[f] == MISSING) {
                throw new IllegalStateException("endpoint '" + endpoint.name() + "': the drift monitor watches '"
                        + feature + "', which is neither a feature of model " + model.model() + " " + names
                        + " nor the prediction feature '" + predictionFeature + "'");
            }
        }
        String[] inputs = perFeature ? names.toArray(new String[0]) : new String[]{specs.get(0).name()};
        Plan p = new Plan(model, inputs, perFeature, sources);
        if (plans.size() > 64) {
            plans.clear(); // models come and go with swaps: keep only recent ones
        }
        plans.put(model, p);
        return p;
    }

    /** Rows observed so far. */
    public long rowsObserved() {
        return rows.sum();
    }

    /** Requests not observed because the executor was saturated. */
    public long dropped() {
        return dropped.sum();
    }

    /** Requests whose observation failed (each logged; the request was not affected). */
    public long failures() {
        return failures.sum();
    }

    /** Stops observing: removes the listener and stops the own thread after the queued requests. Idempotent. */
    @Override
    public void close() {
        subscription.close();
        if (ownExecutor != null) {
            ownExecutor.shutdown();
            try {
                ownExecutor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Builds an {@link EndpointDrift}; setters validate at once. Not thread-safe. */
    public static final class Builder {
        private final Endpoint endpoint;
        private final DriftMonitor monitor;
        private List<String> features;
        private String predictionFeature = "prediction";
        private Executor executor;
        private int maxPending = 10_000;

        private Builder(Endpoint endpoint, DriftMonitor monitor) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.monitor = Objects.requireNonNull(monitor, "monitor");
        }

        /** The column names of a one-matrix-input model, in column order (default: the profile's order). */
        public Builder features(List<String> columns) {
            this.features = List.copyOf(columns);
            return this;
        }

        /** The profile feature that receives the prediction (default {@code prediction}). */
        public Builder predictionFeature(String name) {
            this.predictionFeature = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Observes (and so evaluates windows and calls the monitor's listeners) on {@code executor}. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Requests waiting for the own thread at most (≥ 1, default 10 000); more are dropped and counted. */
        public Builder maxPending(int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("maxPending must be >= 1, given " + requests);
            }
            this.maxPending = requests;
            return this;
        }

        /**
         * Starts observing.
         *
         * @throws IllegalStateException if a monitored feature is neither a model feature nor the prediction
         */
        public EndpointDrift build() {
            return new EndpointDrift(this);
        }
    }
}
