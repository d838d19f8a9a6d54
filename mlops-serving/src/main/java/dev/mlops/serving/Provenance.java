package dev.mlops.serving;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who answered a prediction: the endpoint and variant (when it went through an endpoint), the model's name, its
 * registry version and artifact digest (when known), and whether the answer came from a shadow mirror. Every
 * {@link Outputs} carries one ({@link Outputs#provenance()}), for audit trails of decisions. Endpoints precompute one
 * per variant, so carrying it costs no allocation per request. Immutable and thread-safe.
 */
public final class Provenance {
    private final String endpoint;
    private final String variant;
    private final String model;
    private final int version;
    private final String digest;
    private final boolean shadow;
    private final Provenance asShadow;

    private Provenance(String endpoint, String variant, String model, int version, String digest, boolean shadow) {
        this.endpoint = endpoint;
        this.variant = variant;
        this.model = Objects.requireNonNull(model, "model");
        this.version = version;
        this.digest = digest;
        this.shadow = shadow;
        this.asShadow = shadow ? this : null;
    }

    private Provenance(Provenance p) {
        this.endpoint = p.endpoint;
        this.variant = p.variant;
        this.model = p.model;
        this.version = p.version;
        this.digest = p.digest;
        this.shadow = true;
        this.asShadow = this;
    }

    /**
     * The provenance of a model outside any endpoint.
     *
     * @param model   the model's name
     * @param version its registry version (≥ 1), or 0 when unknown
     * @param digest  its artifact digest ({@code sha256:…}), or null when unknown
     */
    public static Provenance ofModel(String model, int version, String digest) {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 1, or 0 for unknown; given " + version);
        }
        return new Provenance(null, null, model, version, digest, false);
    }

    /** The same model answering as {@code variant} of {@code endpoint}. */
    public Provenance at(String endpoint, String variant) {
        return new Provenance(Objects.requireNonNull(endpoint, "endpoint"), Objects.requireNonNull(variant, "variant"),
                model, version, digest, false);
    }

    /** The same, answering as a shadow mirror (its answer never reached the caller). */
    public Provenance asShadow() {
        Provenance s = asShadow;
        return s != null ? s : new Provenance(this);
    }

    /** The endpoint that routed the request, if it went through one. */
    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The endpoint variant that answered, if the request went through an endpoint. */
    public Optional<String> variant() {
        return Optional.ofNullable(variant);
    }

    /** The model's name (the registry model name for models loaded from a registry). */
    public String model() {
        return model;
    }

    /** The registry version number, if known. */
    public OptionalInt version() {
        return version > 0 ? OptionalInt.of(version) : OptionalInt.empty();
    }

    /** The artifact digest ({@code sha256:…}), if known. */
    public Optional<String> digest() {
        return Optional.ofNullable(digest);
    }

    /** Whether this answer came from a shadow mirror, not from the variant that answered the caller. */
    public boolean isShadow() {
        return shadow;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Provenance p && p.version == version && p.shadow == shadow && p.model.equals(model)
                && Objects.equals(p.endpoint, endpoint) && Objects.equals(p.variant, variant)
                && Objects.equals(p.digest, digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, variant, model, version, digest, shadow);
    }

    /** E.g. {@code endpoint=fraud variant=canary model=fraud version=2 digest=sha256:9f2c… shadow=false}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (endpoint != null) {
            b.append("endpoint=").append(endpoint).append(" variant=").append(variant).append(' ');
        }
        b.append("model=").append(model).append(" version=").append(version > 0 ? Integer.toString(version) : "unknown");
        if (digest != null) {
            b.append(" digest=").append(digest);
        }
        return b.append(" shadow=").append(shadow).toString();
    }
}
