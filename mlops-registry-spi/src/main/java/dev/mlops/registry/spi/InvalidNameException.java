package dev.mlops.registry.spi;

/**
 * A name (collection, key, model, alias, path) breaks the naming rules of {@link Names}. Thrown before anything
 * touches storage. Immutable and thread-safe.
 */
public class InvalidNameException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public InvalidNameException(String message) {
        super(message);
    }
}
