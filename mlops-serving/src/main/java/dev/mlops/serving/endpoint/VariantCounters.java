package dev.mlops.serving.endpoint;

import dev.mlops.serving.internal.BatchObserver;
import dev.mlops.serving.internal.LatencyHistogram;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** The live counters of one variant; lock-free. Thread-safe. */
final class VariantCounters implements BatchObserver {
    private static final class Window {
        final long start;
        final LatencyHistogram histogram = new LatencyHistogram();
        final LatencyHistogram batchRows = new LatencyHistogram();
        final LatencyHistogram queueWait = new LatencyHistogram();

        Window(long start) {
            this.start = start;
        }
    }

    private final long windowNanos;
    final LongAdder requests = new LongAdder();
    private final LongAdder[] errors = new LongAdder[VariantStats.ErrorKind.values().length];
    final LongAdder shadowRequests = new LongAdder();
    final LongAdder shadowErrors = new LongAdder();
    final LongAdder disagreements = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder swaps = new LongAdder();
    final LongAdder batches = new LongAdder();
    private final AtomicReference<Window> current;
    private volatile Window previous;

    VariantCounters(Duration window, long now) {
        this.windowNanos = window.toNanos();
        this.current = new AtomicReference<>(new Window(now));
        for (int i = 0; i < errors.length; i++) {
            errors[i] = new LongAdder();
        }
    }

    void success(long nanos, long now) {
        requests.increment();
        window(now).histogram.record(nanos);
    }

    void error(VariantStats.ErrorKind kind, long nanos, long now) {
        requests.increment();
        errors[kind.ordinal()].increment();
        window(now).histogram.record(nanos);
    }

    @Override
    public void batch(int rows, int requests) {
        batches.increment();
        window(System.nanoTime()).batchRows.record(rows);
    }

    @Override
    public void queueWait(long nanos) {
        window(System.nanoTime()).queueWait.record(nanos);
    }

    private Window window(long now) {
        Window w = current.get();
        if (now - w.start >= windowNanos) {
            Window fresh = new Window(now);
            if (current.compareAndSet(w, fresh)) {
                previous = w;
                return fresh;
            }
            return current.get();
        }
        return w;
    }

    VariantStats snapshot(String variant, String model, long now) {
        long[] merged = new long[LatencyHistogram.bucketCount()];
        Window w = window(now);
        long max = w.histogram.addTo(merged);
        Window p = previous;
        if (p != null && p != w) {
            max = Math.max(max, p.histogram.addTo(merged));
        }
        long[] rows = new long[LatencyHistogram.bucketCount()];
        long[] waits = new long[LatencyHistogram.bucketCount()];
        long rowsMax = w.batchRows.addTo(rows);
        long waitMax = w.queueWait.addTo(waits);
        if (p != null && p != w) {
            rowsMax = Math.max(rowsMax, p.batchRows.addTo(rows));
            waitMax = Math.max(waitMax, p.queueWait.addTo(waits));
        }
        Map<VariantStats.ErrorKind, Long> e = new EnumMap<>(VariantStats.ErrorKind.class);
        for (VariantStats.ErrorKind k : VariantStats.ErrorKind.values()) {
            e.put(k, errors[k.ordinal()].sum());
        }
        return new VariantStats(variant, model, requests.sum(), e,
                Duration.ofNanos(LatencyHistogram.quantile(merged, 0.50, max)),
                Duration.ofNanos(LatencyHistogram.quantile(merged, 0.95, max)),
                Duration.ofNanos(LatencyHistogram.quantile(merged, 0.99, max)),
                Duration.ofNanos(max),
                shadowRequests.sum(), shadowErrors.sum(), disagreements.sum(), dropped.sum(), swaps.sum(),
                batches.sum(), LatencyHistogram.quantile(rows, 0.5, rowsMax), rowsMax,
                Duration.ofNanos(LatencyHistogram.quantile(waits, 0.5, waitMax)),
                Duration.ofNanos(LatencyHistogram.quantile(waits, 0.99, waitMax)));
    }
}
