package dev.mlops.serving;

/** Gives tests in other serving packages the model's package-private figures. */
public final class ModelProbes {
    private ModelProbes() {
    }

    /** References on the session (handles plus calls in flight). */
    public static int referenceCount(LoadedModel model) {
        return model.referenceCount();
    }

    /** Native run contexts (pooled buffers) alive; 0 after release. */
    public static int liveBufferSets(LoadedModel model) {
        return model.liveBufferSets();
    }
}
