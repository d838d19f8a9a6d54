package dev.mlops.registry;

import dev.mlops.registry.spi.RegistryException;

/**
 * A parameter, metric, tag, lineage reference or other metadata value was refused (wrong type, unknown data set,
 * archived target …). Nothing was written. Immutable and thread-safe.
 */
public class InvalidMetadataException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public InvalidMetadataException(String message) {
        super(message);
    }
}
