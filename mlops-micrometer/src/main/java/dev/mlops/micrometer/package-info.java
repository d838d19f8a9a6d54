/**
 * Micrometer binding for mlops: {@link dev.mlops.micrometer.EndpointMetrics} publishes an endpoint's and its
 * variants' figures, {@link dev.mlops.micrometer.DriftMetrics} a drift monitor's results and data-check reports, to any
 * {@link io.micrometer.core.instrument.MeterRegistry} (Prometheus, OTLP, JMX …). Meter names follow Micrometer's
 * conventions (lower-case, dot-separated, base units: seconds, rows); the registry's naming convention maps them to
 * the backend's (for Prometheus {@code mlops.endpoint.requests} becomes {@code mlops_endpoint_requests_seconds_count}
 * and friends).
 */
package dev.mlops.micrometer;
