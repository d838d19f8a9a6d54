package dev.mlops.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mlops.pipelines.internal.PipelineJson;

import java.time.Instant;
import java.util.Objects;

/**
 * An approval request as persisted in the registry (collection {@value Approvals#COLLECTION}): what is to be approved
 * (a model version, for an action such as "promote to production"), who asked, the evidence (gate reports), its
 * expiry, and the decision and use. Immutable and thread-safe.
 *
 * @param id          the approval id
 * @param model       the model
 * @param version     the version it is bound to (using it for another version fails)
 * @param action      what the approval allows, e.g. {@code "promote to production"}
 * @param requestedBy who asked (may not decide: four-eyes)
 * @param requestedAt when
 * @param expiresAt   after this instant it can be neither decided nor used
 * @param runId       the pipeline run that asked, or null
 * @param evidence    the gate reports shown to the approver (JSON object)
 * @param status      the state
 * @param decidedBy   who approved or rejected, null while pending
 * @param decidedAt   when, null while pending
 * @param comment     the approver's comment, null when none
 * @param usedBy      the pipeline run that used it, null until used
 * @param usedAt      when, null until used
 */
@JsonPropertyOrder({"id", "model", "version", "action", "requested_by", "requested_at", "expires_at", "run_id",
        "status", "decided_by", "decided_at", "comment", "used_by", "used_at", "evidence"})
public record Approval(@JsonProperty("id") String id, @JsonProperty("model") String model,
                       @JsonProperty("version") int version, @JsonProperty("action") String action,
                       @JsonProperty("requested_by") String requestedBy, @JsonProperty("requested_at") Instant requestedAt,
                       @JsonProperty("expires_at") Instant expiresAt, @JsonProperty("run_id") String runId,
                       @JsonProperty("evidence") JsonNode evidence, @JsonProperty("status") ApprovalStatus status,
                       @JsonProperty("decided_by") String decidedBy, @JsonProperty("decided_at") Instant decidedAt,
                       @JsonProperty("comment") String comment, @JsonProperty("used_by") String usedBy,
                       @JsonProperty("used_at") Instant usedAt) {
    /** Validates and copies. */
    public Approval {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(status, "status");
        evidence = evidence == null || evidence.isNull() ? JsonNodeFactory.instance.objectNode() : evidence.deepCopy();
    }

    /** A copy of the evidence. */
    @Override
    public JsonNode evidence() {
        return evidence.deepCopy();
    }

    /** Whether it has expired at {@code now} (only pending and approved requests expire). */
    public boolean expiredAt(Instant now) {
        return status == ApprovalStatus.EXPIRED
                || (status == ApprovalStatus.PENDING || status == ApprovalStatus.APPROVED) && !now.isBefore(expiresAt);
    }

    /** The record as indented JSON. */
    public String toJson() {
        return PipelineJson.write(this);
    }

    Approval decided(ApprovalStatus newStatus, String actor, Instant at, String newComment) {
        return new Approval(id, model, version, action, requestedBy, requestedAt, expiresAt, runId, evidence, newStatus,
                actor, at, newComment, usedBy, usedAt);
    }

    Approval used(String run, Instant at) {
        return new Approval(id, model, version, action, requestedBy, requestedAt, expiresAt, runId, evidence,
                ApprovalStatus.USED, decidedBy, decidedAt, comment, run, at);
    }

    Approval expired() {
        return new Approval(id, model, version, action, requestedBy, requestedAt, expiresAt, runId, evidence,
                ApprovalStatus.EXPIRED, decidedBy, decidedAt, comment, usedBy, usedAt);
    }
}
