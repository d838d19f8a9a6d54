package dev.mlops.serving.internal;

import dev.mlops.registry.Registry;
import dev.mlops.serving.ElementType;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Provenance;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.batch.BatchingOptions;
import dev.mlops.serving.batch.DynamicBatcher;

import java.util.concurrent.CompletableFuture;

/**
 * The few operations one serving package needs from another without making them public API (the "friend" pattern):
 * the owning class registers an implementation from its static initializer, and callers reach it here. Not API.
 * Thread-safe: registration happens once, during class initialization.
 */
public final class ServingInternals {
    private ServingInternals() {
    }

    /** Package-private operations of {@code dev.mlops.serving} (models, tensors, outputs); implemented by LoadedModel. */
    public interface ModelOps {
        /** {@code LoadedModel.tryPredict}, answering as {@code provenance}: null when the session was released. */
        Outputs tryPredict(LoadedModel model, Inputs inputs, Provenance provenance);

        /** Runs inputs already bound in signature order; null when the session was already released. */
        Outputs tryRunBound(LoadedModel model, Tensor[] ordered, Provenance provenance);

        /** Validates {@code inputs} against the model's signature and orders them as the signature does. */
        Tensor[] bind(LoadedModel model, Inputs inputs);

        /** A tensor over {@code data} without copying or checking it (the caller built it). */
        Tensor trusted(ElementType type, long[] shape, Object data, int length);

        /** The number of elements of {@code shape}. */
        long elementCount(long[] shape);

        /** Outputs over the given arrays (not copied). */
        Outputs outputs(String[] names, Object[] values, Provenance provenance);

        /** The same outputs answered by {@code provenance}. */
        Outputs withProvenance(Outputs outputs, Provenance provenance);

        /** A new handle on {@code model}'s session answering as {@code provenance}. */
        LoadedModel share(LoadedModel model, Provenance provenance);

        /** The verified artifact bytes of a registry version. */
        byte[] registryBytes(Registry registry, String model, int version);
    }

    /** Package-private operations of {@code dev.mlops.serving.batch}; implemented by DynamicBatcher. */
    public interface BatcherOps {
        /** A batcher whose outputs answer as {@code provenance}. */
        DynamicBatcher of(LoadedModel model, BatchingOptions options, BatchObserver observer, Provenance provenance);

        /** Queues without blocking; null when the batcher no longer accepts. See {@code DynamicBatcher.submit}. */
        CompletableFuture<Outputs> submit(DynamicBatcher batcher, Inputs inputs, boolean reroutable);

        /** Predicts, batched; null when the batcher closed before the request ran. */
        Outputs tryPredict(DynamicBatcher batcher, Inputs inputs);
    }

    private static volatile ModelOps modelOps;
    private static volatile BatcherOps batcherOps;

    /** Called once by LoadedModel's static initializer. */
    public static void register(ModelOps ops) {
        modelOps = ops;
    }

    /** Called once by DynamicBatcher's static initializer. */
    public static void register(BatcherOps ops) {
        batcherOps = ops;
    }

    public static ModelOps models() {
        ModelOps ops = modelOps;
        if (ops == null) {
            initialize(LoadedModel.class);
            ops = modelOps;
        }
        return ops;
    }

    public static BatcherOps batchers() {
        BatcherOps ops = batcherOps;
        if (ops == null) {
            initialize(DynamicBatcher.class);
            ops = batcherOps;
        }
        return ops;
    }

    private static void initialize(Class<?> c) {
        try {
            Class.forName(c.getName(), true, c.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
