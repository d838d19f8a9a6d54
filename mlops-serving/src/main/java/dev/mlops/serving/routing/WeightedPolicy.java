package dev.mlops.serving.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A random split of traffic by weight (a canary is the two-variant case). Each request draws independently, so a
 * client may see both variants; use {@link StickyPolicy} when a key must stay on one. Immutable and thread-safe.
 */
public final class WeightedPolicy implements RoutingPolicy {
    private final String[] names;
    private final double[] cumulative;
    private final Map<String, Double> weights;

    private WeightedPolicy(Map<String, Double> weights) {
        Objects.requireNonNull(weights, "weights");
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("a weighted policy needs at least one variant");
        }
        double total = 0;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            Objects.requireNonNull(e.getKey(), "variant");
            double w = Objects.requireNonNull(e.getValue(), "weight");
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weight of '" + e.getKey() + "' must be finite and >= 0, given " + w);
            }
            total += w;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("weights must not all be 0: " + weights);
        }
        names = weights.keySet().toArray(new String[0]);
        cumulative = new double[names.length];
        double acc = 0;
        Map<String, Double> norm = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            double w = weights.get(names[i]) / total;
            norm.put(names[i], w);
            acc += w;
            cumulative[i] = acc;
        }
        cumulative[names.length - 1] = 1.0;
        this.weights = java.util.Collections.unmodifiableMap(norm);
    }

    /** A split by weights, in the map's iteration order (use a {@code LinkedHashMap} or {@code Map.of} for two). */
    public static WeightedPolicy of(Map<String, Double> weights) {
        return new WeightedPolicy(new LinkedHashMap<>(weights));
    }

    /** A fraction {@code share} (in [0, 1]) of traffic to {@code canary}, the rest to {@code stable}. */
    public static WeightedPolicy canary(String stable, String canary, double share) {
        Shares.check("canary share", share);
        if (stable.equals(canary)) {
            throw new IllegalArgumentException("stable and canary must differ, both are '" + stable + "'");
        }
        Map<String, Double> w = new LinkedHashMap<>();
        w.put(stable, 1 - share);
        w.put(canary, share);
        if (share == 1) {
            w.put(stable, 0.0);
        }
        return new WeightedPolicy(w);
    }

    @Override
    public String route(String key, double uniform) {
        return pick(names, cumulative, uniform);
    }

    static String pick(String[] names, double[] cumulative, double u) {
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (u < cumulative[i]) {
                return names[i];
            }
        }
        return names[names.length - 1];
    }

    /** The normalised weights (summing to 1), in routing order. */
    public Map<String, Double> weights() {
        return weights;
    }

    /** The share of traffic of {@code variant}, a fraction in [0, 1] (0 if absent). */
    public double share(String variant) {
        return weights.getOrDefault(variant, 0.0);
    }

    @Override
    public List<String> variants() {
        return new ArrayList<>(Arrays.asList(names));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightedPolicy && weights.equals(((WeightedPolicy) o).weights);
    }

    @Override
    public int hashCode() {
        return weights.hashCode();
    }

    @Override
    public String toString() {
        return "Weighted" + weights;
    }
}
