package dev.mlops.serving.endpoint;

import dev.mlops.serving.ServingException;
import java.util.List;

/** A request or policy named a variant the endpoint does not have. */
public class NoSuchVariantException extends ServingException {
    private static final long serialVersionUID = 1L;
    private final String endpoint;
    private final String variant;

    /** An exception naming the endpoint, the missing variant and those it has. */
    public NoSuchVariantException(String endpoint, String variant, List<String> known) {
        super("endpoint '" + endpoint + "' has no variant '" + variant + "'; its variants are " + known);
        this.endpoint = endpoint;
        this.variant = variant;
    }

    /** The endpoint. */
    public String endpoint() {
        return endpoint;
    }

    /** The missing variant. */
    public String variant() {
        return variant;
    }
}
