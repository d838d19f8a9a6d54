package dev.mlops.registry;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A proposed alias move, as an {@link AliasPolicy} sees it before it is written. Immutable and thread-safe.
 *
 * @param model  the model
 * @param alias  the alias
 * @param from   where it points now (empty if nowhere)
 * @param to     where it would point (empty: cleared by a rollback)
 * @param actor  who asks
 * @param reason why
 * @param kind   a move or a rollback
 */
public record AliasChange(String model, String alias, OptionalInt from, OptionalInt to, String actor, String reason,
                          AliasMove.Kind kind) {
    public AliasChange {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(kind, "kind");
    }
}
