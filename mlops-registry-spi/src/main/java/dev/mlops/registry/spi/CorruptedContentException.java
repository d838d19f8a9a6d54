package dev.mlops.registry.spi;

/**
 * Stored bytes do not match their digest (or a record does not parse). A corrupted blob is never served silently:
 * the verifying stream of {@link BlobStore#get} throws this when the bytes read so far cannot match.
 * Run the registry's {@code verify()} to list every damaged item. Immutable and thread-safe.
 */
public class CorruptedContentException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public CorruptedContentException(String message) {
        super(message);
    }
}
