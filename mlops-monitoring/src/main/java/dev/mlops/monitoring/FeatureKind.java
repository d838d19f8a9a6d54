package dev.mlops.monitoring;

/** Whether a feature holds numbers or categories. Immutable and thread-safe. */
public enum FeatureKind {
    /** Numbers (NaN = missing): PSI, KS, Wasserstein, Jensen–Shannon. */
    NUMERIC,
    /** Category labels (null = missing): PSI, Jensen–Shannon and chi-square over the union of categories. */
    CATEGORICAL;

    /** The lower-case JSON name. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
