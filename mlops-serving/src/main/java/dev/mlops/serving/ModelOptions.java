package dev.mlops.serving;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a model is loaded and run: ONNX Runtime session options, warm-up and input limits. Immutable and thread-safe;
 * build with {@link #builder()}, vary with {@link #toBuilder()}.
 *
 * <p>Execution providers: CPU is the default and always available. {@link Builder#cuda(int)} asks for the CUDA
 * provider, which needs the GPU build of ONNX Runtime ({@code com.microsoft.onnxruntime:onnxruntime_gpu}) on the class
 * path instead of the CPU one, and a CUDA installation; without them loading fails with a {@link ModelLoadException}
 * saying so.
 */
public final class ModelOptions {
    /** Graph optimisation levels, as ONNX Runtime defines them. */
    public enum OptimizationLevel {
        /** No graph optimisation. */
        NONE,
        /** Constant folding and redundant-node elimination. */
        BASIC,
        /** Basic plus node fusions. */
        EXTENDED,
        /** Everything, including layout optimisations (ONNX Runtime's default). */
        ALL
    }

    private static final ModelOptions DEFAULTS = builder().build();

    private final String name;
    private final int intraOpThreads;
    private final int interOpThreads;
    private final OptimizationLevel optimizationLevel;
    private final boolean memoryArena;
    private final boolean parallelExecution;
    private final int cudaDevice;
    private final int warmUpRuns;
    private final int maxBatch;
    private final boolean reuseBuffers;
    private final java.nio.file.Path externalDataDirectory;

    private ModelOptions(Builder b) {
        this.name = b.name;
        this.intraOpThreads = b.intraOpThreads;
        this.interOpThreads = b.interOpThreads;
        this.optimizationLevel = b.optimizationLevel;
        this.memoryArena = b.memoryArena;
        this.parallelExecution = b.parallelExecution;
        this.cudaDevice = b.cudaDevice;
        this.warmUpRuns = b.warmUpRuns;
        this.maxBatch = b.maxBatch;
        this.reuseBuffers = b.reuseBuffers;
        this.externalDataDirectory = b.externalDataDirectory;
    }

    /** The defaults: ONNX Runtime's thread counts, all optimisations, arena on, CPU, no warm-up, no batch limit. */
    public static ModelOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.intraOpThreads = intraOpThreads;
        b.interOpThreads = interOpThreads;
        b.optimizationLevel = optimizationLevel;
        b.memoryArena = memoryArena;
        b.parallelExecution = parallelExecution;
        b.cudaDevice = cudaDevice;
        b.warmUpRuns = warmUpRuns;
        b.maxBatch = maxBatch;
        b.reuseBuffers = reuseBuffers;
        b.externalDataDirectory = externalDataDirectory;
        return b;
    }

    /**
     * The directory a model loaded from bytes, a stream or a registry may read external tensor data from, if the
     * caller opted in ({@link Builder#externalDataDirectory}); empty by default: such a model may then reference no
     * external file at all. A model loaded from a path reads external data only from its own directory.
     */
    public java.util.Optional<java.nio.file.Path> externalDataDirectory() {
        return java.util.Optional.ofNullable(externalDataDirectory);
    }

    /** The name used in messages, or null to use the file name. */
    public String name() {
        return name;
    }

    /** Threads inside one operator; 0 lets ONNX Runtime choose. */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** Threads across operators (parallel execution only); 0 lets ONNX Runtime choose. */
    public int interOpThreads() {
        return interOpThreads;
    }

    /** The graph optimisation level. */
    public OptimizationLevel optimizationLevel() {
        return optimizationLevel;
    }

    /** Whether ONNX Runtime's CPU memory arena is on. */
    public boolean memoryArena() {
        return memoryArena;
    }

    /** Whether operators may run in parallel (inter-op). */
    public boolean parallelExecution() {
        return parallelExecution;
    }

    /** The CUDA device, if the CUDA execution provider was asked for. */
    public OptionalInt cudaDevice() {
        return cudaDevice < 0 ? OptionalInt.empty() : OptionalInt.of(cudaDevice);
    }

    /** Runs on generated inputs right after loading. */
    public int warmUpRuns() {
        return warmUpRuns;
    }

    /** The largest batch (dimension 0 of batched inputs) accepted; 0 means no limit. */
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Whether predictions reuse native input and output buffers (pooled per input shape, never shared by two
     * calls at once). On by default; off makes every call allocate, as the obvious ONNX Runtime code does.
     */
    public boolean reuseBuffers() {
        return reuseBuffers;
    }

    @Override
    public String toString() {
        return "ModelOptions{intraOpThreads=" + intraOpThreads + ", interOpThreads=" + interOpThreads
                + ", optimizationLevel=" + optimizationLevel + ", memoryArena=" + memoryArena
                + ", parallelExecution=" + parallelExecution + ", provider=" + (cudaDevice < 0 ? "CPU" : "CUDA:" + cudaDevice)
                + ", warmUpRuns=" + warmUpRuns + ", maxBatch=" + maxBatch + ", reuseBuffers=" + reuseBuffers + "}";
    }

    /** Builds {@link ModelOptions}; setters validate at once. Not thread-safe. */
    public static final class Builder {
        private String name;
        private int intraOpThreads;
        private int interOpThreads;
        private OptimizationLevel optimizationLevel = OptimizationLevel.ALL;
        private boolean memoryArena = true;
        private boolean parallelExecution;
        private int cudaDevice = -1;
        private int warmUpRuns;
        private int maxBatch;
        private boolean reuseBuffers = true;
        private java.nio.file.Path externalDataDirectory;

        private Builder() {
        }

        /** The name used in messages and statistics (default: the file name). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Threads inside one operator (≥ 0; 0 lets ONNX Runtime choose, usually one per core). */
        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = nonNegative("intraOpThreads", threads);
            return this;
        }

        /** Threads across operators when {@link #parallelExecution(boolean)} is on (≥ 0). */
        public Builder interOpThreads(int threads) {
            this.interOpThreads = nonNegative("interOpThreads", threads);
            return this;
        }

        /** The graph optimisation level (default {@link OptimizationLevel#ALL}). */
        public Builder optimizationLevel(OptimizationLevel level) {
            this.optimizationLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /** Turns ONNX Runtime's CPU memory arena on (default) or off. */
        public Builder memoryArena(boolean on) {
            this.memoryArena = on;
            return this;
        }

        /** Lets independent operators run in parallel (default off: sequential). */
        public Builder parallelExecution(boolean on) {
            this.parallelExecution = on;
            return this;
        }

        /** Runs on the CUDA execution provider of device {@code deviceId} (needs the GPU build; see the class doc). */
        public Builder cuda(int deviceId) {
            this.cudaDevice = nonNegative("deviceId", deviceId);
            return this;
        }

        /** Runs on the CPU execution provider (the default). */
        public Builder cpu() {
            this.cudaDevice = -1;
            return this;
        }

        /** Runs the model this many times on generated inputs (zeros, batch 1) after loading (default 0). */
        public Builder warmUpRuns(int runs) {
            this.warmUpRuns = nonNegative("warmUpRuns", runs);
            return this;
        }

        /** Rejects batches larger than this (≥ 1; default: no limit). */
        public Builder maxBatch(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("maxBatch must be >= 1, given " + rows);
            }
            this.maxBatch = rows;
            return this;
        }

        /** Turns native buffer reuse on (default) or off; see {@link ModelOptions#reuseBuffers()}. */
        public Builder reuseBuffers(boolean on) {
            this.reuseBuffers = on;
            return this;
        }

        /**
         * Lets a model loaded from bytes, a stream or a registry read external tensor data ({@code data_location =
         * EXTERNAL}) from files inside {@code directory} (no absolute locations, no {@code ..}, no links leading out).
         * Without it such a model is refused if it references any external file.
         */
        public Builder externalDataDirectory(java.nio.file.Path directory) {
            this.externalDataDirectory = java.util.Objects.requireNonNull(directory, "directory").toAbsolutePath()
                    .normalize();
            return this;
        }

        /** Builds the options and loads the model at {@code path} with them ({@link Models#load(Path, ModelOptions)}). */
        public LoadedModel load(java.nio.file.Path path) {
            return Models.load(path, build());
        }

        /** Builds the options and loads the model in {@code model} with them. */
        public LoadedModel load(byte[] model) {
            return Models.load(model, build());
        }

        /** Builds the options and loads version {@code version} of registry model {@code model} with them. */
        public LoadedModel load(dev.mlops.registry.Registry registry, String model, int version) {
            return Models.load(registry, model, version, build());
        }

        /** The options. */
        public ModelOptions build() {
            if (interOpThreads > 0 && !parallelExecution) {
                throw new IllegalStateException("interOpThreads(" + interOpThreads
                        + ") only applies with parallelExecution(true); set both or neither");
            }
            return new ModelOptions(this);
        }

        private static int nonNegative(String what, int v) {
            if (v < 0) {
                throw new IllegalArgumentException(what + " must be >= 0, given " + v);
            }
            return v;
        }
    }
}
