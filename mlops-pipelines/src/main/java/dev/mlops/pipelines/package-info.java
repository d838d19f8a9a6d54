/**
 * Pipelines and gates recorded in the registry: the place where the registry, serving and monitoring meet.
 *
 * <p>Entry point: {@link dev.mlops.pipelines.Pipelines} (runs, resumes and lists {@link dev.mlops.pipelines.Pipeline}
 * runs, owns the {@link dev.mlops.pipelines.Approvals}). Built-in steps: {@link dev.mlops.pipelines.Gates} (data
 * checks, metric comparison against the champion, endpoint tests, approvals) and {@link dev.mlops.pipelines.Steps}
 * (promotion, rollback, staging mark). Wiring: {@link dev.mlops.pipelines.MonitoredEndpoint} (an endpoint's traffic
 * fed to a drift monitor and ground truth to a quality monitor) and {@link dev.mlops.pipelines.ContinuousTraining}
 * (alerts trigger a retraining pipeline, debounced, with optional automatic rollback). Endpoints follow the aliases
 * that promotion and rollback move with {@code dev.mlops.serving.endpoint.AliasFollower}.
 */
package dev.mlops.pipelines;
