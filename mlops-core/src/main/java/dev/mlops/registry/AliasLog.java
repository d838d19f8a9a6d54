package dev.mlops.registry;

import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.event.AliasMoved;
import dev.mlops.registry.event.AttachmentAdded;
import dev.mlops.registry.internal.Docs;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.onnx.ValueInfo;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.ConflictException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.InvalidNameException;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.RegistryException;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The alias log: moves appended to each alias's hash-chained history with create-if-absent of the next sequence
 * number, the head record as a hint, resolving now and as of an instant (binary search over the immutable history),
 * and the checked history. Thread-safe.
 */
final class AliasLog {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    private final RegistryContext ctx;

    AliasLog(RegistryContext ctx) {
        this.ctx = ctx;
    }

    AliasMove setAlias(String model, String alias, int version, String actor, String reason) {
        Registry.checkName("model", model);
        Registry.checkName("alias", alias);
        Objects.requireNonNull(reason, "reason");
        requireAliasTarget(model, version);
        return moveAlias(model, alias, OptionalInt.of(version), Registry.actorOrDefault(actor), reason, AliasMove.Kind.MOVE, -1);
    }

    private void requireAliasTarget(String model, int version) {
        if (ctx.versions.versionDoc(model, version).isEmpty()) {
            throw ctx.versions.noVersion(model, version);
        }
        if (ctx.versions.versionMeta(model, version).map(e -> Boolean.TRUE.equals(e.getValue().archived())).orElse(false)) {
            throw new ArchivedException("Version " + model + ":" + version + " is archived; an alias may not point at it."
                    + " Choose another version.");
        }
    }

    AliasMove rollback(String model, String alias, String actor, String reason) {
        Registry.checkName("model", model);
        Registry.checkName("alias", alias);
        Objects.requireNonNull(reason, "reason");
        AliasState s = aliasState(model, alias);
        if (s.latest == null) {
            throw new NotFoundException("Alias '" + alias + "' of model '" + model + "' has never been set; nothing to roll "
                    + "back. Set it first with registry.setAlias(...).", "alias", model + "/" + alias, null);
        }
        OptionalInt target = s.latest.from();
        if (target.isPresent()) {
            requireAliasTarget(model, target.getAsInt());
        }
        return moveAlias(model, alias, target, Registry.actorOrDefault(actor), reason, AliasMove.Kind.ROLLBACK, s.latest.sequence());
    }

    AliasMove moveAlias(String model, String alias, OptionalInt to, String actor, String reason,
                                AliasMove.Kind kind, long expectedSeq) {
        String headKey = Keys.alias(model, alias);
        if (ctx.records.get(Keys.ALIASES, headKey).isEmpty()) {
            // created before any history entry so that listing aliases finds every alias; harmless if we stop here
            ctx.records.createIfAbsent(Keys.ALIASES, headKey,
                    Json.write(new Docs.AliasHeadDoc(Json.FORMAT, 0, null, null, null)));
        }
        AliasMove committed = Commits.retry("moving alias '" + alias + "' of model '" + model + "'", () -> {
            AliasState s = aliasState(model, alias);
            if (expectedSeq >= 0 && s.seq != expectedSeq) {
                throw new ConflictException("Alias '" + alias + "' of model '" + model + "' moved (to entry " + s.seq
                        + ") while rolling back entry " + expectedSeq + "; check its history and retry", expectedSeq, s.seq);
            }
            OptionalInt from = s.latest == null ? OptionalInt.empty() : s.latest.to();
            AliasChange change = new AliasChange(model, alias, from, to, actor, reason, kind);
            String refusal;
            try {
                refusal = ctx.aliasPolicy.refusal(change);
            } catch (RuntimeException e) {
                LOG.warn("Alias policy threw on {}; refusing the move", change, e);
                refusal = "the policy failed: " + e;
            }
            if (refusal != null && !refusal.isEmpty()) {
                LOG.info("event=gate.decision gate=alias.policy decision=refused model={} alias={} from={} to={} "
                                + "actor={} reason={}", AliasLog.logValue(model), AliasLog.logValue(alias), version(from), version(to),
                        AliasLog.logValue(actor), AliasLog.logValue(refusal));
                throw new AliasProtectedException(model, alias, actor, refusal);
            }
            Instant now = ctx.clock.instant();
            Instant at = s.latest != null && now.isBefore(s.latest.at()) ? s.latest.at() : now;
            long seq = s.seq + 1;
            Docs.AliasEntryDoc entry = new Docs.AliasEntryDoc(Json.FORMAT, model, alias, seq,
                    from.isPresent() ? from.getAsInt() : null, to.isPresent() ? to.getAsInt() : null, at, actor, reason,
                    kind.name().toLowerCase(java.util.Locale.ROOT),
                    s.latest == null ? null : s.latest.hash().toString());
            byte[] bytes = Json.write(entry);
            String entryKey = Keys.aliasEntry(model, alias, seq);
            long[] found = new long[1];
            AliasMove m = ctx.events.commitThenPublish(RegistryEvents.model(model), () -> {
                WriteResult w = ctx.records.createIfAbsent(Keys.ALIAS_HISTORY, entryKey, bytes);
                found[0] = w.revision();
                if (w.applied()) {
                    AliasMove move = toAliasMove(entry, Digest.sha256(bytes));
                    ctx.cache("a:" + entryKey, move);
                    return move;
                }
                return null;
            }, AliasMoved::new);
            // a lost race is re-read; for a rollback, the check above then throws the conflict
            return m != null ? new Commits.Done<>(m) : new Commits.Lost<>(Keys.ALIAS_HISTORY + "/" + entryKey, 0, found[0]);
        });
        advanceAliasHead(headKey, committed);
        LOG.info("event=alias.moved model={} alias={} from={} to={} kind={} seq={} actor={} reason={}",
                AliasLog.logValue(model), AliasLog.logValue(alias), version(committed.from()), version(to),
                kind.name().toLowerCase(java.util.Locale.ROOT), committed.sequence(), AliasLog.logValue(actor), AliasLog.logValue(reason));
        return committed;
    }

