package dev.mlops.pipelines;

/**
 * An approval was misused: decided by its requester or by someone not on the approver list, decided twice, used
 * after expiry, used twice or for another version. Immutable and thread-safe.
 */
public class ApprovalException extends PipelineException {
    private static final long serialVersionUID = 1L;

    /** Why the approval was refused. */
    public enum Reason {
        /** The approver is the person who asked (four-eyes rule). */
        SAME_ACTOR,
        /** The approver is not on the configured approver list. */
        NOT_AN_APPROVER,
        /** The approval expired before it was decided or used. */
        EXPIRED,
        /** The approval was already approved or rejected. */
        ALREADY_DECIDED,
        /** The approval was not approved (still pending, or rejected). */
        NOT_APPROVED,
        /** The approval was already used by another pipeline run. */
        ALREADY_USED,
        /** The approval is for another model or version. */
        WRONG_VERSION,
        /** No approval with that id. */
        UNKNOWN
    }

    private final String approvalId;
    private final Reason reason;

    /** For approval {@code approvalId}. */
    public ApprovalException(String approvalId, Reason reason, String message) {
        super(message);
        this.approvalId = approvalId;
        this.reason = reason;
    }

    /** The approval concerned. */
    public String approvalId() {
        return approvalId;
    }

    /** Why it was refused. */
    public Reason reason() {
        return reason;
    }
}
