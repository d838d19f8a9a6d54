package dev.mlops.pipelines;

/**
 * The base of every exception this module throws on purpose (unchecked). Immutable and thread-safe.
 */
public class PipelineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message that says what was expected, what was found and what to do. */
    public PipelineException(String message) {
        super(message);
    }

    /** With a cause. */
    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
