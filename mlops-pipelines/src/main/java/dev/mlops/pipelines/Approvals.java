package dev.mlops.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.pipelines.internal.PipelineJson;
import dev.mlops.registry.RecordCollection;
import dev.mlops.registry.Registry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Approval requests persisted in the registry (collection {@value #COLLECTION}), with the four-eyes rule (the requester
 * may not decide), an optional approver list, expiry by the injected clock, and single use bound to one model
 * version. Every change is a compare-and-set on the request's record, so two approvers deciding at once, or two runs
 * using one approval, resolve to exactly one winner. Thread-safe; get it from {@link Pipelines#approvals()}.
 */
public final class Approvals {
    /** The registry collection holding approval requests. */
    public static final String COLLECTION = "approvals";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RecordCollection records;
    private final Clock clock;
    private final Set<String> approvers;
    private final Duration expiry;

    Approvals(Registry registry, Clock clock, Set<String> approvers, Duration expiry) {
        this.records = registry.collection(COLLECTION);
        this.clock = clock;
        this.approvers = Set.copyOf(approvers);
        this.expiry = expiry;
    }

    /** Who may approve; empty means anyone other than the requester. */
    public Set<String> approvers() {
        return approvers;
    }

    /** How long a request stays valid. */
    public Duration expiry() {
        return expiry;
    }

    /**
     * Files a request for {@code action} on {@code model} version {@code version}, asked by {@code requestedBy}, with
     * {@code evidence} (JSON-serialisable, e.g. gate reports) and the asking run (nullable).
     */
    public Approval request(String model, int version, String action, String requestedBy, Object evidence, String runId) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Instant now = clock.instant();
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        String id = "apr-" + HexFormat.of().formatHex(b);
        JsonNode ev = evidence == null ? null : PipelineJson.tree(evidence);
        Approval a = new Approval(id, model, version, action, requestedBy, now, now.plus(expiry), runId, ev,
                ApprovalStatus.PENDING, null, null, null, null, null);
        records.create(id, PipelineJson.tree(a)).orElseThrow(() -> new PipelineException("approval id clash " + id + "; retry"));
        return a;
    }

    /** The request {@code id}, with its status brought up to date (a pending or approved request past expiry reads EXPIRED). */
    public Optional<Approval> find(String id) {
        return records.get(id).map(d -> {
            Approval a = PipelineJson.bind(d.document(), Approval.class);
            return a.expiredAt(clock.instant()) ? a.expired() : a;
        });
    }

    /** The request {@code id}. */
    public Approval get(String id) {
        return find(id).orElseThrow(() -> new ApprovalException(id, ApprovalException.Reason.UNKNOWN,
                "No approval '" + id + "'; list pending ones with pending()"));
    }

    /** Pending requests, oldest first. */
    public List<Approval> pending() {
        List<Approval> out = new ArrayList<>();
        for (String k : records.keys("")) {
            find(k).filter(a -> a.status() == ApprovalStatus.PENDING).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(Approval::requestedAt));
        return out;
    }

    /**
     * Approves request {@code id} as {@code actor}.
     *
     * @throws ApprovalException SAME_ACTOR, NOT_AN_APPROVER, EXPIRED, ALREADY_DECIDED or UNKNOWN
     */
    public Approval approve(String id, String actor, String comment) {
        return decide(id, actor, comment, ApprovalStatus.APPROVED);
    }

    /**
     * Rejects request {@code id} as {@code actor} (same rules as {@link #approve}); the waiting run then fails with
     * the rejection on resume.
     */
    public Approval reject(String id, String actor, String comment) {
        return decide(id, actor, comment, ApprovalStatus.REJECTED);
    }

    private Approval decide(String id, String actor, String comment, ApprovalStatus to) {
        Objects.requireNonNull(actor, "actor");
        return update(id, a -> {
            Instant now = clock.instant();
            if (a.status() != ApprovalStatus.PENDING) {
                throw new ApprovalException(id, ApprovalException.Reason.ALREADY_DECIDED, "Approval " + id + " is "
                        + a.status() + (a.decidedBy() != null ? " (by " + a.decidedBy() + ")" : "")
                        + "; a decision is final. File a new request.");
            }
            if (a.expiredAt(now)) {
                throw expired(a);
            }
            if (a.requestedBy().equals(actor)) {
                throw new ApprovalException(id, ApprovalException.Reason.SAME_ACTOR, "Approval " + id + " was requested by '"
                        + actor + "', who may not also decide it (four-eyes rule); ask another approver");
            }
            if (!approvers.isEmpty() && !approvers.contains(actor)) {
                throw new ApprovalException(id, ApprovalException.Reason.NOT_AN_APPROVER, "'" + actor
                        + "' may not decide approval " + id + "; approvers are " + new java.util.TreeSet<>(approvers));
            }
            return a.decided(to, actor, now, comment);
        });
    }

    /**
     * Uses approved request {@code id} for {@code model} version {@code version} in run {@code runId}: single use
     * (using it again from the same run is idempotent, from another run fails).
     *
     * @throws ApprovalException WRONG_VERSION, NOT_APPROVED, EXPIRED, ALREADY_USED or UNKNOWN
     */
    public Approval use(String id, String model, int version, String runId) {
        Objects.requireNonNull(runId, "runId");
        return update(id, a -> {
            if (!a.model().equals(model) || a.version() != version) {
                throw new ApprovalException(id, ApprovalException.Reason.WRONG_VERSION, "Approval " + id + " is for "
                        + a.model() + ":" + a.version() + ", not " + model + ":" + version + "; request one for this version");
            }
            if (a.status() == ApprovalStatus.USED) {
                if (runId.equals(a.usedBy())) {
                    return a;
                }
                throw new ApprovalException(id, ApprovalException.Reason.ALREADY_USED, "Approval " + id
                        + " was already used by run " + a.usedBy() + " at " + a.usedAt() + "; an approval is single use");
            }
            if (a.expiredAt(clock.instant())) {
                throw expired(a);
            }
            if (a.status() != ApprovalStatus.APPROVED) {
                throw new ApprovalException(id, ApprovalException.Reason.NOT_APPROVED, "Approval " + id + " is "
                        + a.status() + ", not APPROVED");
            }
            return a.used(runId, clock.instant());
        });
    }

    private static ApprovalException expired(Approval a) {
        return new ApprovalException(a.id(), ApprovalException.Reason.EXPIRED, "Approval " + a.id() + " expired at "
                + a.expiresAt() + "; file a new request");
    }

    private Approval update(String id, UnaryOperator<Approval> change) {
        RecordCollection.Document stored = records.update(id, found -> {
            RecordCollection.Document d = found.orElseThrow(() -> new ApprovalException(id,
                    ApprovalException.Reason.UNKNOWN, "No approval '" + id + "'"));
            Approval current = PipelineJson.bind(d.document(), Approval.class);
            Approval next;
            try {
                next = change.apply(current);
            } catch (ApprovalException e) {
                if (e.reason() == ApprovalException.Reason.EXPIRED && current.status() != ApprovalStatus.EXPIRED) {
                    records.compareAndSet(id, d.revision(), PipelineJson.tree(current.expired())); // persist; best effort
                }
                throw e;
            }
            return next.equals(current) ? null : PipelineJson.tree(next);
        }).orElseThrow();
        return PipelineJson.bind(stored.document(), Approval.class);
    }
}
