/**
 * Endpoints: named sets of model variants behind a routing policy ({@link dev.mlops.serving.routing}), hot swap,
 * canary ramps, shadow mirroring, following a registry alias, and the endpoint's figures and events.
 */
package dev.mlops.serving.endpoint;
