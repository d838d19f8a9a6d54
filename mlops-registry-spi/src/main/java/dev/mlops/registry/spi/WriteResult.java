package dev.mlops.registry.spi;

/**
 * The outcome of a conditional write. When {@link #applied()} is true, {@link #revision()} is the record's new
 * revision; when false, it is the revision the store found ({@code 0} if the record is absent), so the caller can
 * decide whether to re-read and retry. Immutable and thread-safe.
 *
 * @param applied  whether the write took effect
 * @param revision the new revision (applied) or the current one (not applied; 0 when absent)
 */
public record WriteResult(boolean applied, long revision) {
    public static WriteResult applied(long newRevision) {
        return new WriteResult(true, newRevision);
    }

    public static WriteResult rejected(long currentRevision) {
        return new WriteResult(false, currentRevision);
    }
}
