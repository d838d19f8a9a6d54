package dev.mlops.serving.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sticky A/B assignment by request key: the key's point {@link StableHash#unitPoint(String, String) p in [0, 1)} under
 * the salt falls into one of consecutive ranges laid out in the weights' order, each as wide as its weight. The same
 * key goes to the same variant in every JVM, with no coordination. Changing weights moves only the keys whose point
 * crosses a moved boundary: raising B from 10 % to 20 % in {A: 90, B: 10} moves keys from A to B and none elsewhere.
 * A request without a key falls back to the random draw. Immutable and thread-safe.
 */
public final class StickyPolicy implements RoutingPolicy {
    private final String salt;
    private final String[] names;
    private final double[] cumulative;
    private final Map<String, Double> weights;

    private StickyPolicy(String salt, Map<String, Double> weights) {
        this.salt = Objects.requireNonNull(salt, "salt");
        WeightedPolicy w = WeightedPolicy.of(weights);
        this.weights = w.weights();
        this.names = this.weights.keySet().toArray(new String[0]);
        this.cumulative = new double[names.length];
        double acc = 0;
        for (int i = 0; i < names.length; i++) {
            acc += this.weights.get(names[i]);
            cumulative[i] = acc;
        }
        cumulative[names.length - 1] = 1.0;
    }

    /** A sticky split; ranges are laid out in the map's iteration order. */
    public static StickyPolicy of(String salt, Map<String, Double> weights) {
        return new StickyPolicy(salt, new LinkedHashMap<>(weights));
    }

    /** The same salt and variant order with new weights (missing variants get weight 0). */
    public StickyPolicy withWeights(Map<String, Double> newWeights) {
        Map<String, Double> w = new LinkedHashMap<>();
        for (String n : names) {
            w.put(n, newWeights.getOrDefault(n, 0.0));
        }
        for (Map.Entry<String, Double> e : newWeights.entrySet()) {
            w.putIfAbsent(e.getKey(), e.getValue());
        }
        return new StickyPolicy(salt, w);
    }

    /** The salt (one per endpoint or experiment, so experiments do not correlate). */
    public String salt() {
        return salt;
    }

    /** The normalised weights in layout order. */
    public Map<String, Double> weights() {
        return weights;
    }

    @Override
    public String route(String key, double uniform) {
        double p = key == null ? uniform : StableHash.unitPoint(salt, key);
        return WeightedPolicy.pick(names, cumulative, p);
    }

    @Override
    public List<String> variants() {
        return new ArrayList<>(Arrays.asList(names));
    }

    @Override
    public String toString() {
        return "Sticky[salt=" + salt + ", " + weights + "]";
    }
}
