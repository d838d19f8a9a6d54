package dev.mlops.pipelines;

import dev.mlops.pipelines.internal.Scoring;
import dev.mlops.registry.Registry;
import dev.mlops.serving.LoadedModel;

/**
 * Loads registered ONNX model versions for serving (the registry and serving do not know each other). Stateless and
 * thread-safe.
 */
public final class RegistryModels {
    private RegistryModels() {
    }

    /** Loads {@code model} version {@code version}. */
    public static LoadedModel load(Registry registry, String model, int version) {
        return Scoring.load(registry, model, version);
    }

    /**
     * Loads the version {@code alias} of {@code model} points at.
     *
     * @throws PipelineException when the alias is not set
     */
    public static LoadedModel load(Registry registry, String model, String alias) {
        int v = registry.resolve(model, alias).orElseThrow(() -> new PipelineException("Alias '" + alias + "' of model '"
                + model + "' is not set; promote a version first"));
        return Scoring.load(registry, model, v);
    }
}
