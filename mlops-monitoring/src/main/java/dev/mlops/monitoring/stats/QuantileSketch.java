package dev.mlops.monitoring.stats;

import java.util.Arrays;

/**
 * A mergeable quantile sketch with a deterministic, stated error bound (a compactor hierarchy in the style of
 * Manku–Rajagopalan–Lindsay and KLL, with every level of capacity {@code k}).
 *
 * <p>Level {@code h} holds items of weight {@code 2^h}. When a level exceeds its capacity it is sorted and every other
 * item (alternating offsets) moves up one level with twice the weight. One such compaction changes the weight below
 * any point by at most {@code 2^h}; the sketch adds those amounts up, so {@link #rankErrorBound()} is a guaranteed
 * (worst-case, not probabilistic) bound on the error of the sketch's CDF at any point, as a fraction of
 * {@link #count()}. It grows like {@code log2(n / k) / k}: about 0.2 % for {@code k = 4096} and {@code n = 10^6}.
 * Merging two sketches adds their bounds plus the compactions the merge needs. Exact while fewer than {@code k}
 * values were added.
 *
 * <p>NaN values are ignored (callers count them as missing). Not thread-safe: confine to one thread or guard it;
 * {@link #merge} reads the other sketch without locking it.
 */
public final class QuantileSketch {
    /** The default level capacity. */
    public static final int DEFAULT_K = 4096;

    private final int k;
    private double[][] levels = new double[1][];
    private int[] sizes = new int[1];
    private int[] compactions = new int[1];
    private long count;
    private long absoluteError;
    /** Whether levels above 0 are sorted (always, outside merge/restore). */
    private boolean sortedAbove = true;

    /**
     * A sketch whose levels hold {@code k} items each.
     *
     * @throws IllegalArgumentException if {@code k < 8} or odd
     */
    public QuantileSketch(int k) {
        if (k < 8 || (k & 1) != 0) {
            throw new IllegalArgumentException("k must be an even number >= 8, found " + k);
        }
        this.k = k;
        levels[0] = new double[k];
    }

    /** A sketch with {@link #DEFAULT_K}. */
    public QuantileSketch() {
        this(DEFAULT_K);
    }

    /** The level capacity. */
    public int k() {
        return k;
    }

    /** The number of (non-NaN) values added, directly or through merges. */
    public long count() {
        return count;
    }

    /** The guaranteed bound on the CDF error at any point, as a fraction of {@link #count()} (0 when empty). */
    public double rankErrorBound() {
        return count == 0 ? 0.0 : (double) absoluteError / count;
    }

    /** Adds one value (NaN is ignored). */
    public void update(double x) {
        if (x != x) {
            return;
        }
        if (sizes[0] == levels[0].length) {
            compact(0);
        }
        levels[0][sizes[0]++] = x;
        count++;
    }

    /** Adds {@code values[from, to)} (NaN ignored); faster than one at a time. */
    public void update(double[] values, int from, int to) {
        int i = from;
        while (i < to) {
            if (sizes[0] == levels[0].length) {
                compact(0);
            }
            double[] l0 = levels[0];
            int s = sizes[0];
            int room = l0.length - s;
            int end = Math.min(to, i + room);
            for (; i < end; i++) {
                double x = values[i];
                if (x == x) {
                    l0[s++] = x;
                    count++;
                }
            }
            sizes[0] = s;
        }
    }

