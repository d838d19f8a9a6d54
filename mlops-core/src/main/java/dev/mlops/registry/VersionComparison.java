package dev.mlops.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The differences between two versions of a model: parameters, metrics, tags, signature and lineage. Maps hold only
 * keys whose values differ. Immutable and thread-safe.
 *
 * @param model           the model
 * @param from            the first version
 * @param to              the second version
 * @param params          parameter changes
 * @param metrics         metric changes
 * @param tags            tag changes
 * @param signature       human-readable signature differences (empty when equal)
 * @param lineage         human-readable lineage differences (empty when equal)
 * @param artifactChanged whether the artifact bytes differ
 */
public record VersionComparison(String model, int from, int to, Map<String, Change> params, Map<String, Change> metrics,
                                Map<String, Change> tags, List<String> signature, List<String> lineage,
                                boolean artifactChanged) {
    /**
     * One changed value.
     *
     * @param before the value in {@code from} (empty if absent)
     * @param after  the value in {@code to} (empty if absent)
     */
    public record Change(Optional<Object> before, Optional<Object> after) {
        public Change {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }

        /** {@code after - before} when both are numbers. */
        public Optional<Double> delta() {
            if (before.isPresent() && after.isPresent() && before.get() instanceof Number b && after.get() instanceof Number a) {
                return Optional.of(a.doubleValue() - b.doubleValue());
            }
            return Optional.empty();
        }
    }

    public VersionComparison {
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        tags = Map.copyOf(tags);
        signature = List.copyOf(signature);
        lineage = List.copyOf(lineage);
    }

    /** Whether the versions differ in nothing compared here. */
    public boolean isIdentical() {
        return params.isEmpty() && metrics.isEmpty() && tags.isEmpty() && signature.isEmpty() && lineage.isEmpty()
                && !artifactChanged;
    }
}
