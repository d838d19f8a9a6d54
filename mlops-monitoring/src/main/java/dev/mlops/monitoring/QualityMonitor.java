package dev.mlops.monitoring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Online model quality from ground truth: record each prediction with its request id, record the label when it
 * arrives (minutes or days later, or even before the prediction); joined by id, pairs fill tumbling windows of
 * {@code windowSize} pairs, and each window yields quality metrics ({@link QualityMetrics}: accuracy, precision,
 * recall, ROC AUC and log-loss for binary and multi-class classifiers (macro averages, one-vs-rest AUC); MAE and
 * RMSE for regressors), checked against thresholds, with
 * listeners for windows and alerts.
 *
 * <p>Memory stays bounded: a prediction or label waiting for its partner longer than {@code expireAfter} is dropped
 * and counted, and at most {@code maxPending} of each wait (beyond that the oldest is dropped and counted). Expiry
 * runs on the recording threads (a non-blocking pass over the oldest entries) and in {@link #expire()}.
 *
 * <p>Thread-safe: record from any thread. Pending entries live in concurrent maps guarded per request id by one of
 * 64 striped locks (no global lock), so a prediction and its label recorded at the same moment join exactly once;
 * joined pairs are appended to the window under one short lock (joins are rare compared with {@code DriftMonitor.observe}).
 */
public final class QualityMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(QualityMonitor.class);

    /** The kind of model. Immutable and thread-safe. */
    public enum Task {
        /** Binary classifier: prediction = probability of class 1, labels 0 or 1. */
        BINARY_CLASSIFICATION,
        /** Regressor: prediction and label are numbers. */
        REGRESSION,
        /** Multi-class classifier: prediction = one probability per class, label = the class index 0..k-1. */
        MULTICLASS_CLASSIFICATION
    }

    private record Pending(double value, double[] vector, long atNanos, Instant at) {
    }

    private record Queued(String id, Pending entry) {
    }

    private final Task task;
    private final int classes;
    private final int windowSize;
    private final double threshold;
    private final Duration expireAfter;
    private final int maxPending;
    private final Clock clock;
    private final Map<String, Double> minimums;
    private final Map<String, Double> maximums;
    private final List<QualityListener> listeners;

    private final ConcurrentHashMap<String, Pending> predictions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Pending> labels = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Queued> predictionOrder = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Queued> labelOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger predictionCount = new AtomicInteger();
    private final AtomicInteger labelCount = new AtomicInteger();
    private final AtomicLong expiredPredictions = new AtomicLong();
    private final AtomicLong expiredLabels = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final ReentrantLock expiryLock = new ReentrantLock();
    /** Striped by request id: a prediction and a label of one id arriving together join exactly once. */
    private final Object[] idLocks = new Object[64];

    private final ReentrantLock windowLock = new ReentrantLock();
    private double[] preds;     // guarded by windowLock
    private double[] truths;    // guarded by windowLock
    private int size;           // guarded by windowLock
    private long windowIndex;   // guarded by windowLock
    private final ReentrantLock delivery = new ReentrantLock();

    private QualityMonitor(Builder b) {
        this.task = b.task;
        this.classes = b.classes;
        this.windowSize = b.windowSize;
        this.threshold = b.threshold;
        this.expireAfter = b.expireAfter;
        this.maxPending = b.maxPending;
        this.clock = b.clock;
        this.minimums = Map.copyOf(b.minimums);
        this.maximums = Map.copyOf(b.maximums);
        this.listeners = List.copyOf(b.listeners);
        this.preds = new double[Math.min(windowSize, 1024) * Math.max(1, classes)];
        this.truths = new double[Math.min(windowSize, 1024)];
        for (int i = 0; i < idLocks.length; i++) {
            idLocks[i] = new Object();
        }
    }

    /** A builder for a binary classifier's monitor. */
    public static Builder binaryClassification() {
        return new Builder(Task.BINARY_CLASSIFICATION);
    }

    /**
     * A builder for a multi-class classifier's monitor: predictions are probability vectors of {@code classes}
     * entries, labels class indexes.
     *
     * @throws IllegalArgumentException if {@code classes < 2}
     */
    public static Builder multiclassClassification(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, found " + classes);
        }
        Builder b = new Builder(Task.MULTICLASS_CLASSIFICATION);
        b.classes = classes;
        return b;
    }

    /** A builder for a regressor's monitor. */
    public static Builder regression() {
        return new Builder(Task.REGRESSION);
    }

    /**
     * Records a prediction of a binary classifier (the probability of class 1) or a regressor. A repeated id replaces
     * the earlier one.
     *
     * @throws IllegalStateException for a multi-class monitor (use {@link #recordPrediction(String, double[])})
     */
    public void recordPrediction(String requestId, double prediction) {
        if (task == Task.MULTICLASS_CLASSIFICATION) {
            throw new IllegalStateException("a multi-class monitor takes a probability vector per prediction");
        }
        record(requestId, prediction, null);
    }

    /**
     * Records a multi-class prediction: one probability per class.
     *
     * @throws IllegalStateException    for a binary or regression monitor
     * @throws IllegalArgumentException if the vector's length is not the number of classes
     */
    public void recordPrediction(String requestId, double[] probabilities) {
        if (task != Task.MULTICLASS_CLASSIFICATION) {
            throw new IllegalStateException("a " + task + " monitor takes one number per prediction");
        }
        if (probabilities.length != classes) {
            throw new IllegalArgumentException("expected " + classes + " probabilities, found " + probabilities.length);
        }
        record(requestId, Double.NaN, probabilities.clone());
    }

    private void record(String requestId, double prediction, double[] vector) {
        Objects.requireNonNull(requestId, "requestId");
        Pending label;
        synchronized (idLock(requestId)) {
            label = labels.remove(requestId);
            if (label == null) {
                Pending p = new Pending(prediction, vector, System.nanoTime(), clock.instant());
                if (predictions.put(requestId, p) == null) {
                    predictionCount.incrementAndGet();
                }
                predictionOrder.add(new Queued(requestId, p));
            }
        }
        if (label != null) {
            labelCount.decrementAndGet();
            join(prediction, vector, label.value);
        }
        expireOpportunistically();
    }

    /** Records the true label (0/1 for classifiers) of a request. */
    public void recordLabel(String requestId, double label) {
        Objects.requireNonNull(requestId, "requestId");
        Pending p;
        synchronized (idLock(requestId)) {
            p = predictions.remove(requestId);
            if (p == null) {
                Pending l = now(label);
                if (labels.put(requestId, l) == null) {
                    labelCount.incrementAndGet();
                }
                labelOrder.add(new Queued(requestId, l));
            }
        }
        if (p != null) {
            predictionCount.decrementAndGet();
            join(p.value, p.vector, label);
        }
        expireOpportunistically();
    }

    private Object idLock(String id) {
        int h = id.hashCode();
        return idLocks[(h ^ (h >>> 16)) & (idLocks.length - 1)];
    }

    private Pending now(double v) {
        return new Pending(v, null, System.nanoTime(), clock.instant());
    }

    private void expireOpportunistically() {
        if (expiryLock.tryLock()) {
            try {
                expireLocked();
            } finally {
                expiryLock.unlock();
            }
        }
    }

    /** Drops predictions and labels that waited longer than {@code expireAfter} (also done while recording). */
    public void expire() {
        expiryLock.lock();
        try {
            expireLocked();
        } finally {
            expiryLock.unlock();
        }
    }

    private void expireLocked() {
        Instant cutoff = clock.instant().minus(expireAfter);
        drain(predictionOrder, predictions, predictionCount, expiredPredictions, cutoff);
        drain(labelOrder, labels, labelCount, expiredLabels, cutoff);
    }

    private void drain(ConcurrentLinkedQueue<Queued> order, ConcurrentHashMap<String, Pending> map,
                       AtomicInteger count, AtomicLong expired, Instant cutoff) {
        while (true) {
            Queued q = order.peek();
            if (q == null) {
                return;
            }
            boolean stale = q.entry.at.isBefore(cutoff);
            boolean overflow = count.get() > maxPending;
            boolean gone = map.get(q.id) != q.entry; // joined or replaced: just forget the queue entry
            if (!gone && !stale && !overflow) {
                return;
            }
            order.poll();
            if (!gone && map.remove(q.id, q.entry)) {
                count.decrementAndGet();
                expired.incrementAndGet();
            }
        }
    }

    private void join(double prediction, double[] vector, double label) {
        QualityResult closed = null;
        int stride = Math.max(1, classes);
        windowLock.lock();
        try {
            if (size == truths.length) {
                int cap = Math.min(windowSize, truths.length * 2);
                preds = Arrays.copyOf(preds, cap * stride);
                truths = Arrays.copyOf(truths, cap);
            }
            if (vector != null) {
                System.arraycopy(vector, 0, preds, size * stride, stride);
            } else {
                preds[size] = prediction;
            }
            truths[size] = label;
            size++;
            if (size == windowSize) {
                closed = closeLocked();
            }
        } finally {
            windowLock.unlock();
        }
        if (closed != null) {
            deliver(closed);
        }
    }

    /** Closes the current window now (even if not full), delivers and returns its result. */
    public QualityResult closeWindow() {
        QualityResult r;
        windowLock.lock();
        try {
            r = closeLocked();
        } finally {
            windowLock.unlock();
        }
        deliver(r);
        return r;
    }

    private QualityResult closeLocked() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (task == Task.BINARY_CLASSIFICATION) {
            m.put("accuracy", QualityMetrics.accuracy(preds, truths, size, threshold));
            m.put("precision", QualityMetrics.precision(preds, truths, size, threshold));
            m.put("recall", QualityMetrics.recall(preds, truths, size, threshold));
            m.put("roc_auc", QualityMetrics.rocAuc(preds, truths, size));
            m.put("log_loss", QualityMetrics.logLoss(preds, truths, size));
        } else if (task == Task.MULTICLASS_CLASSIFICATION) {
            m.put("accuracy", QualityMetrics.multiclassAccuracy(preds, classes, truths, size));
            m.put("precision", QualityMetrics.macroPrecision(preds, classes, truths, size));
            m.put("recall", QualityMetrics.macroRecall(preds, classes, truths, size));
            m.put("roc_auc", QualityMetrics.macroRocAucOneVsRest(preds, classes, truths, size));
            m.put("log_loss", QualityMetrics.multiclassLogLoss(preds, classes, truths, size));
        } else {
            m.put("mae", QualityMetrics.mae(preds, truths, size));
            m.put("rmse", QualityMetrics.rmse(preds, truths, size));
        }
        List<String> breaches = new ArrayList<>();
        Map<String, Double> shown = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            shown.put(k, Double.isNaN(v) ? null : v);
            Double min = minimums.get(k);
            if (min != null && v < min) {
                breaches.add(String.format(Locale.ROOT, "%s %.6g < %s", k, v, min));
            }
            Double max = maximums.get(k);
            if (max != null && v > max) {
                breaches.add(String.format(Locale.ROOT, "%s %.6g > %s", k, v, max));
            }
        });
        QualityResult r = new QualityResult(windowIndex++, clock.instant(), size, shown, breaches,
                expiredPredictions.get(), expiredLabels.get(), (long) predictionCount.get() + labelCount.get());
        size = 0;
        return r;
    }

    private void deliver(QualityResult r) {
        delivery.lock();
        try {
            for (QualityListener l : listeners) {
                try {
                    l.onWindow(r);
                    if (r.alert()) {
                        l.onAlert(r);
                    }
                } catch (RuntimeException | Error e) {
                    listenerFailures.incrementAndGet();
                    LOG.warn("quality listener {} failed on window {}", l, r.window(), e);
                }
            }
        } finally {
            delivery.unlock();
        }
    }

    /** Predictions waiting for a label. */
    public int pendingPredictions() {
        return predictionCount.get();
    }

    /** Labels waiting for a prediction. */
    public int pendingLabels() {
        return labelCount.get();
    }

    /** Predictions dropped unjoined (expired or evicted). */
    public long expiredPredictions() {
        return expiredPredictions.get();
    }

    /** Labels dropped unjoined. */
    public long expiredLabels() {
        return expiredLabels.get();
    }

    /** How many listener calls threw. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    /** Configures a {@link QualityMonitor}. Not thread-safe. */
    public static final class Builder {
        private final Task task;
        private int classes;
        private int windowSize = 1000;
        private double threshold = 0.5;
        private Duration expireAfter = Duration.ofDays(7);
        private int maxPending = 1_000_000;
        private Clock clock = Clock.systemUTC();
        private final Map<String, Double> minimums = new LinkedHashMap<>();
        private final Map<String, Double> maximums = new LinkedHashMap<>();
        private final List<QualityListener> listeners = new ArrayList<>();

        private Builder(Task task) {
            this.task = task;
        }

        /** Joined pairs per window (default 1000). */
        public Builder windowSize(int pairs) {
            if (pairs < 1) {
                throw new IllegalArgumentException("windowSize must be >= 1, found " + pairs);
            }
            this.windowSize = pairs;
            return this;
        }

        /** Classification threshold on the probability (default 0.5; predicted class 1 when {@code p >= t}). */
        public Builder threshold(double t) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("threshold must be in [0, 1], found " + t);
            }
            this.threshold = t;
            return this;
        }

        /** How long a prediction or label waits for its partner (default 7 days). */
        public Builder expireAfter(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("expireAfter must be positive, found " + d);
            }
            this.expireAfter = d;
            return this;
        }

        /** At most this many predictions (and this many labels) wait (default 1 000 000). */
        public Builder maxPending(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxPending must be >= 1, found " + n);
            }
            this.maxPending = n;
            return this;
        }

        /** The clock that times expiry and stamps windows. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Alert when the metric falls below {@code min} (e.g. accuracy, roc_auc). */
        public Builder alertBelow(String metric, double min) {
            checkMetric(metric);
            minimums.put(metric, min);
            return this;
        }

        /** Alert when the metric rises above {@code max} (e.g. log_loss, mae, rmse). */
        public Builder alertAbove(String metric, double max) {
            checkMetric(metric);
            maximums.put(metric, max);
            return this;
        }

        private void checkMetric(String metric) {
            List<String> ok = task != Task.REGRESSION
                    ? List.of("accuracy", "precision", "recall", "roc_auc", "log_loss") : List.of("mae", "rmse");
            if (!ok.contains(metric)) {
                throw new IllegalArgumentException("unknown metric '" + metric + "' for " + task + "; expected one of "
                        + ok);
            }
        }

        /** Adds a listener. */
        public Builder listener(QualityListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** Builds the monitor. */
        public QualityMonitor build() {
            return new QualityMonitor(this);
        }
    }
}