    /** Adds every value of {@code other} into this sketch (the other is unchanged). */
    public void merge(QuantileSketch other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a sketch into itself");
        }
        for (int h = 0; h < other.levels.length; h++) {
            int os = other.sizes[h];
            if (os == 0) {
                continue;
            }
            ensureLevel(h);
            ensureCapacity(h, sizes[h] + os);
            System.arraycopy(other.levels[h], 0, levels[h], sizes[h], os);
            sizes[h] += os;
        }
        count += other.count;
        absoluteError += other.absoluteError;
        sortLevelsAbove();
        for (int h = 0; h < levels.length; h++) {
            if (sizes[h] > k) {
                compact(h);
            }
        }
    }

    /**
     * The retained items per level (level h items have weight 2^h), for shipping a sketch to another process; with
     * {@link #count()}, {@link #absoluteError()} and {@link #k()} they restore it ({@link #restore}).
     */
    public double[][] levels() {
        double[][] out = new double[levels.length][];
        for (int h = 0; h < levels.length; h++) {
            out[h] = levels[h] == null ? new double[0] : Arrays.copyOf(levels[h], sizes[h]);
        }
        return out;
    }

    /** The guaranteed CDF error bound in absolute weight (see {@link #rankErrorBound()}). */
    public long absoluteError() {
        return absoluteError;
    }

    /**
     * A sketch restored from {@link #levels()}, {@link #count()}, {@link #absoluteError()} and {@link #k()}.
     *
     * @throws IllegalArgumentException if the parts are inconsistent (weights do not add up to count, NaN items)
     */
    public static QuantileSketch restore(int k, double[][] levels, long count, long absoluteError) {
        QuantileSketch s = new QuantileSketch(k);
        long weight = 0;
        for (int h = 0; h < levels.length; h++) {
            s.ensureLevel(h);
            s.ensureCapacity(h, levels[h].length);
            for (double v : levels[h]) {
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("sketch items must not be NaN (level " + h + ")");
                }
            }
            System.arraycopy(levels[h], 0, s.levels[h], 0, levels[h].length);
            s.sizes[h] = levels[h].length;
            weight += (long) levels[h].length << h;
        }
        if (weight != count || absoluteError < 0) {
            throw new IllegalArgumentException("sketch levels weigh " + weight + " but count is " + count
                    + " (absolute error " + absoluteError + ")");
        }
        s.count = count;
        s.absoluteError = absoluteError;
        s.sortLevelsAbove();
        for (int h = 0; h < s.levels.length; h++) {
            if (s.sizes[h] > k) {
                s.compact(h);
            }
        }
        return s;
    }

    /** A copy of this sketch. */
    public QuantileSketch copy() {
        QuantileSketch c = new QuantileSketch(k);
        c.levels = new double[levels.length][];
        for (int h = 0; h < levels.length; h++) {
            c.levels[h] = levels[h] == null ? null : levels[h].clone();
        }
        c.sizes = sizes.clone();
        c.compactions = compactions.clone();
        c.count = count;
        c.absoluteError = absoluteError;
        c.sortedAbove = sortedAbove;
        return c;
    }

    /** The retained items, sorted, with their weights and this sketch's error bound. */
    public WeightedSample toSample() {
        int n = 0;
        for (int s : sizes) {
            n += s;
        }
        double[] v = new double[n];
        long[] w = new long[n];
        // sort each level, then k-way merge by sorting index pairs: simpler to sort (value, weight) pairs together
        long[] keys = new long[n];
        int p = 0;
        for (int h = 0; h < levels.length; h++) {
            for (int i = 0; i < sizes[h]; i++) {
                v[p] = levels[h][i];
                w[p] = 1L << h;
                p++;
            }
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] sv = new double[n];
        long[] sw = new long[n];
        for (int i = 0; i < n; i++) {
            sv[i] = v[idx[i]];
            sw[i] = w[idx[i]];
        }
        return WeightedSample.wrap(sv, sw, count, rankErrorBound());
    }

    /** The approximate quantile {@code q} in [0, 1] (NaN when empty): the smallest item whose weighted rank ≥ q·n. */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1], found " + q);
        }
        if (count == 0) {
            return Double.NaN;
        }
        WeightedSample s = toSample();
        double target = q * count;
        long cum = 0;
        double[] v = s.rawValues();
        long[] w = s.rawWeights();
        for (int i = 0; i < v.length; i++) {
            cum += w[i];
            if (cum >= target) {
                return v[i];
            }
        }
        return v[v.length - 1];
    }

    private void ensureLevel(int h) {
        if (h >= levels.length) {
            levels = Arrays.copyOf(levels, h + 1);
            sizes = Arrays.copyOf(sizes, h + 1);
            compactions = Arrays.copyOf(compactions, h + 1);
        }
        if (levels[h] == null) {
            levels[h] = new double[k];
        }
    }

    private void ensureCapacity(int h, int needed) {
        if (levels[h].length < needed) {
            levels[h] = Arrays.copyOf(levels[h], Math.max(needed, levels[h].length * 2));
        }
    }

    /**
     * Compacts level h (and upwards as needed). Level 0 is unsorted and sorted here; levels above 0 are kept sorted
     * (items arrive as sorted runs and are merged in linear time), so only level 0 pays for a sort.
     */
    private void compact(int h) {
        while (true) {
            int s = sizes[h];
            double[] items = levels[h];
            if (h == 0 || !sortedAbove) {
                Arrays.sort(items, 0, s);
            }
            int pairs = s / 2;
            int keepBack = s - 2 * pairs; // an odd item (the largest) stays at this level
            int offset = compactions[h]++ & 1;
            ensureLevel(h + 1);
            ensureCapacity(h + 1, sizes[h + 1] + pairs);
            double[] up = levels[h + 1];
            int us = sizes[h + 1];
            // merge the promoted run (items[2i + offset], ascending) into the sorted level h+1, from the back
            int i = pairs - 1;
            int j = us - 1;
            int w = us + pairs - 1;
            if (!sortedAbove) {
                for (int q = 0; q < pairs; q++) {
                    up[us + q] = items[2 * q + offset];
                }
            } else {
                while (i >= 0) {
                    double cand = items[2 * i + offset];
                    if (j >= 0 && up[j] > cand) {
                        up[w--] = up[j--];
                    } else {
                        up[w--] = cand;
                        i--;
                    }
                }
            }
            sizes[h + 1] = us + pairs;
            if (keepBack == 1) {
                items[0] = items[s - 1];
            }
            sizes[h] = keepBack;
            absoluteError += 1L << h;
            if (sizes[h + 1] > k) {
                h++;
            } else {
                return;
            }
        }
    }

    /** Sorts every level above 0 (after a merge or restore appended unsorted runs). */
    private void sortLevelsAbove() {
        for (int h = 1; h < levels.length; h++) {
            if (levels[h] != null) {
                Arrays.sort(levels[h], 0, sizes[h]);
            }
        }
        sortedAbove = true;
    }
}
