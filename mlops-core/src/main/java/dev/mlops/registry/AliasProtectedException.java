package dev.mlops.registry;

import dev.mlops.registry.spi.RegistryException;

/** The {@link AliasPolicy} refused an alias move. Nothing was written. Immutable and thread-safe. */
public class AliasProtectedException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final String model;
    private final String alias;
    private final String actor;

    public AliasProtectedException(String model, String alias, String actor, String reason) {
        super("Moving alias '" + alias + "' of model '" + model + "' by '" + actor + "' was refused by the alias policy: "
                + reason);
        this.model = model;
        this.alias = alias;
        this.actor = actor;
    }

    public String model() {
        return model;
    }

    public String alias() {
        return alias;
    }

    public String actor() {
        return actor;
    }
}
