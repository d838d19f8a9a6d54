package dev.mlops.serving.routing;

import java.util.List;
import java.util.Objects;

/**
 * Blue-green: all traffic to the live colour; {@link #switchOver()} flips it at once and {@link #rollback()} flips it
 * back. Set the returned value on the endpoint. Immutable and thread-safe.
 *
 * @param blue      the blue variant
 * @param green     the green variant
 * @param greenLive whether green is live
 */
public record BlueGreenPolicy(String blue, String green, boolean greenLive) implements RoutingPolicy {
    /** Checks the names. */
    public BlueGreenPolicy {
        Objects.requireNonNull(blue, "blue");
        Objects.requireNonNull(green, "green");
        if (blue.equals(green)) {
            throw new IllegalArgumentException("blue and green must differ, both are '" + blue + "'");
        }
    }

    /** The live variant. */
    public String live() {
        return greenLive ? green : blue;
    }

    /** The idle variant. */
    public String idle() {
        return greenLive ? blue : green;
    }

    /** The same pair with the other colour live. */
    public BlueGreenPolicy switchOver() {
        return new BlueGreenPolicy(blue, green, !greenLive);
    }

    /** Back to blue. */
    public BlueGreenPolicy rollback() {
        return new BlueGreenPolicy(blue, green, false);
    }

    @Override
    public String route(String key, double uniform) {
        return greenLive ? green : blue;
    }

    @Override
    public List<String> variants() {
        return List.of(blue, green);
    }
}
