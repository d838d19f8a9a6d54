package dev.mlops.micrometer;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code model} and {@code version} tag values of a served model. Endpoints know a model only by its
 * {@linkplain dev.mlops.serving.LoadedModel#name() name}; {@link #parse(String)} splits the common forms
 * {@code fraud@3}, {@code fraud:3} and {@code fraud:v3} into name and version, and leaves other names whole with
 * version {@value #UNKNOWN_VERSION}. Supply your own mapping with {@link EndpointMetrics.Builder#modelTags}. Immutable
 * and thread-safe.
 *
 * @param model   the {@code model} tag value
 * @param version the {@code version} tag value
 */
public record ModelTags(String model, String version) {
    /** The version tag value when the name carries none. */
    public static final String UNKNOWN_VERSION = "unknown";

    private static final Pattern NAME_AND_VERSION = Pattern.compile("(.+?)(?:@|:v?)(\\d+)");

    /** Checks that both values are present. */
    public ModelTags {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
    }

    /**
     * Splits {@code name@N}, {@code name:N} or {@code name:vN} into name and version; any other name (including the
     * {@code sha256:…} names the model cache gives) is the model tag whole, with version {@value #UNKNOWN_VERSION}.
     */
    public static ModelTags parse(String modelName) {
        if (modelName == null || modelName.isEmpty()) {
            return new ModelTags("unknown", UNKNOWN_VERSION);
        }
        if (!modelName.startsWith("sha256:")) {
            Matcher m = NAME_AND_VERSION.matcher(modelName);
            if (m.matches()) {
                return new ModelTags(m.group(1), m.group(2));
            }
        }
        return new ModelTags(modelName, UNKNOWN_VERSION);
    }
}
