/**
 * Drift statistics as pure functions on primitive arrays: PSI with stated binning, two-sample Kolmogorov–Smirnov
 * (as {@code scipy.stats.ks_2samp(method='auto')}), Wasserstein-1, Jensen–Shannon distance, the categorical
 * comparison (PSI, JS, chi-square test of homogeneity), sample-size-aware thresholds and p-value corrections, and a
 * mergeable quantile sketch with a stated rank-error bound.
 *
 * <p>Missing values are {@code NaN} for numbers and {@code null} for categories; they are excluded from every
 * statistic and counted separately. A statistic that cannot be computed (an empty sample, a zero standard deviation)
 * is {@code NaN} in these functions and {@code null} in JSON results; nothing here throws on data.
 */
package dev.mlops.monitoring.stats;
