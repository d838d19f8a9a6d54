package dev.mlops.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A handle on one model of a registry: a name plus shortcuts to the registry's operations on it. Holds no state
 * of its own, so it never goes stale. Immutable and thread-safe.
 */
public final class Model {
    private final Registry registry;
    private final String name;

    Model(Registry registry, String name) {
        this.registry = registry;
        this.name = name;
    }

    /** The model name. */
    public String name() {
        return name;
    }

    /** Whether the model exists. */
    public boolean exists() {
        return registry.findModel(name).isPresent();
    }

    /** Its metadata. @throws dev.mlops.registry.spi.NotFoundException when it does not exist */
    public ModelInfo info() {
        return registry.modelInfo(name);
    }

    /** Starts registering a new version. */
    public VersionRegistration register() {
        return registry.register(name);
    }

    /**
     * Creates the model with no versions yet (registering its first version creates it too).
     *
     * @throws dev.mlops.registry.spi.ConflictException when a model of that name exists
     */
    public ModelInfo create(String description, String actor) {
        return registry.ctx.models.createModel(name, description, actor);
    }

    /** Sets the description (recorded as an edit). */
    public ModelInfo describe(String description, String actor) {
        return registry.ctx.models.describeModel(name, description, actor);
    }

    /** Sets (or with a null value, removes) a tag (recorded as an edit). */
    public ModelInfo tag(String key, String value, String actor) {
        return registry.ctx.models.tagModel(name, key, value, actor);
    }

    /** The recorded edits of the description and tags, oldest first. */
    public List<MetadataEdit> edits() {
        return registry.ctx.models.modelEdits(name);
    }

    /** Every version, oldest first. */
    public List<ModelVersion> versions() {
        return registry.versions(name);
    }

    /** Version {@code number}. */
    public ModelVersion version(int number) {
        return registry.version(name, number);
    }

    /** The latest version, if any. */
    public Optional<ModelVersion> latest() {
        return registry.latest(name);
    }

    /** Its aliases that point somewhere, alias → version. */
    public Map<String, Integer> aliases() {
        return registry.aliases(name);
    }

    /** A handle on one of its aliases. */
    public AliasHandle alias(String alias) {
        return registry.alias(name, alias);
    }

    @Override
    public String toString() {
        return "Model[" + name + "]";
    }
}
