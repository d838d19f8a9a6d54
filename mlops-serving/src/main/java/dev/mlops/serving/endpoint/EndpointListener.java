package dev.mlops.serving.endpoint;

import dev.mlops.serving.Provenance;
import dev.mlops.serving.routing.OutputComparator;
import dev.mlops.serving.routing.RoutingPolicy;

/**
 * Receives an endpoint's events, e.g. to feed a metrics library. Add any number with
 * {@link Endpoint#addListener(EndpointListener)} (or {@link Endpoint.Builder#listener}); each is guarded on its own: an
 * exception it throws is logged and counted ({@link Endpoint#listenerFailures()}), never passed to the caller or to
 * the other listeners. Called synchronously: {@link #onRequest} on the caller's thread (or the batch's thread for
 * asynchronous requests) after each request, shadow events on shadow threads, the rest on the thread that caused
 * them. Keep implementations fast and allocation-free on the request path; they must be thread-safe. Every method has
 * an empty default. The values passed are immutable; {@link Provenance}s are precomputed per variant, so a listener
 * costs no allocation per request.
 */
public interface EndpointListener {
    /**
     * A request finished.
     *
     * @param answeredBy the variant (and its model, version, digest) that answered or failed
     * @param nanos      the request's latency
     * @param errorKind  null on success, else the kind of failure
     * @param error      null on success, else the failure
     */
    default void onRequest(Provenance answeredBy, long nanos, VariantStats.ErrorKind errorKind, Throwable error) {
    }

    /**
     * A request was answered, with what it asked and what it got (for data consumers, e.g. a drift monitor: see
     * {@code mlops-endpoint-drift}); called right after {@link #onRequest} on success, not for shadow mirrors or
     * {@link Endpoint#predictOn}. Hand heavy work to an executor.
     */
    default void onPrediction(Provenance answeredBy, dev.mlops.serving.Inputs inputs, dev.mlops.serving.Outputs outputs) {
    }

    /** A mirrored request finished on a shadow ({@code shadow.isShadow()}); {@code comparison} is null if it failed. */
    default void onShadow(Provenance shadow, long nanos, OutputComparator.Comparison comparison, Throwable error) {
    }

    /** A mirror to {@code variant} was dropped because the shadow executor was saturated. */
    default void onMirrorDropped(String variant) {
    }

    /** {@code variant}'s model was replaced ({@code oldModel} null when the variant is new). */
    default void onSwap(String variant, Provenance oldModel, Provenance newModel) {
    }

    /** The routing policy changed. */
    default void onPolicyChange(RoutingPolicy oldPolicy, RoutingPolicy newPolicy) {
    }
}
