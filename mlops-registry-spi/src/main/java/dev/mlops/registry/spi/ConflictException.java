package dev.mlops.registry.spi;

/**
 * A write lost a race: the record already existed (create-if-absent) or its revision was not the expected one
 * (compare-and-set). Re-read and retry, or report the conflict. Immutable and thread-safe.
 */
public class ConflictException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final long expectedRevision;
    private final long actualRevision;

    public ConflictException(String message, long expectedRevision, long actualRevision) {
        super(message);
        this.expectedRevision = expectedRevision;
        this.actualRevision = actualRevision;
    }

    /** The revision the writer expected ({@code 0} for create-if-absent). */
    public long expectedRevision() {
        return expectedRevision;
    }

    /** The revision found in the store ({@code 0} when the record is absent). */
    public long actualRevision() {
        return actualRevision;
    }
}
