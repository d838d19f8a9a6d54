package dev.mlops.registry;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * A handle on one alias of one model: {@code registry.alias("fraud", "production").moveTo(3, "alice", "better AUC")}.
 * Holds no state of its own. Immutable and thread-safe.
 */
public final class AliasHandle {
    private final Registry registry;
    private final String model;
    private final String alias;

    AliasHandle(Registry registry, String model, String alias) {
        this.registry = registry;
        this.model = model;
        this.alias = alias;
    }

    public String model() {
        return model;
    }

    public String alias() {
        return alias;
    }

    /** Moves the alias; see {@link Registry#setAlias}. */
    public AliasMove moveTo(int version, String actor, String reason) {
        return registry.setAlias(model, alias, version, actor, reason);
    }

    /** Rolls the alias back; see {@link Registry#rollback}. */
    public AliasMove rollback(String actor, String reason) {
        return registry.rollback(model, alias, actor, reason);
    }

    /** Where it points now. */
    public OptionalInt resolve() {
        return registry.resolve(model, alias);
    }

    /** Where it pointed at {@code asOf}. */
    public OptionalInt resolve(Instant asOf) {
        return registry.ctx.aliases.resolve(model, alias, asOf);
    }

    /** Its history. */
    public AliasHistory history() {
        return registry.aliasHistory(model, alias);
    }

    /** A number that grows with every move; cheap to poll. */
    public long revision() {
        return registry.aliasRevision(model, alias);
    }

    @Override
    public String toString() {
        return "Alias[" + model + "@" + alias + "]";
    }
}
