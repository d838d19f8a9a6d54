package dev.mlops.serving;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.serving.internal.OrtRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads ONNX models: the entry point of the serving module. {@code Models.load(path)} with the defaults, or
 * {@code Models.load(path, ModelOptions.builder()...build())}, or fluently
 * {@code Models.builder().intraOpThreads(1).warmUpRuns(3).load(path)}. Thread-safe; all methods are static or act on
 * a builder.
 *
 * <p>The process has one ONNX Runtime environment, created on the first load.
 */
public final class Models {
    private Models() {
    }

    /** Loads the model at {@code path} with the default options. */
    public static LoadedModel load(Path path) {
        return load(path, ModelOptions.defaults());
    }

    /**
     * Loads the model at {@code path}.
     *
     * @throws ModelLoadException if the file is missing, unreadable, not ONNX or truncated
     */
    public static LoadedModel load(Path path, ModelOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(path.toString(), "model file " + path + " does not exist", e);
        } catch (IOException e) {
            throw new ModelLoadException(path.toString(), "cannot read model file " + path + ": " + e.getMessage(), e);
        }
        String name = options.name() != null ? options.name() : baseName(path);
        return load(bytes, path.toString(), name, options);
    }

    /** Loads a model from its serialized bytes with the default options. */
    public static LoadedModel load(byte[] model) {
        return load(model, ModelOptions.defaults());
    }

    /** Loads a model from its serialized bytes. */
    public static LoadedModel load(byte[] model, ModelOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        return load(model, "bytes", options.name() != null ? options.name() : "model", options);
    }

    /**
     * Loads a model read from {@code in} (read to the end, not closed). {@code source} names it in messages, e.g. a
     * registry coordinate; a verifying stream's digest error surfaces as a {@link ModelLoadException}.
     */
    public static LoadedModel load(InputStream in, String source, ModelOptions options) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(source, "cannot read model " + source + ": " + e.getMessage(), e);
        }
        return load(bytes, source, options.name() != null ? options.name() : source, options);
    }

    /** Loads version {@code version} of registry model {@code model} with the default options. */
    public static LoadedModel load(dev.mlops.registry.Registry registry, String model, int version) {
        return load(registry, model, version, ModelOptions.defaults());
    }

    /**
     * Loads version {@code version} of registry model {@code model}. The artifact is read through the registry's
     * verifying stream, so content whose SHA-256 does not match the version's digest fails to load. The model is named
     * {@code model:version} unless the options name it.
     *
     * @throws ModelLoadException if the version does not exist, its artifact is corrupted, or it is not ONNX
     */
    public static LoadedModel load(dev.mlops.registry.Registry registry, String model, int version, ModelOptions options) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(options, "options");
        String source = model + ":" + version;
        byte[] bytes = registryBytes(registry, model, version);
        return load(bytes, source + " (" + registry.description() + ")",
                options.name() != null ? options.name() : source, options);
    }

    /** The verified artifact bytes of a registry version. */
    static byte[] registryBytes(dev.mlops.registry.Registry registry, String model, int version) {
        String source = model + ":" + version;
        try (InputStream in = registry.openArtifact(model, version)) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(source, "cannot read model " + source + " from registry "
                    + registry.description() + ": " + e.getMessage(), e);
        }
    }

    /** A fluent loader with the default options. */
    public static Loader builder() {
        return new Loader();
    }

    private static LoadedModel load(byte[] bytes, String source, String name, ModelOptions options) {
        if (bytes.length == 0) {
            throw new ModelLoadException(source, "model " + source + " is empty (0 bytes); expected an ONNX file", null);
        }
        OrtSession session;
        try (OrtSession.SessionOptions so = sessionOptions(options, source)) {
            session = OrtRuntime.environment().createSession(bytes, so);
        } catch (OrtException e) {
            throw new ModelLoadException(source, "cannot load model " + source + " (" + bytes.length
                    + " bytes): ONNX Runtime says: " + firstLine(e.getMessage())
                    + ". Is it a complete ONNX file (not truncated, not another format)?", e);
        }
        NativeModel nm;
        try {
            nm = new NativeModel(name, session, options, bytes.length);
        } catch (OrtException | RuntimeException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // already failing
            }
            throw new ModelLoadException(source, "cannot read the signature of model " + source + ": " + e.getMessage(), e);
        }
        LoadedModel model = new LoadedModel(nm);
        try {
            for (int i = 0; i < options.warmUpRuns(); i++) {
                nm.warmUp();
            }
        } catch (RuntimeException e) {
            model.close();
            throw new ModelLoadException(source, "model " + source + " loaded but failed its warm-up run: "
                    + e.getMessage(), e);
        }
        return model;
    }

    private static OrtSession.SessionOptions sessionOptions(ModelOptions o, String source) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            if (o.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(o.intraOpThreads());
            }
            if (o.interOpThreads() > 0) {
                so.setInterOpNumThreads(o.interOpThreads());
            }
            so.setExecutionMode(o.parallelExecution() ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
                    : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            switch (o.optimizationLevel()) {
                case NONE: so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT); break;
                case BASIC: so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT); break;
                case EXTENDED: so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT); break;
                default: so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT); break;
            }
            so.setCPUArenaAllocator(o.memoryArena());
            if (o.cudaDevice().isPresent()) {
                try {
                    so.addCUDA(o.cudaDevice().getAsInt());
                } catch (OrtException | RuntimeException | LinkageError e) {
                    throw new ModelLoadException(source, "the CUDA execution provider is not available ("
                            + firstLine(String.valueOf(e.getMessage())) + "); put com.microsoft.onnxruntime:onnxruntime_gpu"
                            + " on the class path instead of onnxruntime and install CUDA, or load on the CPU", e);
                }
            }
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }

    private static String baseName(Path p) {
        Path f = p.getFileName();
        String s = f == null ? p.toString() : f.toString();
        return s.endsWith(".onnx") ? s.substring(0, s.length() - 5) : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /**
     * A fluent loader: session options, then {@code load(...)}. Not thread-safe; the options it builds are immutable.
     */
    public static final class Loader {
        private final ModelOptions.Builder options = ModelOptions.builder();

        private Loader() {
        }

        /** See {@link ModelOptions.Builder#name(String)}. */
        public Loader name(String name) {
            options.name(name);
            return this;
        }

        /** See {@link ModelOptions.Builder#intraOpThreads(int)}. */
        public Loader intraOpThreads(int threads) {
            options.intraOpThreads(threads);
            return this;
        }

        /** See {@link ModelOptions.Builder#interOpThreads(int)}. */
        public Loader interOpThreads(int threads) {
            options.interOpThreads(threads);
            return this;
        }

        /** See {@link ModelOptions.Builder#optimizationLevel}. */
        public Loader optimizationLevel(ModelOptions.OptimizationLevel level) {
            options.optimizationLevel(level);
            return this;
        }

        /** See {@link ModelOptions.Builder#memoryArena(boolean)}. */
        public Loader memoryArena(boolean on) {
            options.memoryArena(on);
            return this;
        }

        /** See {@link ModelOptions.Builder#parallelExecution(boolean)}. */
        public Loader parallelExecution(boolean on) {
            options.parallelExecution(on);
            return this;
        }

        /** See {@link ModelOptions.Builder#cuda(int)}. */
        public Loader cuda(int deviceId) {
            options.cuda(deviceId);
            return this;
        }

        /** See {@link ModelOptions.Builder#warmUpRuns(int)}. */
        public Loader warmUpRuns(int runs) {
            options.warmUpRuns(runs);
            return this;
        }

        /** See {@link ModelOptions.Builder#maxBatch(int)}. */
        public Loader maxBatch(int rows) {
            options.maxBatch(rows);
            return this;
        }

        /** See {@link ModelOptions.Builder#reuseBuffers(boolean)}. */
        public Loader reuseBuffers(boolean on) {
            options.reuseBuffers(on);
            return this;
        }

        /** The options built so far. */
        public ModelOptions options() {
            return options.build();
        }

        /** Loads from a file. */
        public LoadedModel load(Path path) {
            return Models.load(path, options());
        }

        /** Loads from bytes. */
        public LoadedModel load(byte[] model) {
            return Models.load(model, options());
        }
    }
}
