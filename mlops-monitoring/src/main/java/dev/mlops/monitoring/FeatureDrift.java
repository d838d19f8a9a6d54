package dev.mlops.monitoring;

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
 */
@JsonPropertyOrder({"name", "kind", "role", "psi", "ks_statistic", "ks_pvalue", "ks_rank_error_bound", "wasserstein",
        "wasserstein_normed", "js_distance", "chi2_statistic", "chi2_pvalue", "pvalue_adjusted", "psi_threshold",
        "alpha", "drifted", "reference_count", "current_count", "missing_reference", "missing_current",
        "unseen_categories", "unseen_count", "binning", "note"})
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
        @JsonProperty("note") String note) {

    /** Copies the list. */
    public FeatureDrift {
        unseenCategories = unseenCategories == null ? List.of() : List.copyOf(unseenCategories);
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
