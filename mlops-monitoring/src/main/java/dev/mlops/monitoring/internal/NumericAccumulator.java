package dev.mlops.monitoring.internal;

import dev.mlops.monitoring.stats.Binning;
import dev.mlops.monitoring.stats.QuantileSketch;
import dev.mlops.monitoring.stats.WeightedSample;

import java.util.Arrays;

/**
 * Window state of one numeric feature: bin counts on the reference binning, missing count, and the values — exact up
 * to {@code exactLimit}, then a {@link QuantileSketch} fed in batches. Not thread-safe (confined to a stripe under its
 * lock, or to the closing thread).
 */
public final class NumericAccumulator {
    private final double[] edges;
    private final int exactLimit;
    private final int sketchK;
    private final long[] bins;
    private long missing;
    private double[] buffer;
    private int size;
    private QuantileSketch sketch;

    public NumericAccumulator(Binning binning, int exactLimit, int sketchK) {
        this.edges = binning.edges();
        this.exactLimit = exactLimit;
        this.sketchK = sketchK;
        this.bins = new long[edges.length + 1];
        this.buffer = new double[Math.min(exactLimit, 256)];
    }

    private NumericAccumulator(NumericAccumulator o) {
        this.edges = o.edges;
        this.exactLimit = o.exactLimit;
        this.sketchK = o.sketchK;
        this.bins = o.bins.clone();
        this.missing = o.missing;
        this.buffer = Arrays.copyOf(o.buffer, Math.max(o.size, 1));
        this.size = o.size;
        this.sketch = o.sketch == null ? null : o.sketch.copy();
    }

    public NumericAccumulator copy() {
        return new NumericAccumulator(this);
    }

    /** Adds one value. */
    public void add(double x) {
        if (x != x) {
            missing++;
            return;
        }
        int b = 0;
        for (double e : edges) {
            b += x >= e ? 1 : 0;
        }
        bins[b]++;
        if (size == buffer.length) {
            makeRoom(1);
        }
        buffer[size++] = x;
    }

    /** Adds {@code values[from, to)}. */
    public void add(double[] values, int from, int to) {
        long[] bn = bins;
        double[] e = edges;
        int n = to - from;
        if (size + n > buffer.length) {
            makeRoom(n);
        }
        double[] buf = buffer;
        int s = size;
        long miss = 0;
        for (int i = from; i < to; i++) {
            double x = values[i];
            if (x != x) {
                miss++;
                continue;
            }
            int b = 0;
            for (double edge : e) {
                b += x >= edge ? 1 : 0;
            }
            bn[b]++;
            buf[s++] = x;
        }
        size = s;
        missing += miss;
    }

    private void makeRoom(int n) {
        if (sketch == null && size + n <= exactLimit) {
            int cap = buffer.length;
            while (cap < size + n) {
                cap = cap * 2 + 1;
            }
            buffer = Arrays.copyOf(buffer, Math.min(Math.max(cap, size + n), exactLimit));
            return;
        }
        // beyond the exact limit: feed the sketch in one batch and reuse the buffer
        if (sketch == null) {
            sketch = new QuantileSketch(sketchK);
        }
        sketch.update(buffer, 0, size);
        size = 0;
        if (buffer.length < n) {
            buffer = new double[Math.max(n, buffer.length)];
        }
    }

    /** Adds another accumulator of the same binning into this one. */
    public void merge(NumericAccumulator o) {
        for (int i = 0; i < bins.length; i++) {
            bins[i] += o.bins[i];
        }
        missing += o.missing;
        if (o.sketch != null) {
            if (sketch == null) {
                sketch = new QuantileSketch(sketchK);
            }
            sketch.merge(o.sketch);
        }
        if (size + o.size > buffer.length) {
            makeRoom(o.size);
        }
        System.arraycopy(o.buffer, 0, buffer, size, o.size);
        size += o.size;
    }

    /** The exact buffer's values (not yet in the sketch). */
    public double[] bufferedValues() {
        return Arrays.copyOf(buffer, size);
    }

    /** The exact buffer itself (values {@code [0, bufferSize())}); do not modify. */
    public double[] rawBuffer() {
        return buffer;
    }

    /** How many values the exact buffer holds. */
    public int bufferSize() {
        return size;
    }

    /** The sketch, or null while exact. */
    public QuantileSketch sketch() {
        return sketch;
    }

    /** Restores state read from JSON. */
    public void restore(long[] binCounts, long missingCount, double[] values, QuantileSketch restored) {
        if (binCounts.length != bins.length) {
            throw new IllegalArgumentException("expected " + bins.length + " bin counts, found " + binCounts.length);
        }
        System.arraycopy(binCounts, 0, bins, 0, bins.length);
        missing = missingCount;
        sketch = restored;
        size = 0;
        if (buffer.length < values.length) {
            buffer = new double[values.length];
        }
        System.arraycopy(values, 0, buffer, 0, values.length);
        size = values.length;
    }

    public long[] bins() {
        return bins.clone();
    }

    public long missing() {
        return missing;
    }

    /** Non-missing values seen. */
    public long count() {
        long c = 0;
        for (long b : bins) {
            c += b;
        }
        return c;
    }

    /** The values as a weighted sample: exact, or the sketch with its error bound. */
    public WeightedSample sample() {
        if (sketch == null) {
            return WeightedSample.exact(Arrays.copyOf(buffer, size));
        }
        QuantileSketch s = sketch.copy();
        s.update(buffer, 0, size);
        return s.toSample();
    }

    public boolean sketched() {
        return sketch != null;
    }
}
