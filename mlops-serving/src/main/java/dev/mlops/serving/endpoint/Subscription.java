package dev.mlops.serving.endpoint;

/**
 * The handle of a listener added to an endpoint (as the registry's {@code addListener} returns one): closing it
 * removes the listener. Idempotent; never throws. Thread-safe.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Removes the listener; later events no longer reach it. */
    @Override
    void close();
}
