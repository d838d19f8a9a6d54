package dev.mlops.registry;

import dev.mlops.registry.spi.Digest;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One entry of an alias's append-only history: the alias moved from one version to another (or was set for the first
 * time, or cleared), when, by whom and why. Each entry carries the SHA-256 of the previous entry's stored bytes
 * ({@link #previousHash()}), so the history is tamper-evident. Immutable and thread-safe.
 *
 * @param model        the model
 * @param alias        the alias
 * @param sequence     1 for the first move, then 2, 3 …
 * @param from         the version before the move (empty if the alias did not point anywhere)
 * @param to           the version after the move (empty when a rollback cleared the alias)
 * @param at           when (never earlier than the previous entry)
 * @param actor        who (a name the application supplies)
 * @param reason       why
 * @param kind         a plain move or a rollback
 * @param previousHash the SHA-256 of the previous entry, empty for the first
 * @param hash         the SHA-256 of this entry's stored bytes
 */
public record AliasMove(String model, String alias, long sequence, OptionalInt from, OptionalInt to, Instant at,
                        String actor, String reason, Kind kind, java.util.Optional<Digest> previousHash, Digest hash) {
    /** How an alias moved. */
    public enum Kind { MOVE, ROLLBACK }

    public AliasMove {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }
}
