package dev.mlops.registry.spi;

/**
 * The store could not be reached or used (I/O error, missing directory that cannot be created, closed store,
 * unknown URI scheme). The message names the location (credentials removed) and what to check. Immutable and thread-safe.
 */
public class StoreUnavailableException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
