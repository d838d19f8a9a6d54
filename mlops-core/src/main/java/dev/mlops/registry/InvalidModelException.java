package dev.mlops.registry;

import dev.mlops.registry.spi.RegistryException;

/** An artifact that should be an ONNX model is not one (or is damaged). Immutable and thread-safe. */
public class InvalidModelException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
