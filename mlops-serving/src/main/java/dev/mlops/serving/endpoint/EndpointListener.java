package dev.mlops.serving.endpoint;

/**
 * Receives an endpoint's events, e.g. to feed a metrics library. Called synchronously: {@link #onRequest} on the
 * caller's thread after each request, shadow events on shadow threads, the rest on the thread that caused them. Keep
 * implementations fast; exceptions they throw are logged and counted ({@link Endpoint#listenerFailures()}), never
 * passed on. Implementations must be thread-safe. Every method has an empty default.
 */
public interface EndpointListener {
    /** A request finished on {@code variant} after {@code nanos}; {@code error} is null on success. */
    default void onRequest(String variant, long nanos, Throwable error) {
    }

    /** A mirrored request finished on shadow {@code variant}; {@code comparison} is null if it failed. */
    default void onShadow(String variant, long nanos, dev.mlops.serving.routing.OutputComparator.Comparison comparison,
                          Throwable error) {
    }

    /** A mirror to {@code variant} was dropped because the shadow executor was saturated. */
    default void onMirrorDropped(String variant) {
    }

    /** {@code variant}'s model was replaced ({@code oldModel} null when the variant is new). */
    default void onSwap(String variant, String oldModel, String newModel) {
    }

    /** The routing policy changed. */
    default void onPolicyChange(dev.mlops.serving.routing.RoutingPolicy oldPolicy,
                                dev.mlops.serving.routing.RoutingPolicy newPolicy) {
    }
}
