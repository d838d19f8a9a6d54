package dev.mlops.pipelines;

import dev.mlops.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
    private final Registry registry = Registry.inMemory();
    private final Approvals approvals = Pipelines.builder(registry).clock(clock).approvalExpiry(Duration.ofHours(24))
            .approvers(Set.of("bob", "carol")).build().approvals();

    @AfterEach
    void close() {
        registry.close();
    }

    private static ApprovalException.Reason reasonOf(Runnable r) {
        try {
            r.run();
        } catch (ApprovalException e) {
            return e.reason();
        }
        throw new AssertionError("expected an ApprovalException");
    }

    @Test
    void aRequestIsPersistedWithItsEvidenceAndExpiry() {
        Approval a = approvals.request("bc", 2, "promote to production", "alice", Map.of("auc", 0.99), "prod/r1");

        Approval read = approvals.get(a.id());
        assertThat(read.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(read.expiresAt()).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(read.evidence().get("auc").doubleValue()).isEqualTo(0.99);
        assertThat(read.runId()).isEqualTo("prod/r1");
        assertThat(approvals.pending()).extracting(Approval::id).containsExactly(a.id());
    }

    @Test
    void theRequesterMayNotDecideAndOnlyListedApproversMay() {
        Approval a = approvals.request("bc", 2, "promote", "alice", null, null);

        assertThat(reasonOf(() -> approvals.approve(a.id(), "alice", "me"))).isEqualTo(ApprovalException.Reason.SAME_ACTOR);
        assertThat(reasonOf(() -> approvals.approve(a.id(), "mallory", "ok"))).isEqualTo(ApprovalException.Reason.NOT_AN_APPROVER);
        Approval ok = approvals.approve(a.id(), "bob", "looks good");
        assertThat(ok.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(ok.decidedBy()).isEqualTo("bob");
        assertThat(ok.decidedAt()).isEqualTo(clock.instant());
        assertThat(reasonOf(() -> approvals.reject(a.id(), "carol", "no"))).isEqualTo(ApprovalException.Reason.ALREADY_DECIDED);
    }

    @Test
    void anApprovalIsSingleUseAndBoundToItsVersion() {
        Approval a = approvals.request("bc", 2, "promote", "alice", null, null);
        approvals.approve(a.id(), "carol", null);

        assertThat(reasonOf(() -> approvals.use(a.id(), "bc", 3, "run-1"))).isEqualTo(ApprovalException.Reason.WRONG_VERSION);
        assertThat(reasonOf(() -> approvals.use(a.id(), "other", 2, "run-1"))).isEqualTo(ApprovalException.Reason.WRONG_VERSION);
        Approval used = approvals.use(a.id(), "bc", 2, "run-1");
        assertThat(used.status()).isEqualTo(ApprovalStatus.USED);
        assertThat(used.usedBy()).isEqualTo("run-1");
        assertThat(approvals.use(a.id(), "bc", 2, "run-1")).isEqualTo(used); // idempotent for the same run
        assertThat(reasonOf(() -> approvals.use(a.id(), "bc", 2, "run-2"))).isEqualTo(ApprovalException.Reason.ALREADY_USED);
    }

    @Test
    void anExpiredApprovalCanBeNeitherDecidedNorUsed() {
        Approval pending = approvals.request("bc", 2, "promote", "alice", null, null);
        Approval approved = approvals.request("bc", 2, "promote", "alice", null, null);
        approvals.approve(approved.id(), "bob", null);
        clock.advance(Duration.ofHours(24));

        assertThat(approvals.get(pending.id()).status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(reasonOf(() -> approvals.approve(pending.id(), "bob", null))).isEqualTo(ApprovalException.Reason.EXPIRED);
        assertThat(reasonOf(() -> approvals.use(approved.id(), "bc", 2, "run-1"))).isEqualTo(ApprovalException.Reason.EXPIRED);
        assertThat(approvals.pending()).isEmpty();
    }

    @Test
    void aDecisionJustBeforeExpiryCounts() {
        Approval a = approvals.request("bc", 2, "promote", "alice", null, null);
        clock.advance(Duration.ofHours(24).minusSeconds(1));

        assertThat(approvals.approve(a.id(), "bob", null).status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void aRejectedApprovalCannotBeUsed() {
        Approval a = approvals.request("bc", 2, "promote", "alice", null, null);
        approvals.reject(a.id(), "bob", "drift report missing");

        assertThat(approvals.get(a.id()).comment()).isEqualTo("drift report missing");
        assertThat(reasonOf(() -> approvals.use(a.id(), "bc", 2, "run-1"))).isEqualTo(ApprovalException.Reason.NOT_APPROVED);
        assertThat(reasonOf(() -> approvals.get("apr-nope"))).isEqualTo(ApprovalException.Reason.UNKNOWN);
    }
}
