package dev.mlops.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The drift of one feature in one window (or one comparison). A statistic that does not apply to the feature's kind,
 * or could not be computed (an empty side, a zero reference deviation), is {@code null}. JSON field names are those
 * of the {@code mlops drift --json} contract.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name               feature name
 * @param kind               numeric or categorical
 * @param role               input or output (prediction)
 * @param psi                population stability index (binning: see {@code binning})
 * @param ksStatistic        two-sample KS statistic (numeric)
 * @param ksPValue           KS p-value as scipy's ks_2samp(method='auto') (numeric)
 * @param ksRankErrorBound   bound on the KS statistic's error from sketching, 0 when exact (numeric)
 * @param wasserstein        Wasserstein-1 distance over finite values (numeric)
 * @param wassersteinNormed  Wasserstein-1 divided by the reference's population standard deviation (numeric)
 * @param jsDistance         Jensen–Shannon distance, base 2, on the PSI bins or categories
 * @param chi2Statistic      chi-square statistic of the 2×k table (categorical)
 * @param chi2PValue         its p-value (categorical)
 * @param pValueAdjusted     the test's p-value after the multiple-testing correction (equal to the raw one without)
 * @param psiThreshold       the PSI threshold applied (fixed or sample-size-aware)
 * @param alpha              the p-value threshold applied
 * @param drifted            whether the drift rule fired
 * @param referenceCount     non-missing reference values
 * @param currentCount       non-missing current values
 * @param missingReference   missing reference values
 * @param missingCurrent     missing current values
 * @param unseenCategories   categories absent from the reference (categorical; empty for numeric)
 * @param unseenCount        current values in unseen categories
 * @param binning            how PSI bins were made, in words
 * @param note               why a statistic is null, when it is; else null
 * @param infiniteReference  reference values that are +∞ or −∞ (numeric; counted like missing values, but kept
 *                           in PSI, JS and KS as scipy keeps them; Wasserstein is null when either side has one, as
 *                           scipy's {@code wasserstein_distance} gives nan)
 * @param infiniteCurrent    current values that are +∞ or −∞ (numeric; see {@code infiniteReference})
 * @param unseenShare        share of the current (non-missing) values in categories the reference does not have,
 *                           in [0, 1] (categorical; null for numeric or an empty window)
 * @param otherCount         current values counted in the "other" bucket because the window already tracked as many
 *                           distinct unseen categories as it may (categorical; they are unseen values too)
 * @param evaluationNanos    what each step of this feature's evaluation cost, in nanoseconds of the evaluating
 *                           thread's CPU time (wall time where the JVM cannot measure thread CPU time), by step name
 *                           ({@code bins} = PSI and JS from the bin counts, {@code ecdf} = KS statistic and Wasserstein
 *                           in one pass, {@code ks_pvalue}, {@code categories} = categorical PSI, JS and chi-square;
 *                           a window beyond the exact limit has {@code ks} and {@code wasserstein} on its sketch);
 *                           not part of the JSON document
 */
@JsonPropertyOrder({"name", "kind", "role", "psi", "ks_statistic", "ks_pvalue", "ks_rank_error_bound", "wasserstein",
        "wasserstein_normed", "js_distance", "chi2_statistic", "chi2_pvalue", "pvalue_adjusted", "psi_threshold",
        "alpha", "drifted", "reference_count", "current_count", "missing_reference", "missing_current",
        "unseen_categories", "unseen_count", "unseen_share", "other_count", "infinite_reference", "infinite_current",
        "binning", "note"})
public record FeatureDrift(
        @JsonProperty("name") String name,
        @JsonProperty("kind") String kind,
        @JsonProperty("role") String role,
        @JsonProperty("psi") @JsonInclude(JsonInclude.Include.ALWAYS) Double psi,
        @JsonProperty("ks_statistic") @JsonInclude(JsonInclude.Include.ALWAYS) Double ksStatistic,
        @JsonProperty("ks_pvalue") @JsonInclude(JsonInclude.Include.ALWAYS) Double ksPValue,
        @JsonProperty("ks_rank_error_bound") @JsonInclude(JsonInclude.Include.ALWAYS) Double ksRankErrorBound,
        @JsonProperty("wasserstein") @JsonInclude(JsonInclude.Include.ALWAYS) Double wasserstein,
        @JsonProperty("wasserstein_normed") @JsonInclude(JsonInclude.Include.ALWAYS) Double wassersteinNormed,
        @JsonProperty("js_distance") @JsonInclude(JsonInclude.Include.ALWAYS) Double jsDistance,
        @JsonProperty("chi2_statistic") @JsonInclude(JsonInclude.Include.ALWAYS) Double chi2Statistic,
        @JsonProperty("chi2_pvalue") @JsonInclude(JsonInclude.Include.ALWAYS) Double chi2PValue,
        @JsonProperty("pvalue_adjusted") @JsonInclude(JsonInclude.Include.ALWAYS) Double pValueAdjusted,
        @JsonProperty("psi_threshold") @JsonInclude(JsonInclude.Include.ALWAYS) Double psiThreshold,
        @JsonProperty("alpha") double alpha,
        @JsonProperty("drifted") boolean drifted,
        @JsonProperty("reference_count") long referenceCount,
        @JsonProperty("current_count") long currentCount,
        @JsonProperty("missing_reference") long missingReference,
        @JsonProperty("missing_current") long missingCurrent,
        @JsonProperty("unseen_categories") List<String> unseenCategories,
        @JsonProperty("unseen_count") long unseenCount,
        @JsonProperty("binning") String binning,
        @JsonProperty("note") String note,
        @JsonProperty("infinite_reference") long infiniteReference,
        @JsonProperty("infinite_current") long infiniteCurrent,
        @JsonProperty("unseen_share") @JsonInclude(JsonInclude.Include.ALWAYS) Double unseenShare,
        @JsonProperty("other_count") long otherCount,
        @JsonIgnore java.util.Map<String, Long> evaluationNanos) {

    /** Copies the list. */
    public FeatureDrift {
        unseenCategories = unseenCategories == null ? List.of() : List.copyOf(unseenCategories);
        evaluationNanos = evaluationNanos == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evaluationNanos));
    }

    /** Equal when every statistic and count is; {@code evaluationNanos} (a measurement) is not compared. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FeatureDrift f)) {
            return false;
        }
        return withoutTimes().equals(f.withoutTimes());
    }

    @Override
    public int hashCode() {
        return withoutTimes().hashCode();
    }

    private List<Object> withoutTimes() {
        return java.util.Arrays.asList(name, kind, role, psi, ksStatistic, ksPValue, ksRankErrorBound, wasserstein,
                wassersteinNormed, jsDistance, chi2Statistic, chi2PValue, pValueAdjusted, psiThreshold, alpha, drifted,
                referenceCount, currentCount, missingReference, missingCurrent, unseenCategories, unseenCount, binning,
                note, infiniteReference, infiniteCurrent, unseenShare, otherCount);
    }

    /** The total time this feature's evaluation took, in nanoseconds. */
    public long evaluationNanosTotal() {
        long t = 0;
        for (long v : evaluationNanos.values()) {
            t += v;
        }
        return t;
    }

    /** NaN → null, for the JSON contract. */
    static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** The test p-value (KS for numeric, chi-square for categorical), or null. */
    public Double testPValue() {
        return FeatureKind.NUMERIC.jsonName().equals(kind) ? ksPValue : chi2PValue;
    }
}
