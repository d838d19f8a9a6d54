package dev.mlops.pipelines;

/** The state of an approval request. Immutable and thread-safe. */
public enum ApprovalStatus {
    /** Waiting for a decision. */
    PENDING,
    /** Approved, not used yet. */
    APPROVED,
    /** Rejected; final. */
    REJECTED,
    /** Expired before it was decided or used; final. */
    EXPIRED,
    /** Approved and used by a pipeline run; final (an approval is single use). */
    USED
}
