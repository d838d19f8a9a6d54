package dev.mlops.monitoring;

import dev.mlops.monitoring.stats.KolmogorovSmirnov;
import dev.mlops.monitoring.stats.PValueCorrection;

import java.util.Map;
import java.util.Objects;

/**
 * The drift rules of a monitor or comparison: a default {@link DriftRule}, overrides per feature, and the
 * multiple-testing correction applied to the window's test p-values before the rules compare them with alpha.
 *
 * <p>Immutable and thread-safe.
 *
 * @param defaultRule the rule of features without an override
 * @param perFeature  overrides by feature name
 * @param correction  the p-value correction across the features of one window
 * @param ksMethod    how KS p-values are computed (default {@link KolmogorovSmirnov.Method#AUTO}, as scipy)
 */
public record DriftPolicy(DriftRule defaultRule, Map<String, DriftRule> perFeature, PValueCorrection correction,
                          KolmogorovSmirnov.Method ksMethod) {
    /** The default rule for every feature, no correction, scipy's 'auto' KS p-values. */
    public static final DriftPolicy DEFAULT = new DriftPolicy(DriftRule.DEFAULT, Map.of(), PValueCorrection.NONE);

    /** Validates and copies. */
    public DriftPolicy {
        Objects.requireNonNull(defaultRule, "defaultRule");
        perFeature = Map.copyOf(perFeature);
        Objects.requireNonNull(correction, "correction");
        Objects.requireNonNull(ksMethod, "ksMethod");
    }

    /** A policy with scipy's 'auto' KS p-values. */
    public DriftPolicy(DriftRule defaultRule, Map<String, DriftRule> perFeature, PValueCorrection correction) {
        this(defaultRule, perFeature, correction, KolmogorovSmirnov.Method.AUTO);
    }

    /** The rule of a feature. */
    public DriftRule ruleFor(String feature) {
        return perFeature.getOrDefault(feature, defaultRule);
    }
}