    private static String version(OptionalInt v) {
        return v.isPresent() ? Integer.toString(v.getAsInt()) : "none";
    }

    /** A logfmt value: bare when it is one plain token, else double-quoted with quotes and backslashes escaped. */
    static String logValue(Object v) {
        String s = String.valueOf(v);
        if (!s.isEmpty() && s.chars().allMatch(c -> c > ' ' && c != '"' && c != '=' && c != '\\' && c < 127)) {
            return s;
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private void advanceAliasHead(String headKey, AliasMove m) {
        byte[] doc = Json.write(new Docs.AliasHeadDoc(Json.FORMAT, m.sequence(),
                m.to().isPresent() ? m.to().getAsInt() : null, m.hash().toString(), m.at()));
        try {
            Commits.update(ctx.records, Keys.ALIASES, headKey, "advancing alias head " + headKey, r -> {
                long seq = r.map(x -> Json.read(x.document(), Docs.AliasHeadDoc.class, Keys.ALIASES + "/" + headKey).seq())
                        .orElse(0L);
                return seq >= m.sequence() ? Commits.Step.unchanged(null) : Commits.Step.write(doc, null);
            });
        } catch (ConflictException e) {
            // the head is only a hint (readers probe forward from it); the move is committed
            LOG.debug("Alias head {} not advanced: {}", headKey, e.getMessage());
        }
    }

    private record AliasState(long seq, AliasMove latest) {
    }

    /** The latest committed entry: the head is a hint; entries after it are found by probing forward. */
    private AliasState aliasState(String model, String alias) {
        String headKey = Keys.alias(model, alias);
        long seq = ctx.records.get(Keys.ALIASES, headKey)
                .map(r -> Json.read(r.document(), Docs.AliasHeadDoc.class, Keys.ALIASES + "/" + headKey).seq())
                .orElse(0L);
        AliasMove latest = seq > 0 ? aliasEntry(model, alias, seq).orElse(null) : null;
        while (true) {
            Optional<AliasMove> next = aliasEntry(model, alias, seq + 1);
            if (next.isEmpty()) {
                break;
            }
            latest = next.get();
            seq++;
        }
        return new AliasState(seq, latest);
    }

    private Optional<AliasMove> aliasEntry(String model, String alias, long seq) {
        String key = Keys.aliasEntry(model, alias, seq);
        Object cached = ctx.cached("a:" + key);
        if (cached instanceof AliasMove m) {
            return Optional.of(m);
        }
        Optional<AliasMove> m = ctx.records.get(Keys.ALIAS_HISTORY, key).map(r -> {
            byte[] bytes = r.document();
            return toAliasMove(Json.read(bytes, Docs.AliasEntryDoc.class, Keys.ALIAS_HISTORY + "/" + key), Digest.sha256(bytes));
        });
        m.ifPresent(x -> ctx.cache("a:" + key, x));
        return m;
    }

    private static AliasMove toAliasMove(Docs.AliasEntryDoc e, Digest hash) {
        return new AliasMove(e.model(), e.alias(), e.seq(),
                e.from() == null ? OptionalInt.empty() : OptionalInt.of(e.from()),
                e.to() == null ? OptionalInt.empty() : OptionalInt.of(e.to()), e.at(), e.actor() == null ? "" : e.actor(),
                e.reason() == null ? "" : e.reason(),
                "rollback".equals(e.kind()) ? AliasMove.Kind.ROLLBACK : AliasMove.Kind.MOVE,
                Optional.ofNullable(e.previousHash()).map(Digest::parse), hash);
    }

    OptionalInt resolve(String model, String alias) {
        Registry.checkName("model", model);
        Registry.checkName("alias", alias);
        AliasState s = aliasState(model, alias);
        return s.latest == null ? OptionalInt.empty() : s.latest.to();
    }

    OptionalInt resolve(String model, String alias, Instant asOf) {
        Registry.checkName("model", model);
        Registry.checkName("alias", alias);
        Objects.requireNonNull(asOf, "asOf");
        AliasState s = aliasState(model, alias);
        long lo = 1;
        long hi = s.seq;
        AliasMove found = null;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            AliasMove m = aliasEntry(model, alias, mid).orElseThrow(() -> new RegistryException(
                    "Alias history of '" + alias + "' of model '" + model + "' is missing entry " + mid + "; run verify"));
            if (m.at().isAfter(asOf)) {
                hi = mid - 1;
            } else {
                found = m;
                lo = mid + 1;
            }
        }
        return found == null ? OptionalInt.empty() : found.to();
    }

    ModelVersion resolveVersion(String model, String alias) {
        OptionalInt v = resolve(model, alias);
        if (v.isEmpty()) {
            throw new NotFoundException("Alias '" + alias + "' of model '" + model + "' does not point at a version. "
                    + "Set it with registry.setAlias(\"" + model + "\", \"" + alias + "\", version, actor, reason).",
                    "alias", model + "/" + alias, null);
        }
        return ctx.versions.version(model, v.getAsInt());
    }

    long aliasRevision(String model, String alias) {
        Registry.checkName("model", model);
        Registry.checkName("alias", alias);
        return aliasState(model, alias).seq;
    }

    AliasHistory aliasHistory(String model, String alias) {
        Registry.checkName("model", model);
        Registry.checkName("alias", alias);
        List<AliasMove> moves = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String key : ctx.listAll(Keys.ALIAS_HISTORY, Keys.alias(model, alias) + "/")) {
            try {
                VersionedRecord r = ctx.records.get(Keys.ALIAS_HISTORY, key).orElse(null);
                if (r != null) {
                    byte[] bytes = r.document();
                    moves.add(toAliasMove(Json.read(bytes, Docs.AliasEntryDoc.class, Keys.ALIAS_HISTORY + "/" + key),
                            Digest.sha256(bytes)));
                }
            } catch (RuntimeException e) {
                problems.add(key + ": unreadable entry: " + e.getMessage());
            }
        }
        problems.addAll(AliasHistory.verifyChain(moves));
        checkAliasHead(Keys.alias(model, alias), moves, problems);
        return new AliasHistory(model, alias, moves, problems);
    }

