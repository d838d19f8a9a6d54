package dev.mlops.monitoring;

import dev.mlops.monitoring.internal.CategoricalAccumulator;
import dev.mlops.monitoring.internal.NumericAccumulator;
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
                NumericPart p = numeric(f, a);
                partial[i] = p;
                psi[i] = p.psi;
                pRaw[i] = p.ks.pValue();
            } else {
                CategoricalAccumulator c = (CategoricalAccumulator) acc;
                CategoricalComparison.Result r = CategoricalComparison.compare(f.categories(), c.frequencies());
                partial[i] = r;
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
                        List.of(), 0, binningText(f), p.note);
            } else {
                CategoricalComparison.Result r = (CategoricalComparison.Result) partial[i];
                CategoricalAccumulator c = (CategoricalAccumulator) state.accumulator(i);
                int bins = r.categories().size();
                double thr = rule.psi().value(f.count(), c.count(), bins);
                boolean isDrift = rule.drifted(pAdj[i], psi[i], thr);
                String note = c.count() == 0 ? "no current values: statistics cannot be computed"
                        : f.count() == 0 ? "no reference values: statistics cannot be computed" : null;
                d = new FeatureDrift(f.name(), "categorical", role(f), FeatureDrift.orNull(r.psi()), null, null, null,
                        null, null, FeatureDrift.orNull(r.jsDistance()), FeatureDrift.orNull(r.chi2Statistic()),
                        FeatureDrift.orNull(r.chi2PValue()), FeatureDrift.orNull(pAdj[i]), FeatureDrift.orNull(thr),
                        rule.alpha(), isDrift, f.count(), c.count(), f.missing(), c.missing(), r.unseenCategories(),
                        r.unseenCount(), "categories: union of reference and current", note);
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

    private static String role(ReferenceProfile.FeatureProfile f) {
        return f.role().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String binningText(ReferenceProfile.FeatureProfile f) {
        return f.binCounts().length + " bins, edges " + Arrays.toString(f.edges())
                + ", each [lower, upper), first and last open-ended";
    }

    private record NumericPart(double psi, KolmogorovSmirnov.Result ks, double wasserstein, double wassersteinNormed,
                               double js, long count, long missing, String note) {
    }

    private static NumericPart numeric(ReferenceProfile.FeatureProfile f, NumericAccumulator a) {
        long[] cur = a.bins();
        long[] ref = f.binCounts();
        double psi = Psi.ofCounts(ref, cur);
        double js = JensenShannon.distance(ref, cur);
        WeightedSample rs = f.sample();
        WeightedSample cs = a.sample();
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(rs, cs);
        WeightedSample rf = rs.finite();
        WeightedSample cf = cs.finite();
        double w = Wasserstein.distance(rf, cf);
        double std = f.std() == null ? Double.NaN : f.std();
        double wn = Wasserstein.normalised(rf, cf, std);
        String note = null;
        if (a.count() == 0) {
            note = "no current values: statistics cannot be computed";
        } else if (f.count() == 0) {
            note = "no reference values: statistics cannot be computed";
        } else if (Double.isNaN(wn) && !Double.isNaN(w)) {
            note = "wasserstein_normed is null: the reference's standard deviation is 0";
        }
        return new NumericPart(psi, ks, w, wn, js, a.count(), a.missing(), note);
    }
}
