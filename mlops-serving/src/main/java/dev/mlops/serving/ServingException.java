package dev.mlops.serving;

/**
 * Base of every exception the serving module throws for conditions other than programmer errors (those are
 * {@link NullPointerException} and {@link IllegalArgumentException}). Unchecked. Instances are not shared.
 */
public class ServingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message. */
    public ServingException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public ServingException(String message, Throwable cause) {
        super(message, cause);
    }
}
