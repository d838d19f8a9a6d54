package dev.mlops.serving;

import dev.mlops.serving.internal.ServingInternals;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A model loaded into ONNX Runtime, ready to predict. Thread-safe: {@link #predict(Inputs)} may be called from any
 * number of threads at once, without a lock; each call validates its inputs against the {@link #signature()} before
 * native code runs, and returns {@link Outputs} that are plain Java objects (nothing to close).
 *
 * <p>Closing is drain-safe: {@link #close()} stops new calls at once, and the native session is closed when the last
 * call in flight returns (closing an ONNX Runtime session during a run would crash the JVM). Several handles may share
 * one session ({@link #share()}); the session is closed when every handle is closed and every call has returned.
 */
public final class LoadedModel implements AutoCloseable {
    static {
        ServingInternals.register(new ServingInternals.ModelOps() {
            @Override
            public Outputs tryPredict(LoadedModel model, Inputs inputs, Provenance provenance) {
                return model.tryRunBound(bind(model, inputs), provenance);
            }

            @Override
            public Outputs tryRunBound(LoadedModel model, Tensor[] ordered, Provenance provenance) {
                return model.tryRunBound(ordered, provenance);
            }

            @Override
            public Tensor[] bind(LoadedModel model, Inputs inputs) {
                return InputValidation.bind(model.name(), model.signature(), model.options().maxBatch(), inputs);
            }

            @Override
            public Tensor trusted(ElementType type, long[] shape, Object data, int length) {
                return Tensor.trusted(type, shape, data, length);
            }

            @Override
            public long elementCount(long[] shape) {
                return Tensor.elementCount(shape);
            }

            @Override
            public Outputs outputs(String[] names, Object[] values, Provenance provenance) {
                return new Outputs(names, values, provenance);
            }

            @Override
            public Outputs withProvenance(Outputs outputs, Provenance provenance) {
                return outputs.withProvenance(provenance);
            }

            @Override
            public LoadedModel share(LoadedModel model, Provenance provenance) {
                return model.share(provenance);
            }

            @Override
            public byte[] registryBytes(dev.mlops.registry.Registry registry, String model, int version) {
                return Models.registryBytes(registry, model, version);
            }
        });
    }

    private final NativeModel model;
    private final Provenance provenance;
    private final AtomicBoolean closed = new AtomicBoolean();

    LoadedModel(NativeModel model, Provenance provenance) {
        this.model = model;
        this.provenance = provenance;
    }

    /** The model's name (from {@link ModelOptions#name()}, else the file name). */
    public String name() {
        return model.name;
    }

    /** The inputs (minus initializers) and outputs of the graph. */
    public Signature signature() {
        return model.signature;
    }

    /**
     * What this model's outputs say about who answered: its name, and its registry version and artifact digest when
     * it was loaded from a registry (or through a {@link ModelCache} with them).
     */
    public Provenance provenance() {
        return provenance;
    }

    /** The options the model was loaded with. */
    public ModelOptions options() {
        return model.options;
    }

    /**
     * Runs the model.
     *
     * @throws InvalidInputException if the inputs do not match the signature (nothing ran)
     * @throws ModelClosedException  if this handle is closed
     * @throws PredictionException   if ONNX Runtime failed
     */
    public Outputs predict(Inputs inputs) {
        Objects.requireNonNull(inputs, "inputs");
        Tensor[] ordered = InputValidation.bind(model.name, model.signature, model.options.maxBatch(), inputs);
        if (closed.get() || !model.tryRetain()) {
            throw new ModelClosedException(model.name);
        }
        try {
            return model.run(ordered, provenance);
        } finally {
            model.release();
        }
    }

    /**
     * Like {@link #predict(Inputs)}, but returns null instead of throwing when the session has already been released
     * (an endpoint then retries on the variant's new model). Runs even if this handle is closed, as long as the session
     * is alive: a request that started on a session finishes on it.
     */
    Outputs tryPredict(Inputs inputs) {
        return tryRunBound(InputValidation.bind(model.name, model.signature, model.options.maxBatch(), inputs),
                provenance);
    }

    /** Like {@link #tryPredict(Inputs)} for inputs already bound and validated in signature order. */
    Outputs tryRunBound(Tensor[] ordered, Provenance answeredAs) {
        if (!model.tryRetain()) {
            return null;
        }
        try {
            return model.run(ordered, answeredAs);
        } finally {
            model.release();
        }
    }

    /** Runs a one-input model on {@code input}. */
    public Outputs predict(Tensor input) {
        return predict(Inputs.of(input));
    }

    /** Runs a one-input float model on rows {@code [rows.length, width]}. */
    public Outputs predict(float[][] rows) {
        return predict(Inputs.ofRows(rows));
    }

    /**
     * A new handle on the same session (no reload): it predicts the same way and must be closed on its own. Used to
     * share one session between endpoints and caches.
     *
     * @throws ModelClosedException if the session is already released
     */
    public LoadedModel share() {
        return share(provenance);
    }

    /** Like {@link #share()}, the new handle answering as {@code as} (a cache shares one session between names). */
    LoadedModel share(Provenance as) {
        if (!model.tryRetain()) {
            throw new ModelClosedException(model.name);
        }
        return new LoadedModel(model, as);
    }

    /** The size of the serialized model in bytes. */
    public long sizeBytes() {
        return model.sizeBytes;
    }

    /** Whether this handle is closed. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Completes when the native session has been closed: every handle closed and every call returned. For tests and
     * orderly shutdown.
     */
    public CompletionStage<Void> whenReleased() {
        return model.released().minimalCompletionStage();
    }

    /** Whether the native session has been closed. */
    public boolean isReleased() {
        return model.released().isDone();
    }

    /** Native run contexts (pooled input/output buffers) currently alive; 0 after release. For tests. */
    int liveBufferSets() {
        return model.liveContexts();
    }

    /** Whether pinned (reused) output tensors were given up for this model after ONNX Runtime rejected them. For tests. */
    boolean pinningDisabled() {
        return model.pinningDisabled();
    }

    /** References on the session (handles plus calls in flight). For tests. */
    int referenceCount() {
        return model.referenceCount();
    }

    /** Closes this handle; idempotent. The session closes once every handle is closed and no call is in flight. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            model.release();
        }
    }

    @Override
    public String toString() {
        return "LoadedModel[" + model.name + ": " + model.signature + (closed.get() ? ", closed" : "") + "]";
    }
}
