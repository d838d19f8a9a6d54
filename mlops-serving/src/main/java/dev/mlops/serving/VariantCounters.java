package dev.mlops.serving;

import dev.mlops.serving.internal.LatencyHistogram;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** The live counters of one variant; lock-free. Thread-safe. */
final class VariantCounters {
    private static final class Window {
        final long start;
        final LatencyHistogram histogram = new LatencyHistogram();

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
        Map<VariantStats.ErrorKind, Long> e = new EnumMap<>(VariantStats.ErrorKind.class);
        for (VariantStats.ErrorKind k : VariantStats.ErrorKind.values()) {
            e.put(k, errors[k.ordinal()].sum());
        }
        return new VariantStats(variant, model, requests.sum(), e,
                Duration.ofNanos(LatencyHistogram.quantile(merged, 0.50, max)),
                Duration.ofNanos(LatencyHistogram.quantile(merged, 0.95, max)),
                Duration.ofNanos(LatencyHistogram.quantile(merged, 0.99, max)),
                Duration.ofNanos(max),
                shadowRequests.sum(), shadowErrors.sum(), disagreements.sum(), dropped.sum(), swaps.sum());
    }
}
