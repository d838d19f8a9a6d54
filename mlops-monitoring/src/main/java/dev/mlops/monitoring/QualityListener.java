package dev.mlops.monitoring;

/**
 * Receives a {@link QualityMonitor}'s closed windows, one call at a time in closing order. Exceptions are logged and
 * counted ({@link QualityMonitor#listenerFailures()}), never thrown into the recording methods. Implementations need
 * not be thread-safe when registered on one monitor.
 */
public interface QualityListener {
    /** Every closed window. */
    default void onWindow(QualityResult result) {
    }

    /** A window that crossed a threshold (called after {@link #onWindow}). */
    default void onAlert(QualityResult result) {
    }
}
