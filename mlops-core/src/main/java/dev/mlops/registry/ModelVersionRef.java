package dev.mlops.registry;

import java.util.Objects;

/**
 * A reference to one version of a model, written {@code name:version} (e.g. {@code fraud:3}). Immutable and
 * thread-safe.
 *
 * @param model   the model name
 * @param version the version number (≥ 1)
 */
public record ModelVersionRef(String model, int version) {
    public ModelVersionRef {
        Objects.requireNonNull(model, "model");
        if (version < 1) {
            throw new IllegalArgumentException("A model version is >= 1, found " + version + " for '" + model + "'");
        }
    }

    /**
     * Parses {@code name:version}, e.g. {@code fraud:3}.
     *
     * @throws IllegalArgumentException when the text is not a model name, a colon and a positive number
     */
    public static ModelVersionRef parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("Expected a model version as NAME:VERSION (e.g. fraud:3), found '"
                    + text + "'");
        }
        int version;
        try {
            version = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            version = 0;
        }
        if (version < 1) {
            throw new IllegalArgumentException("Expected a model version as NAME:VERSION with a version >= 1 (e.g. "
                    + "fraud:3), found '" + text + "'");
        }
        return new ModelVersionRef(text.substring(0, colon), version);
    }

    /** {@code model:version}, e.g. {@code fraud:3}. */
    public String id() {
        return model + ":" + version;
    }

    @Override
    public String toString() {
        return id();
    }
}
