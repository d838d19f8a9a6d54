package dev.mlops.pipelines;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.QualityMonitor;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * An endpoint whose traffic feeds a drift monitor (every row's input features and the model's prediction) and,
 * optionally, a ground-truth quality monitor (the prediction now, the label when {@link #recordLabel} brings it).
 * Serving and monitoring do not know each other; this is where they meet. Thread-safe: {@code predict} takes no lock
 * of its own (the monitors are thread-safe); a failing monitor is logged and counted, never thrown to the caller.
 */
public final class MonitoredEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MonitoredEndpoint.class);
    /** Column index marking the prediction in {@link #sources}. */
    private static final int PREDICTION = -2;
    private static final int MISSING = -1;

    private final Endpoint endpoint;
    private final DriftMonitor drift;
    private final QualityMonitor quality;
    private final String inputName;
    private final String outputName;
    /** For each of the drift monitor's numeric features: its column in the input tensor, PREDICTION or MISSING. */
    private final int[] sources;
    private final int categoricalCount;
    private final LongAdder monitorFailures = new LongAdder();
    private final LongAdder rowsObserved = new LongAdder();

    private MonitoredEndpoint(Builder b) {
        this.endpoint = b.endpoint;
        this.drift = b.drift;
        this.quality = b.quality;
        this.inputName = b.inputName;
        this.outputName = b.outputName;
        List<String> monitored = drift.numericFeatureNames();
        this.sources = new int[monitored.size()];
        for (int k = 0; k < sources.length; k++) {
            String f = monitored.get(k);
            int col = b.inputFeatures.indexOf(f);
            sources[k] = f.equals(b.predictionFeature) ? PREDICTION : col >= 0 ? col : MISSING;
        }
        this.categoricalCount = drift.categoricalFeatureNames().size();
    }

    /**
     * A builder: {@code inputFeatures} names the columns of the endpoint's (first or named) input tensor, in order, as
     * the drift monitor's profile names them.
     */
    public static Builder builder(Endpoint endpoint, DriftMonitor drift, List<String> inputFeatures) {
        return new Builder(endpoint, drift, inputFeatures);
    }

    /** Predicts through the endpoint (routing by its policy) and observes the rows. */
    public Outputs predict(Inputs inputs) {
        return predict(inputs, null);
    }

    /**
     * Predicts with routing key {@code requestId} (sticky policies) and observes the rows; when a quality monitor is
     * set and {@code requestId} is not null, records row i's prediction under {@code requestId} (one row) or
     * {@code requestId + "#" + i} (several), for {@link #recordLabel} to join.
     */
    public Outputs predict(Inputs inputs, String requestId) {
        Outputs out = requestId == null ? endpoint.predict(inputs) : endpoint.predict(inputs, requestId);
        try {
            observe(inputs, out, requestId);
        } catch (RuntimeException e) {
            monitorFailures.increment();
            LOG.warn("monitoring endpoint {} failed; the prediction was returned", endpoint.name(), e);
        }
        return out;
    }

    private void observe(Inputs inputs, Outputs out, String requestId) {
        Tensor x = inputName == null ? inputs.get(inputs.names().get(0)) : inputs.get(inputName);
        int n = (int) x.dim(0);
        int cols = x.rank() == 1 ? 1 : x.size() / Math.max(1, n);
        Tensor y = outputName == null ? out.first() : out.tensor(outputName);
        int k = y.rank() == 1 ? 1 : (int) y.dim(1);
        int pick = k >= 2 ? 1 : 0;
        String[] cats = categoricalCount == 0 ? null : new String[categoricalCount];
        for (int i = 0; i < n; i++) {
            double prediction = y.getDouble(i * k + pick);
            double[] row = new double[sources.length];
            for (int f = 0; f < sources.length; f++) {
                int s = sources[f];
                row[f] = s == PREDICTION ? prediction : s == MISSING ? Double.NaN : x.getDouble(i * cols + s);
            }
            drift.observe(row, cats);
            if (quality != null && requestId != null) {
                quality.recordPrediction(n == 1 ? requestId : requestId + "#" + i, prediction);
            }
        }
        rowsObserved.add(n);
    }

    /** Records the true label of a request (row) predicted earlier; needs a quality monitor. */
    public void recordLabel(String requestId, double label) {
        if (quality == null) {
            throw new IllegalStateException("No quality monitor: build with quality(monitor) to record labels");
        }
        quality.recordLabel(requestId, label);
    }

    /** The endpoint. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The drift monitor. */
    public DriftMonitor driftMonitor() {
        return drift;
    }

    /** Rows observed so far. */
    public long rowsObserved() {
        return rowsObserved.sum();
    }

    /** How many times feeding a monitor failed (each logged). */
    public long monitorFailures() {
        return monitorFailures.sum();
    }

    /** Closes the drift monitor (the endpoint is left open: it belongs to the caller). */
    @Override
    public void close() {
        drift.close();
    }

    /** Builds a {@link MonitoredEndpoint}. Not thread-safe. */
    public static final class Builder {
        private final Endpoint endpoint;
        private final DriftMonitor drift;
        private final List<String> inputFeatures;
        private QualityMonitor quality;
        private String inputName;
        private String outputName;
        private String predictionFeature = "prediction";

        private Builder(Endpoint endpoint, DriftMonitor drift, List<String> inputFeatures) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.drift = Objects.requireNonNull(drift, "drift");
            this.inputFeatures = List.copyOf(inputFeatures);
        }

        /** The ground-truth monitor fed with predictions (and labels via {@link #recordLabel}). */
        public Builder quality(QualityMonitor monitor) {
            this.quality = Objects.requireNonNull(monitor, "monitor");
            return this;
        }

        /** The input tensor holding the features (default: the first input). */
        public Builder input(String name) {
            this.inputName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The output holding class probabilities or the prediction (default: the first output). */
        public Builder output(String name) {
            this.outputName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The profile feature that receives the prediction (default {@code prediction}). */
        public Builder predictionFeature(String name) {
            this.predictionFeature = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Builds; every monitored numeric feature must be an input column or the prediction. */
        public MonitoredEndpoint build() {
            for (String f : drift.numericFeatureNames()) {
                if (!f.equals(predictionFeature) && !inputFeatures.contains(f)) {
                    throw new IllegalStateException("The drift monitor watches feature '" + f + "', which is neither an"
                            + " input column " + inputFeatures + " nor the prediction feature '" + predictionFeature
                            + "'; name the input columns as the profile does");
                }
            }
            return new MonitoredEndpoint(this);
        }
    }
}
