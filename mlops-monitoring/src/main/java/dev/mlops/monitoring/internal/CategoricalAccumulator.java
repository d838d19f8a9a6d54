package dev.mlops.monitoring.internal;

import java.util.HashMap;
import java.util.Map;

/** Window state of one categorical feature: counts per category and missing. Not thread-safe (stripe-confined). */
public final class CategoricalAccumulator {
    private final HashMap<String, long[]> counts = new HashMap<>();
    private long missing;

    public CategoricalAccumulator copy() {
        CategoricalAccumulator c = new CategoricalAccumulator();
        counts.forEach((k, v) -> c.counts.put(k, v.clone()));
        c.missing = missing;
        return c;
    }

    public void add(String v) {
        if (v == null) {
            missing++;
            return;
        }
        long[] c = counts.get(v);
        if (c == null) {
            counts.put(v, new long[]{1});
        } else {
            c[0]++;
        }
    }

    public void add(String[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            add(values[i]);
        }
    }

    public void merge(CategoricalAccumulator o) {
        o.counts.forEach((k, v) -> counts.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
        missing += o.missing;
    }

    public Map<String, Long> frequencies() {
        Map<String, Long> m = new HashMap<>();
        counts.forEach((k, v) -> m.put(k, v[0]));
        return m;
    }

    /** Restores state read from JSON. */
    public void restore(Map<String, Long> frequencies, long missingCount) {
        counts.clear();
        frequencies.forEach((k, v) -> counts.put(k, new long[]{v}));
        missing = missingCount;
    }

    public long missing() {
        return missing;
    }

    public long count() {
        long c = 0;
        for (long[] v : counts.values()) {
            c += v[0];
        }
        return c;
    }
}