    /**
     * Checks the alias record (the head) against the chain: the head names the sequence and hash of an entry it has
     * seen committed, so an entry it names that is gone (the end of the history was cut off) or whose bytes no longer
     * hash to what it recorded (the entry was edited, even with a valid checksum) breaks the chain. The head may lag
     * behind the last entry (a crash between an entry's commit and the head's update), never run ahead of it.
     */
    private void checkAliasHead(String headKey, List<AliasMove> moves, List<String> problems) {
        Optional<VersionedRecord> r = ctx.records.get(Keys.ALIASES, headKey);
        if (r.isEmpty()) {
            return;
        }
        Docs.AliasHeadDoc head;
        try {
            head = Json.read(r.get().document(), Docs.AliasHeadDoc.class, Keys.ALIASES + "/" + headKey);
        } catch (RuntimeException e) {
            problems.add("the alias record is unreadable: " + e.getMessage());
            return;
        }
        if (head.seq() <= 0) {
            return;
        }
        long last = moves.isEmpty() ? 0 : moves.get(moves.size() - 1).sequence();
        if (head.seq() > last) {
            problems.add("the alias record names entry " + head.seq() + " but the history ends at "
                    + (last == 0 ? "no entry" : "entry " + last) + " (entries were removed from its end)");
            return;
        }
        AliasMove named = moves.stream().filter(m -> m.sequence() == head.seq()).findFirst().orElse(null);
        if (named == null) {
            return; // a gap at that sequence is reported by the chain check
        }
        if (head.hash() != null && !head.hash().equals(named.hash().toString())) {
            problems.add("entry " + head.seq() + " hashes to " + named.hash() + " but the alias record recorded "
                    + head.hash() + " (the entry or the alias record was edited)");
        }
        Integer to = named.to().isPresent() ? named.to().getAsInt() : null;
        if (!java.util.Objects.equals(to, head.version())) {
            problems.add("the alias record points at version " + head.version() + " but entry " + head.seq()
                    + " moved the alias to " + to);
        }
    }

    AliasHandle alias(String model, String alias) {
        return new AliasHandle(ctx.registry, Registry.checkName("model", model), Registry.checkName("alias", alias));
    }

    Map<String, Integer> aliases(String model) {
        Registry.checkName("model", model);
        Map<String, Integer> out = new TreeMap<>();
        for (String key : ctx.listAll(Keys.ALIASES, model + "/")) {
            String alias = key.substring(model.length() + 1);
            if (alias.contains("/")) {
                continue;
            }
            resolve(model, alias).ifPresent(v -> out.put(alias, v));
        }
        return out;
    }
}
