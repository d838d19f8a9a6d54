package dev.mlops.serving.internal;

import ai.onnxruntime.OrtEnvironment;

/**
 * The process's single {@link OrtEnvironment}, created on first use (not when this class loads, so that a library
 * that insists on creating the environment itself can do so first). Thread-safe.
 */
public final class OrtRuntime {
    private OrtRuntime() {
    }

    private static final class Holder {
        static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    }

    /** The environment. */
    public static OrtEnvironment environment() {
        return Holder.ENV;
    }
}
