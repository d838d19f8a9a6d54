package dev.mlops.monitoring;

/**
 * Base of the monitoring module's unchecked exceptions. Thrown from configuration, parsing and I/O paths only; the
 * hot paths ({@code observe}) never throw on data.
 *
 * <p>Immutable and thread-safe.
 */
public class MonitoringException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message that says what was expected, what was found and what to do. */
    public MonitoringException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public MonitoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
