package dev.mlops.monitoring;

import dev.mlops.monitoring.internal.CategoricalAccumulator;
import dev.mlops.monitoring.internal.NumericAccumulator;
import dev.mlops.monitoring.internal.ReferenceCdf;
import dev.mlops.monitoring.stats.CategoricalComparison;
import dev.mlops.monitoring.stats.JensenShannon;
import dev.mlops.monitoring.stats.KolmogorovSmirnov;
import dev.mlops.monitoring.stats.Psi;
import dev.mlops.monitoring.stats.WeightedSample;
import dev.mlops.monitoring.stats.Wasserstein;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes drift of a window (or any batch) against a reference profile: every statistic of
 * {@link dev.mlops.monitoring.stats}, the policy's thresholds, a drifted flag per feature and the overall verdict.
 * {@link #compare(ReferenceProfile, Table)} is the one-call batch comparison that {@code mlops drift} uses.
 *
 * <p>Stateless and thread-safe.
 */
public final class DriftAnalysis {
    private DriftAnalysis() {
    }

    /** Drift of a table of current rows against the profile, with the default policy. */
    public static DriftResult compare(ReferenceProfile profile, Table current) {
        return compare(profile, current, DriftPolicy.DEFAULT);
    }

    /** Drift of a table of current rows against the profile (values kept exactly). */
    public static DriftResult compare(ReferenceProfile profile, Table current, DriftPolicy policy) {
        WindowState s = WindowState.of(profile, current, Math.max(1, current.rowCount()), 4096);
        return evaluate(s, policy, -1, null, null);
    }

    /** Evaluates a window state. */
    public static DriftResult evaluate(WindowState state, DriftPolicy policy, long window, Instant start,
                                       Instant end) {
        ReferenceProfile profile = state.profile();
        List<ReferenceProfile.FeatureProfile> fs = profile.features();
        int n = fs.size();
        double[] psi = new double[n];
        double[] pRaw = new double[n];
        Object[] partial = new Object[n];
        for (int i = 0; i < n; i++) {
            ReferenceProfile.FeatureProfile f = fs.get(i);
            Object acc = state.accumulator(i);
            if (acc instanceof NumericAccumulator a) {
                NumericPart p = numeric(profile, i, f, a, policy.ksMethod());
                partial[i] = p;
                psi[i] = p.psi;
                pRaw[i] = p.ks.pValue();
            } else {
                CategoricalAccumulator c = (CategoricalAccumulator) acc;
                long t0 = cpuNanos();
                CategoricalComparison.Result r = CategoricalComparison.compare(f.categories(), f.otherCount(),
                        c.frequencies(), c.other());
                partial[i] = new CategoricalPart(r, cpuNanos() - t0);
                psi[i] = r.psi();
                pRaw[i] = r.chi2PValue();
            }
        }
        double[] pAdj = policy.correction().adjust(pRaw);
        List<FeatureDrift> out = new ArrayList<>(n);
        List<String> drifted = new ArrayList<>();
        boolean input = false;
        boolean output = false;
        for (int i = 0; i < n; i++) {
            ReferenceProfile.FeatureProfile f = fs.get(i);
            DriftRule rule = policy.ruleFor(f.name());
            FeatureDrift d;
            if (partial[i] instanceof NumericPart p) {
                int bins = f.binCounts().length;
                double thr = rule.psi().value(f.count(), p.count, bins);
                boolean isDrift = rule.drifted(pAdj[i], psi[i], thr);
                d = new FeatureDrift(f.name(), "numeric", role(f), FeatureDrift.orNull(p.psi),
                        FeatureDrift.orNull(p.ks.statistic()), FeatureDrift.orNull(p.ks.pValue()),
                        p.ks.computable() ? p.ks.rankErrorBound() : null,
                        FeatureDrift.orNull(p.wasserstein), FeatureDrift.orNull(p.wassersteinNormed),
                        FeatureDrift.orNull(p.js), null, null, FeatureDrift.orNull(pAdj[i]),
                        FeatureDrift.orNull(thr), rule.alpha(), isDrift, f.count(), p.count, f.missing(), p.missing,
                        List.of(), 0, binningText(f), p.note, p.infiniteReference, p.infiniteCurrent, null, 0,
                        p.nanos);
            } else {
                CategoricalPart cp = (CategoricalPart) partial[i];
                CategoricalComparison.Result r = cp.result;
                CategoricalAccumulator c = (CategoricalAccumulator) state.accumulator(i);
                int bins = r.categories().size();
                long currentCount = c.count();
                double thr = rule.psi().value(f.count(), currentCount, bins);
                Double unseenShare = currentCount == 0 ? null : (double) r.unseenCount() / currentCount;
                boolean isDrift = rule.driftedCategorical(pAdj[i], psi[i], thr, r.chi2Reliable(),
                        unseenShare == null ? Double.NaN : unseenShare);
                String note = c.count() == 0 ? "no current values: statistics cannot be computed"
                        : f.count() == 0 ? "no reference values: statistics cannot be computed"
                        : categoricalNote(rule, r, psi[i], pAdj[i], thr, unseenShare);
                d = new FeatureDrift(f.name(), "categorical", role(f), FeatureDrift.orNull(r.psi()), null, null, null,
                        null, null, FeatureDrift.orNull(r.jsDistance()), FeatureDrift.orNull(r.chi2Statistic()),
                        FeatureDrift.orNull(r.chi2PValue()), FeatureDrift.orNull(pAdj[i]), FeatureDrift.orNull(thr),
                        rule.alpha(), isDrift, f.count(), currentCount, f.missing(), c.missing(),
                        r.unseenCategories(), r.unseenCount(), categoriesText(f), note, 0, 0, unseenShare,
                        c.other(), java.util.Map.of("categories", cp.nanos));
            }
            out.add(d);
            if (d.drifted()) {
                drifted.add(d.name());
                if (f.role() == FeatureRole.OUTPUT) {
                    output = true;
                } else {
                    input = true;
                }
            }
        }
        return new DriftResult(window, start, end, state.rows(), out, drifted, input, output,
                policy.correction().name().toLowerCase(java.util.Locale.ROOT), state);
    }

    private static String categoriesText(ReferenceProfile.FeatureProfile f) {
        return f.otherCount() > 0
                ? "categories: the reference's kept categories, its other categories as one bucket, and the current"
                        + " window's categories (unseen ones beyond the tracked limit as one bucket)"
                : "categories: union of reference and current";
    }

    private static String categoricalNote(DriftRule rule, CategoricalComparison.Result r, double psi, double p,
                                          double thr, Double unseenShare) {
        if (unseenShare != null && unseenShare >= rule.unseenShare()) {
            return String.format(java.util.Locale.ROOT, "%.1f %% of the current values are in categories the"
                    + " reference does not have (rule: drifted at %.1f %% or more)", unseenShare * 100,
                    rule.unseenShare() * 100);
        }
        if (!r.chi2Reliable() && psi >= thr) {
            return "the chi-square test is not reliable here (more than 20 % of the expected counts are below 5),"
                    + " so PSI alone decides";
        }
        return null;
    }

    private record CategoricalPart(CategoricalComparison.Result result, long nanos) {
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

    /** CPU time of the current thread (what a step cost, not how long it waited for a core); else wall time. */
    private static long cpuNanos() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static String role(ReferenceProfile.FeatureProfile f) {
        return f.role().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String binningText(ReferenceProfile.FeatureProfile f) {
        return f.binCounts().length + " bins, edges " + Arrays.toString(f.edges())
                + ", each [lower, upper), first and last open-ended";
    }

    private record NumericPart(double psi, KolmogorovSmirnov.Result ks, double wasserstein, double wassersteinNormed,
                               double js, long count, long missing, long infiniteReference, long infiniteCurrent,
                               String note, java.util.Map<String, Long> nanos) {
    }

    private static NumericPart numeric(ReferenceProfile profile, int index, ReferenceProfile.FeatureProfile f,
                                       NumericAccumulator a, KolmogorovSmirnov.Method method) {
        java.util.Map<String, Long> nanos = new java.util.LinkedHashMap<>();
        long t0 = cpuNanos();
        long[] cur = a.bins();
        long[] ref = f.binCounts();
        double psi = Psi.ofCounts(ref, cur);
        double js = JensenShannon.distance(ref, cur);
        long t1 = cpuNanos();
        nanos.put("bins", t1 - t0);
        ReferenceCdf cdf = profile.cdf(index);
        KolmogorovSmirnov.Result ks;
        double w;
        long infCurrent;
        if (!a.sketched()) {
            // one pass over the unsorted window against the prepared reference: KS statistic and Wasserstein
            ReferenceCdf.Comparison c = cdf.compare(a.rawBuffer(), a.bufferSize());
            long t2 = cpuNanos();
            nanos.put("ecdf", t2 - t1);
            w = c.wasserstein();
            infCurrent = c.infinite();
            long nr = c.n();
            long m = c.m();
            boolean refExact = f.sampleRankError() == 0 && f.sampleWeights() == null;
            if (nr == 0 || m == 0) {
                ks = new KolmogorovSmirnov.Result(Double.NaN, Double.NaN, nr, m, false, 0);
            } else if (refExact && Math.max(nr, m) <= KolmogorovSmirnov.MAX_EXACT_N
                    && method == KolmogorovSmirnov.Method.AUTO) {
                // small samples: the exact p-value (as scipy's 'auto'), from the samples themselves
                ks = KolmogorovSmirnov.test(f.sampleValues(), a.bufferedValues());
            } else {
                double d = c.ksStatistic();
                double err = refExact ? 0 : Math.min(1.0, f.sampleRankError());
                ks = new KolmogorovSmirnov.Result(d, KolmogorovSmirnov.asymptoticPValue(d, nr, m), nr, m, false, err);
            }
            nanos.put("ks_pvalue", cpuNanos() - t2);
        } else {
            WeightedSample rs = f.sample();
            WeightedSample cs = a.sample();
            ks = KolmogorovSmirnov.test(rs, cs);
            long t2 = cpuNanos();
            nanos.put("ks", t2 - t1);
            infCurrent = cs.totalWeight() - cs.finite().totalWeight();
            w = cdf.infinite() > 0 || infCurrent > 0 ? Double.NaN : Wasserstein.distance(rs, cs);
            nanos.put("wasserstein", cpuNanos() - t2);
        }
        double std = f.std() == null ? Double.NaN : f.std();
        // std 0: a constant reference; w = 0 then means the window is the same constant
        double wn = Double.isNaN(w) ? Double.NaN : std > 0 ? w / std : w == 0 ? 0.0 : Double.NaN;
        String note = null;
        if (a.count() == 0) {
            note = "no current values: statistics cannot be computed";
        } else if (f.count() == 0) {
            note = "no reference values: statistics cannot be computed";
        } else if (Double.isNaN(w)) {
            note = "wasserstein is null: " + cdf.infinite() + " reference and " + infCurrent
                    + " current values are infinite (scipy's wasserstein_distance gives nan)";
        } else if (Double.isNaN(wn)) {
            note = "wasserstein_normed is null: the reference's standard deviation is 0";
        }
        return new NumericPart(psi, ks, w, wn, js, a.count(), a.missing(), cdf.infinite(), infCurrent, note, nanos);
    }
}
