package dev.mlops.monitoring.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Window state of one categorical feature: counts per category (at most {@code maxCategories} distinct ones), an
 * "other" count for values of further categories, and missing. Not thread-safe (stripe-confined).
 */
public final class CategoricalAccumulator {
    /** Distinct categories a window tracks by default before counting further ones as "other". */
    public static final int DEFAULT_MAX_CATEGORIES = 1_000;

    private final HashMap<String, long[]> counts = new HashMap<>();
    private final int maxCategories;
    private long missing;
    private long other;

    public CategoricalAccumulator() {
        this(DEFAULT_MAX_CATEGORIES);
    }

    public CategoricalAccumulator(int maxCategories) {
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be >= 1, found " + maxCategories);
        }
        this.maxCategories = maxCategories;
    }

    public CategoricalAccumulator copy() {
        CategoricalAccumulator c = new CategoricalAccumulator(maxCategories);
        counts.forEach((k, v) -> c.counts.put(k, v.clone()));
        c.missing = missing;
        c.other = other;
        return c;
    }

    public void add(String v) {
        if (v == null) {
            missing++;
            return;
        }
        long[] c = counts.get(v);
        if (c != null) {
            c[0]++;
        } else if (counts.size() < maxCategories) {
            counts.put(v, new long[]{1});
        } else {
            other++;
        }
    }

    public void add(String[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            add(values[i]);
        }
    }

    public void merge(CategoricalAccumulator o) {
        o.counts.forEach((k, v) -> {
            long[] c = counts.get(k);
            if (c != null) {
                c[0] += v[0];
            } else if (counts.size() < maxCategories) {
                counts.put(k, new long[]{v[0]});
            } else {
                other += v[0];
            }
        });
        missing += o.missing;
        other += o.other;
    }

    /** Counts of the tracked categories (not the "other" values). */
    public Map<String, Long> frequencies() {
        Map<String, Long> m = new HashMap<>();
        counts.forEach((k, v) -> m.put(k, v[0]));
        return m;
    }

    /** Restores state read from JSON. */
    public void restore(Map<String, Long> frequencies, long missingCount, long otherCount) {
        counts.clear();
        other = otherCount;
        frequencies.forEach((k, v) -> {
            if (counts.size() < maxCategories) {
                counts.put(k, new long[]{v});
            } else {
                other += v;
            }
        });
        missing = missingCount;
    }

    public long missing() {
        return missing;
    }

    /** Values of categories beyond the tracked limit. */
    public long other() {
        return other;
    }

    /** Non-missing values, "other" included. */
    public long count() {
        long c = other;
        for (long[] v : counts.values()) {
            c += v[0];
        }
        return c;
    }
}
