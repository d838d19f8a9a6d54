package dev.mlops.registry.spi;

/**
 * Base of every unchecked exception the registry family throws (the storage SPI and {@code mlops-core}).
 * Catch this to handle any registry failure; catch a subclass to handle one kind.
 *
 * <p>Messages say what was expected, what was found and what to do. They never contain credentials.
 * Instances are immutable and thread-safe.
 */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
