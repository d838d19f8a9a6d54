package dev.mlops.serving.endpoint;

import dev.mlops.serving.ServingException;

/** A request reached an endpoint that has been closed. */
public class EndpointClosedException extends ServingException {
    private static final long serialVersionUID = 1L;
    private final String endpoint;

    /** An exception for endpoint {@code endpoint}. */
    public EndpointClosedException(String endpoint) {
        super("endpoint '" + endpoint + "' is closed");
        this.endpoint = endpoint;
    }

    /** The endpoint. */
    public String endpoint() {
        return endpoint;
    }
}
