package dev.mlops.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;

/**
 * The drift verdict of one window (or of one batch comparison): a {@link FeatureDrift} per feature and the overall
 * verdict. Serialises to JSON with {@link #toJson()}.
 *
 * <p>Immutable and thread-safe (the {@link #state()} it carries is a snapshot nobody else mutates; merging creates a
 * new state).
 *
 * @param window           the window's sequence number (0-based), or -1 for a one-off comparison
 * @param start            when the window opened (null for a comparison)
 * @param end              when it closed (null for a comparison)
 * @param rows             rows observed in the window
 * @param features         one entry per feature, in profile order
 * @param driftedFeatures  names of the drifted features
 * @param inputDrift       whether an input feature drifted
 * @param outputDrift      whether an output (prediction) feature drifted
 * @param correction       the multiple-testing correction applied to the p-values
 * @param state            the window's mergeable state (not serialised); it holds the window's values, so keep
 *                         results for long only when you need to merge them
 */
@JsonPropertyOrder({"window", "start", "end", "rows", "drifted", "input_drift", "output_drift", "drifted_features",
        "correction", "features"})
public record DriftResult(
        @JsonProperty("window") long window,
        @JsonProperty("start") Instant start,
        @JsonProperty("end") Instant end,
        @JsonProperty("rows") long rows,
        @JsonProperty("features") List<FeatureDrift> features,
        @JsonProperty("drifted_features") List<String> driftedFeatures,
        @JsonProperty("input_drift") boolean inputDrift,
        @JsonProperty("output_drift") boolean outputDrift,
        @JsonProperty("correction") String correction,
        @JsonIgnore WindowState state) {

    /** Copies the lists. */
    public DriftResult {
        features = List.copyOf(features);
        driftedFeatures = List.copyOf(driftedFeatures);
    }

    /** Whether any feature drifted. */
    @JsonProperty("drifted")
    public boolean drifted() {
        return !driftedFeatures.isEmpty();
    }

    /**
     * The entry of a feature.
     *
     * @throws IllegalArgumentException if there is none
     */
    public FeatureDrift feature(String name) {
        for (FeatureDrift f : features) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no feature '" + name + "' in this result");
    }

    /** This result as JSON. */
    public String toJson() {
        return Json.write(this);
    }
}
