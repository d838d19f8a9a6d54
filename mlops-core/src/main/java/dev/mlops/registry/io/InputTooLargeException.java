package dev.mlops.registry.io;

import dev.mlops.registry.spi.RegistryException;

/**
 * Untrusted input (an archive's manifest, a JSON document, a request body) is larger than the limit that applies to
 * it; it was refused before it was read into memory. Names what was read, the limit and, when known, the size found.
 * Immutable and thread-safe.
 */
public class InputTooLargeException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    public InputTooLargeException(String message, long limit) {
        super(message);
        this.limit = limit;
    }

    /** The limit, in bytes, that the input exceeded. */
    public long limit() {
        return limit;
    }
}
