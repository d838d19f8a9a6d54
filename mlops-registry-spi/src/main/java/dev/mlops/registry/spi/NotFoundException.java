package dev.mlops.registry.spi;

/** A blob, record, model, version or alias that was asked for does not exist. Immutable and thread-safe. */
public class NotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
