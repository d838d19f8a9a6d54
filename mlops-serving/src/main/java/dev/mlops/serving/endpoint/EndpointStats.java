package dev.mlops.serving.endpoint;

import dev.mlops.serving.routing.RoutingPolicy;

import java.util.Map;

/**
 * A snapshot of an endpoint: its policy and each variant's figures. Immutable and thread-safe.
 *
 * @param endpoint         the endpoint name
 * @param policy           the routing policy at the time
 * @param variants         per-variant figures, by variant name
 * @param listenerFailures exceptions thrown by listeners (logged, not passed on)
 */
public record EndpointStats(String endpoint, RoutingPolicy policy, Map<String, VariantStats> variants,
                            long listenerFailures) {
    /** Copies the map. */
    public EndpointStats {
        variants = Map.copyOf(variants);
    }

    /** The figures of {@code variant}. */
    public VariantStats variant(String variant) {
        VariantStats s = variants.get(variant);
        if (s == null) {
            throw new IllegalArgumentException("no variant '" + variant + "' in " + variants.keySet());
        }
        return s;
    }
}
