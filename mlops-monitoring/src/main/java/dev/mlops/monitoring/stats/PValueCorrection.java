package dev.mlops.monitoring.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Multiple-testing corrections for the per-feature p-values of one window.
 *
 * <p>When many features are tested at once, some will cross p &lt; 0.05 by chance alone (with 50 independent,
 * unchanged features, about 2.5 per window). {@link #BONFERRONI} controls the family-wise error rate (the chance of
 * any false alarm) and suits a handful of features and alerts that page someone; it becomes very conservative with
 * many features. {@link #BENJAMINI_HOCHBERG} controls the false-discovery rate (the expected share of false alarms
 * among the flagged features) and keeps power with tens or hundreds of features; use it for dashboards and
 * retraining triggers. {@link #NONE} compares each raw p-value with alpha. NaN p-values (not computable) stay NaN
 * and do not count as tests.
 *
 * <p>Immutable and thread-safe.
 */
public enum PValueCorrection {
    /** Raw p-values. */
    NONE,
    /** Bonferroni: {@code min(1, p·m)} for m tests. */
    BONFERRONI,
    /** Benjamini–Hochberg adjusted p-values, as {@code scipy.stats.false_discovery_control(p, method='bh')}. */
    BENJAMINI_HOCHBERG;

    /** The adjusted p-values, aligned with {@code pValues}. */
    public double[] adjust(double[] pValues) {
        double[] out = pValues.clone();
        int m = 0;
        for (double p : pValues) {
            if (!Double.isNaN(p)) {
                m++;
            }
        }
        if (this == NONE || m == 0) {
            return out;
        }
        if (this == BONFERRONI) {
            for (int i = 0; i < out.length; i++) {
                if (!Double.isNaN(out[i])) {
                    out[i] = Math.min(1.0, out[i] * m);
                }
            }
            return out;
        }
        Integer[] idx = new Integer[m];
        int p = 0;
        for (int i = 0; i < pValues.length; i++) {
            if (!Double.isNaN(pValues[i])) {
                idx[p++] = i;
            }
        }
        Arrays.sort(idx, Comparator.comparingDouble(i -> pValues[i]));
        double running = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int i = idx[rank - 1];
            running = Math.min(running, pValues[i] * m / rank);
            out[i] = Math.min(1.0, running);
        }
        return out;
    }
}
