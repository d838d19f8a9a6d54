package dev.mlops.serving.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Shadow traffic: the {@code primary} policy picks the variant that answers the caller; a {@code fraction} of requests
 * is also sent, after the primary has answered and off the caller's thread, to every shadow variant, and the outputs
 * are compared with the {@code comparator}. A slow, failing or saturated shadow never affects the caller. Immutable
 * and thread-safe.
 *
 * @param primary    the policy for the answering variant
 * @param fraction   the share of requests mirrored, in [0, 1]
 * @param shadowList the shadow variants
 * @param comparator compares primary and shadow outputs
 */
public record ShadowPolicy(RoutingPolicy primary, double fraction, List<String> shadowList, OutputComparator comparator)
        implements RoutingPolicy {
    /** Checks the values. */
    public ShadowPolicy {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(comparator, "comparator");
        shadowList = List.copyOf(shadowList);
        Shares.check("shadow fraction", fraction);
        if (shadowList.isEmpty()) {
            throw new IllegalArgumentException("a shadow policy needs at least one shadow variant");
        }
    }

    /** The same policy with another comparator. */
    public ShadowPolicy withComparator(OutputComparator c) {
        return new ShadowPolicy(primary, fraction, shadowList, c);
    }

    @Override
    public String route(String key, double uniform) {
        return primary.route(key, uniform);
    }

    @Override
    public List<String> variants() {
        List<String> all = new ArrayList<>(primary.variants());
        for (String s : shadowList) {
            if (!all.contains(s)) {
                all.add(s);
            }
        }
        return all;
    }

    /** The shadow variants. */
    public List<String> shadows() {
        return shadowList;
    }

    /** The share of requests mirrored, a fraction in [0, 1]. */
    public double shadowFraction() {
        return fraction;
    }

    @Override
    public Optional<Mirroring> mirroring() {
        return Optional.of(new Mirroring(fraction, shadowList, comparator));
    }
}
