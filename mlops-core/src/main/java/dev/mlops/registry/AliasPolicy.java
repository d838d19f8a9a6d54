package dev.mlops.registry;

import java.util.Objects;
import java.util.Set;

/**
 * Decides who may move which alias. The registry asks it before every move and rollback; a refusal throws
 * {@link AliasProtectedException} and writes nothing. A policy that throws is treated as a refusal (fail closed).
 *
 * <p><b>Trust model.</b> Actors are names the application supplies; the registry does not authenticate them. A policy
 * keeps honest callers from moving aliases they should not touch (e.g. only {@code pipeline} moves
 * {@code production}); it does not stop someone with write access to the store from writing records directly. The
 * hash chain of {@link AliasMove}s makes such edits <em>visible</em> to {@code verify}; it does not prevent them.
 *
 * <pre>{@code
 * AliasPolicy p = AliasPolicy.protect("production", Set.of("pipeline"));
 * }</pre>
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AliasPolicy {

    /** Returns null (or empty) to allow the change, or the reason it is refused. */
    String refusal(AliasChange change);

    /** Allows every move. */
    static AliasPolicy allowAll() {
        return change -> null;
    }

    /** Only {@code actors} may move or roll back {@code alias} (of any model); other aliases are unrestricted. */
    static AliasPolicy protect(String alias, Set<String> actors) {
        Objects.requireNonNull(alias, "alias");
        Set<String> allowed = Set.copyOf(actors);
        return change -> !change.alias().equals(alias) || allowed.contains(change.actor()) ? null
                : "alias '" + alias + "' is protected: only " + new java.util.TreeSet<>(allowed) + " may move it, not '"
                + change.actor() + "'";
    }

    /** A policy that refuses what either this or {@code other} refuses. */
    default AliasPolicy and(AliasPolicy other) {
        Objects.requireNonNull(other, "other");
        return change -> {
            String r = refusal(change);
            return r != null && !r.isEmpty() ? r : other.refusal(change);
        };
    }
}
