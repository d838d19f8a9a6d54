package dev.mlops.serving.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free log-linear histogram of durations in nanoseconds: 8 sub-buckets per power of two, so a quantile is
 * reported within 12.5 % (as the upper bound of its bucket). Recording is one atomic increment (plus a compare-and-set
 * when a new maximum is seen). Thread-safe.
 */
public final class LatencyHistogram {
    private static final int SUB = 8;
    private static final int BUCKETS = 64 * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong max = new AtomicLong();

    /** Records one duration (negative values count as 0). */
    public void record(long nanos) {
        long v = Math.max(nanos, 0);
        counts.incrementAndGet(index(v));
        long m = max.get();
        while (v > m && !max.compareAndSet(m, v)) {
            m = max.get();
        }
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) ((v >>> (exp - 3)) & (SUB - 1));
        return (exp - 2) * SUB + sub;
    }

    /** The largest value falling in bucket {@code i}. */
    static long upperBound(int i) {
        if (i < SUB) {
            return i;
        }
        int exp = i / SUB + 2;
        int sub = i % SUB;
        long lower = ((long) (SUB + sub)) << (exp - 3);
        return lower + (1L << (exp - 3)) - 1;
    }

    /** Adds this histogram's counts into {@code into} (length {@link #bucketCount()}); returns the max seen. */
    public long addTo(long[] into) {
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += counts.get(i);
        }
        return max.get();
    }

    /** The number of buckets. */
    public static int bucketCount() {
        return BUCKETS;
    }

    /** The {@code q}-quantile (0..1) of merged counts, as the upper bound of its bucket capped at {@code max}; 0 if empty. */
    public static long quantile(long[] counts, double q, long max) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        if (rank < 1) {
            rank = 1;
        }
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }
}
