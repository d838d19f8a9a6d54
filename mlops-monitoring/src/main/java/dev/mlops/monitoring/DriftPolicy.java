package dev.mlops.monitoring;

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
 */
public record DriftPolicy(DriftRule defaultRule, Map<String, DriftRule> perFeature, PValueCorrection correction) {
    /** The default rule for every feature, no correction. */
    public static final DriftPolicy DEFAULT = new DriftPolicy(DriftRule.DEFAULT, Map.of(), PValueCorrection.NONE);

    /** Validates and copies. */
    public DriftPolicy {
        Objects.requireNonNull(defaultRule, "defaultRule");
        perFeature = Map.copyOf(perFeature);
        Objects.requireNonNull(correction, "correction");
    }

    /** The rule of a feature. */
    public DriftRule ruleFor(String feature) {
        return perFeature.getOrDefault(feature, defaultRule);
    }
}
