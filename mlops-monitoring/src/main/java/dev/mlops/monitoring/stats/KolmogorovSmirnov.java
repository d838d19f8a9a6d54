package dev.mlops.monitoring.stats;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, with the same statistic and p-value as
 * {@code scipy.stats.ks_2samp(a, b, method='auto')}: the exact distribution when {@code max(n, m) <= 10 000} (10 000
 * included, as scipy), else the asymptotic one ({@code kstwo.sf(D, round(n·m/(n+m)))}, rounding half to even as
 * numpy does); ties are handled. The exact p-values come from Apache Commons Statistics; {@code kstwo.sf} follows
 * scipy's choice of method (Simard and L'Ecuyer): {@code 2·smirnov(N, D)} (the exact one-sided Birnbaum–Tingey
 * sum, computed here) when {@code N·D² >= 2.2} or {@code D >= 0.5}, Commons Statistics' two-sided distribution
 * otherwise. NaN values are excluded; infinite values are kept (they sort to the ends, as in scipy); when either
 * side is empty the result is {@code NaN} (not computable).
 *
 * <p>{@link #test(WeightedSample, WeightedSample)} accepts sketched samples: the statistic is then within
 * {@code a.rankErrorBound() + b.rankErrorBound()} of the exact one (stated in the result) and the p-value is the
 * asymptotic one for the true sample sizes.
 *
 * <p>Stateless and thread-safe.
 */
public final class KolmogorovSmirnov {
    /**
     * How a KS p-value is computed, as scipy's {@code ks_2samp(method=...)} names it. Thread-safe (an enum).
     */
    public enum Method {
        /** scipy's default {@code 'auto'}: exact when {@code max(n, m) <= 10 000}, else asymptotic. */
        AUTO,
        /**
         * scipy's {@code 'asymp'}: always {@code kstwo.sf(D, round(n·m/(n+m)))}. Much cheaper than the exact
         * distribution for windows of a few thousand rows (the exact one costs O(n·m·D)); for small samples it
         * differs from the exact p-value (e.g. 0.2704 against 0.2657 at n = 40, m = 39).
         */
        ASYMPTOTIC
    }

    /** Up to this sample size (included) scipy's 'auto' mode (and this class) uses the exact distribution. */
    public static final int MAX_EXACT_N = 10_000;

    private static final KolmogorovSmirnovTest TEST = KolmogorovSmirnovTest.withDefaults();
    private static final KolmogorovSmirnovTest EXACT = TEST.with(PValueMethod.EXACT);

    private KolmogorovSmirnov() {
    }

    /**
     * The result of a two-sample KS test. Immutable and thread-safe.
     *
     * @param statistic      D = sup |F_a − F_b| in [0, 1], NaN when not computable
     * @param pValue         two-sided p-value, NaN when not computable
     * @param n              non-missing size of the first sample
     * @param m              non-missing size of the second sample
     * @param exact          whether the exact distribution gave the p-value
     * @param rankErrorBound bound on |D − exact D| from sketching (0 when both samples are exact)
     */
    public record Result(double statistic, double pValue, long n, long m, boolean exact, double rankErrorBound) {
        /** Whether the statistic could be computed. */
        public boolean computable() {
            return !Double.isNaN(statistic);
        }
    }

    /** KS test of two samples (NaN excluded; the arrays are not modified). */
    public static Result test(double[] a, double[] b) {
        double[] x = withoutNaN(a);
        double[] y = withoutNaN(b);
        if (x.length == 0 || y.length == 0) {
            return new Result(Double.NaN, Double.NaN, x.length, y.length, false, 0);
        }
        if (x.length == 1 || y.length == 1) {
            return singleValue(x, y);
        }
        if (Math.max(x.length, y.length) <= MAX_EXACT_N) {
            // Commons' own 'auto' switches to the asymptotic p-value at 10 000 already; scipy includes it
            KolmogorovSmirnovTest.TwoResult r = EXACT.test(x, y);
            return new Result(r.getStatistic(), r.getPValue(), x.length, y.length, true, 0);
        }
        double d = TEST.statistic(x, y);
        return new Result(d, asymptoticPValue(d, x.length, y.length), x.length, y.length, false, 0);
    }

    /** KS statistic only (NaN excluded). */
    public static double statistic(double[] a, double[] b) {
        double[] x = withoutNaN(a);
        double[] y = withoutNaN(b);
        if (x.length == 0 || y.length == 0) {
            return Double.NaN;
        }
        if (x.length == 1 || y.length == 1) {
            return statistic(WeightedSample.exact(x), WeightedSample.exact(y));
        }
        return TEST.statistic(x, y);
    }

    /**
     * One side has a single value: D = max(k, m − k)/m for k values of the other side below it, and scipy's exact
     * p-value is the share of the m + 1 equally likely positions k with a statistic at least as large.
     */
    private static Result singleValue(double[] x, double[] y) {
        double d = statistic(WeightedSample.exact(x), WeightedSample.exact(y));
        int m = Math.max(x.length, y.length);
        int hits = 0;
        for (int k = 0; k <= m; k++) {
            if (Math.max(k, m - k) >= d * m - 1e-9) {
                hits++;
            }
        }
        return new Result(d, (double) hits / (m + 1), x.length, y.length, true, 0);
    }

    /**
     * KS test of two weighted (possibly sketched) samples. When both are exact and small it is identical to
     * {@link #test(double[], double[])}.
     */
    public static Result test(WeightedSample a, WeightedSample b) {
        long n = a.totalWeight();
        long m = b.totalWeight();
        if (n == 0 || m == 0) {
            return new Result(Double.NaN, Double.NaN, n, m, false, 0);
        }
        if (a.isExact() && b.isExact()) {
            return test(a.rawValues(), b.rawValues());
        }
        double d = statistic(a, b);
        double err = Math.min(1.0, a.rankErrorBound() + b.rankErrorBound());
        return new Result(d, asymptoticPValue(d, n, m), n, m, false, err);
    }

    /** D = sup |F_a − F_b| of two weighted samples. */
    public static double statistic(WeightedSample a, WeightedSample b) {
        double[] av = a.rawValues();
        long[] aw = a.rawWeights();
        double[] bv = b.rawValues();
        long[] bw = b.rawWeights();
        double na = a.totalWeight();
        double nb = b.totalWeight();
        if (na == 0 || nb == 0) {
            return Double.NaN;
        }
        int i = 0;
        int j = 0;
        long ca = 0;
        long cb = 0;
        double d = 0;
        while (i < av.length || j < bv.length) {
            double x = j >= bv.length || (i < av.length && av[i] <= bv[j]) ? av[i] : bv[j];
            while (i < av.length && av[i] == x) {
                ca += aw[i++];
            }
            while (j < bv.length && bv[j] == x) {
                cb += bw[j++];
            }
            d = Math.max(d, Math.abs(ca / na - cb / nb));
        }
        return d;
    }

    /**
     * The asymptotic two-sided p-value scipy's {@code ks_2samp} uses for large samples:
     * {@code kstwo.sf(d, round(n·m/(n+m)))} with numpy's rounding (half to even).
     */
    public static double asymptoticPValue(double d, long n, long m) {
        if (Double.isNaN(d) || n <= 0 || m <= 0) {
            return Double.NaN;
        }
        double en = (double) n * m / ((double) n + m);
        int big = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, Math.rint(en)));
        return kolmogorovSf(d, big);
    }

    /** {@code scipy.stats.kstwo.sf(d, n)}: the two-sided one-sample KS distribution's survival function. */
    public static double kolmogorovSf(double d, int n) {
        if (Double.isNaN(d)) {
            return Double.NaN;
        }
        if (d <= 0) {
            return 1.0;
        }
        if (d >= 1) {
            return 0.0;
        }
        double t = n * d;
        double nd2 = t * d;
        if (t > 1.0 && t < n - 1 && (d >= 0.5 || (n > 140 && nd2 >= 2.2))) {
            // scipy (Simard & L'Ecuyer): P(D >= d) = 2 P(D+ >= d) exactly for d >= 0.5, and to within the
            // double's precision for n > 140 once n·d² >= 2.2 (P(D+ >= d and D- >= d) is below 1e-16 relative)
            return nd2 >= 370.0 ? 0.0 : Math.min(1.0, 2 * smirnov(n, d));
        }
        // One-sample KS of `n` points against a CDF placed so that D+ = d exactly and D- <= d gives
        // kstwo.sf(d, n) through Commons Statistics' public API.
        final double dd = d;
        final int big = n;
        double[] x = new double[big];
        for (int i = 0; i < big; i++) {
            x[i] = i + 1;
        }
        double lowest = Math.max(0, 1.0 / big - dd);
        return TEST.test(x, v -> Math.max(lowest, Math.min(1.0, v / big - dd))).getPValue();
    }

    /**
     * {@code scipy.special.smirnov(n, d)}: P(D+ >= d) of the one-sided one-sample KS statistic, by the exact
     * Birnbaum–Tingey sum {@code d · Σ_j C(n, j) (d + j/n)^(j-1) (1 - d - j/n)^(n-j)}, j = 0 … ⌊n(1 - d)⌋. The terms
     * are built by their ratios in log space (every log is of a number near the result's own size, so the relative
     * error stays near 1e-13 for n in the hundred thousands).
     */
    static double smirnov(int n, double d) {
        double nd = n * d;
        int last = (int) Math.floor(n - nd);
        if (n - nd - last == 0) {
            last--; // the term with 1 - d - j/n = 0 vanishes
        }
        if (last < 0) {
            return 0.0;
        }
        // log t_0 = -log d + n log(1 - d); t_{j+1}/t_j from A_j = (nd + j)/n, B_j = (n - nd - j)/n
        double[] logs = new double[last + 1];
        double l = -Math.log(d) + n * Math.log1p(-d);
        logs[0] = l;
        double max = l;
        for (int j = 0; j < last; j++) {
            double a = nd + j;      // n·A_j
            double b = n - nd - j;  // n·B_j
            l += Math.log((n - j) * (a + 1) / ((j + 1) * b))
                    + (j - 1) * Math.log1p(1 / a) + (n - j - 1) * Math.log1p(-1 / b);
            logs[j + 1] = l;
            if (l > max) {
                max = l;
            }
        }
        double sum = 0;
        for (double v : logs) {
            sum += Math.exp(v - max);
        }
        return d * sum * Math.exp(max);
    }

    private static double[] withoutNaN(double[] a) {
        int nan = 0;
        for (double v : a) {
            if (v != v) {
                nan++;
            }
        }
        if (nan == 0) {
            return a;
        }
        double[] out = new double[a.length - nan];
        int p = 0;
        for (double v : a) {
            if (v == v) {
                out[p++] = v;
            }
        }
        return out;
    }
}
