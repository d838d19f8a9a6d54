package dev.mlops.registry.spi;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A blob, record, model, version, alias, data set version or run that was asked for does not exist. It says what was
 * not found: {@link #kind()} (e.g. {@code "model"}, {@code "model version"}, {@code "alias"}, {@code "blob"}),
 * {@link #name()} and, for numbered things, {@link #version()}. Immutable and thread-safe.
 */
public class NotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;
    /** The kind of a thing whose kind the thrower did not say. */
    public static final String UNKNOWN_KIND = "thing";

    private final String kind;
    private final String name;
    private final Integer version;

    /** A thing not found, described only by {@code message}. */
    public NotFoundException(String message) {
        this(message, UNKNOWN_KIND, null, null);
    }

    /**
     * A thing of {@code kind} named {@code name} (version {@code version}, or null when it is not numbered) not found.
     */
    public NotFoundException(String message, String kind, String name, Integer version) {
        super(message);
        this.kind = kind == null ? UNKNOWN_KIND : kind;
        this.name = name;
        this.version = version;
    }

    /** What kind of thing was not found, e.g. {@code "model"}, {@code "model version"}, {@code "blob"}. */
    public String kind() {
        return kind;
    }

    /** Its name (model, alias, data set, run id, digest, record key …), when the thrower said it. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** Its version number, for a model or data set version. */
    public OptionalInt version() {
        return version == null ? OptionalInt.empty() : OptionalInt.of(version);
    }
}
