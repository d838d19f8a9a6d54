package dev.mlops.registry;

import dev.mlops.registry.spi.RegistryException;

/**
 * An operation was refused because of archiving: an alias may not point at an archived version, and a version an
 * alias points at may not be archived. Nothing was written. Immutable and thread-safe.
 */
public class ArchivedException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public ArchivedException(String message) {
        super(message);
    }
}
