package dev.mlops.monitoring;

/**
 * Receives a monitor's closed windows. Calls are made one at a time (never concurrently for one monitor), in the order
 * windows close, on the thread that closed the window or on the monitor's evaluation executor. Exceptions thrown here
 * are logged and counted ({@link DriftMonitor#listenerFailures()}), never propagated into {@code observe}.
 *
 * <p>Implementations need not be thread-safe when registered on one monitor only.
 */
public interface DriftListener {
    /** Every closed window's result. */
    default void onWindow(DriftResult result) {
    }

    /** A window in which at least one feature drifted (called after {@link #onWindow}). */
    default void onAlert(DriftResult result) {
    }
}
