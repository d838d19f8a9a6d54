package dev.mlops.serving.routing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an endpoint picks the variant that answers a request: an immutable value that an endpoint swaps atomically.
 * Deciding is cheap and allocation-free: {@link #route(String, double)} maps the request key (may be null) and a
 * uniform draw in [0, 1) to a variant name. Shadow variants, if any, are mirrored after the primary has answered.
 * Implementations must be immutable and thread-safe.
 *
 * <p>Factories: {@link #single(String)}, {@link #canary(String, String, double)}, {@link #weighted(Map)},
 * {@link #blueGreen(String, String)}, {@link #sticky(String, Map)}, {@link #shadow(RoutingPolicy, double, String...)}.
 */
public interface RoutingPolicy {
    /** The variant that answers a request with {@code key} (null when the request has none) and draw {@code uniform}. */
    String route(String key, double uniform);

    /** Every variant this policy may route or mirror to (an endpoint checks that they exist). */
    List<String> variants();

    /**
     * The mirroring capability: present for policies that mirror requests to shadow variants ({@link ShadowPolicy}).
     * An endpoint reads it once when the policy is set, not per request.
     */
    default Optional<Mirroring> mirroring() {
        return Optional.empty();
    }

    /** All traffic to one variant. */
    static SinglePolicy single(String variant) {
        return new SinglePolicy(variant);
    }

    /**
     * A fraction {@code share} of requests (random, not sticky) to {@code canary}, the rest to {@code stable}. Shares
     * are fractions in [0, 1] throughout the API: 10 % is {@code 0.1}.
     */
    static WeightedPolicy canary(String stable, String canary, double share) {
        return WeightedPolicy.canary(stable, canary, share);
    }

    /** Random split by weights (any non-negative numbers; they are normalised). */
    static WeightedPolicy weighted(Map<String, Double> weights) {
        return WeightedPolicy.of(weights);
    }

    /** Blue-green with blue live; {@link BlueGreenPolicy#switchOver()} and {@link BlueGreenPolicy#rollback()}. */
    static BlueGreenPolicy blueGreen(String blue, String green) {
        return new BlueGreenPolicy(blue, green, false);
    }

    /** Sticky A/B by request key with the given weights and salt (see {@link StickyPolicy}). */
    static StickyPolicy sticky(String salt, Map<String, Double> weights) {
        return StickyPolicy.of(salt, weights);
    }

    /** {@code primary} answers; a {@code fraction} (in [0, 1]) of requests is also mirrored to each of {@code shadows}. */
    static ShadowPolicy shadow(RoutingPolicy primary, double fraction, String... shadows) {
        return new ShadowPolicy(primary, fraction, List.of(shadows), OutputComparator.defaults());
    }
}
