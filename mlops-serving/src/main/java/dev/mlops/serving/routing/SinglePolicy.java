package dev.mlops.serving.routing;

import java.util.List;
import java.util.Objects;

/**
 * Every request goes to one variant. Immutable and thread-safe.
 *
 * @param variant the variant
 */
public record SinglePolicy(String variant) implements RoutingPolicy {
    /** Checks the name. */
    public SinglePolicy {
        Objects.requireNonNull(variant, "variant");
    }

    @Override
    public String route(String key, double uniform) {
        return variant;
    }

    @Override
    public List<String> variants() {
        return List.of(variant);
    }
}
