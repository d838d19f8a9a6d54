package dev.mlops.serving.routing;

import java.util.List;
import java.util.Objects;

/**
 * The mirroring capability of a policy: {@code fraction} of requests are also sent to every variant of
 * {@code shadows} after the primary has answered, and the outputs compared with {@code comparator}. Immutable and
 * thread-safe.
 *
 * @param fraction   the share of requests mirrored, a fraction in [0, 1]
 * @param shadows    the shadow variants
 * @param comparator compares primary and shadow outputs
 */
public record Mirroring(double fraction, List<String> shadows, OutputComparator comparator) {
    /** Checks the values. */
    public Mirroring {
        Objects.requireNonNull(comparator, "comparator");
        shadows = List.copyOf(shadows);
        Shares.check("shadow fraction", fraction);
    }
}
