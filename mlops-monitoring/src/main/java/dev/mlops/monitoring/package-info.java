/**
 * Drift statistics, reference profiles, streaming drift and ground-truth monitors, data checks.
 */
package dev.mlops.monitoring;
