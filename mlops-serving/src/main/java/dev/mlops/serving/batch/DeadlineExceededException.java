package dev.mlops.serving.batch;

import dev.mlops.serving.ServingException;
import java.time.Duration;

/** A batched request did not complete within its timeout; its result, if it comes, is discarded. */
public class DeadlineExceededException extends ServingException {
    private static final long serialVersionUID = 1L;
    private final Duration timeout;

    /** An exception for {@code model} and {@code timeout}. */
    public DeadlineExceededException(String model, Duration timeout) {
        super("model '" + model + "' did not answer within " + timeout + " (BatchingOptions.requestTimeout)");
        this.timeout = timeout;
    }

    /** The timeout that passed. */
    public Duration timeout() {
        return timeout;
    }
}
