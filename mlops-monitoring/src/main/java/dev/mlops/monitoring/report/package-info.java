/**
 * Human-readable reports: {@link dev.mlops.monitoring.report.HtmlDriftReport} renders a drift result (or a series of
 * windows), its reference profile and a data-check report as one self-contained HTML file.
 */
package dev.mlops.monitoring.report;
