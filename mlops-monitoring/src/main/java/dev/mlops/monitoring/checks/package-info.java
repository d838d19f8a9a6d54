/**
 * Data checks: a {@link dev.mlops.monitoring.checks.CheckSuite} built fluently or from a
 * {@link dev.mlops.monitoring.checks.Schema} file runs on a CSV file, a {@link dev.mlops.monitoring.Table} or rows,
 * and gives a {@link dev.mlops.monitoring.checks.CheckReport} with each check's outcome, offending count and examples,
 * and the percentage of checks passed (0–100), as JSON or text. Use {@link dev.mlops.monitoring.checks.CheckReport#passed()}
 * as a gate.
 */
package dev.mlops.monitoring.checks;
