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
        Path dir = path.toAbsolutePath().normalize().getParent();
        return load(bytes, path.toString(), name, options, Provenance.ofModel(name, 0, null), dir, path);
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
        String digest;
        try {
            digest = registry.version(model, version).artifact().digest().toString();
        } catch (RuntimeException e) {
            throw new ModelLoadException(source, "cannot read model " + source + " from registry "
                    + registry.description() + ": " + e.getMessage(), e);
        }
        byte[] bytes = registryBytes(registry, model, version);
        return load(bytes, source + " (" + registry.description() + ")",
                options.name() != null ? options.name() : source, options, Provenance.ofModel(model, version, digest));
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

    /**
     * Options and loading in one fluent chain: {@code Models.builder().intraOpThreads(1).warmUpRuns(3).load(path)}
     * (the same builder as {@link ModelOptions#builder()}, whose {@code load} methods build the options and load).
     */
    public static ModelOptions.Builder builder() {
        return ModelOptions.builder();
    }

    private static LoadedModel load(byte[] bytes, String source, String name, ModelOptions options) {
        return load(bytes, source, name, options, Provenance.ofModel(name, 0, null));
    }

    private static LoadedModel load(byte[] bytes, String source, String name, ModelOptions options,
                                    Provenance provenance) {
        return load(bytes, source, name, options, provenance, options.externalDataDirectory().orElse(null), null);
    }

    /**
     * Loads {@code bytes}; {@code dataDir} is where external tensor data may live (the model's own directory for a
     * path, the caller's opt-in directory otherwise, null for none), {@code file} the model file when loaded from one.
     */
    private static LoadedModel load(byte[] bytes, String source, String name, ModelOptions options,
                                    Provenance provenance, Path dataDir, Path file) {
        if (bytes.length == 0) {
            throw new ModelLoadException(source, "model " + source + " is empty (0 bytes); expected an ONNX file", null);
        }
        boolean external = ExternalData.check(bytes, source, dataDir, file != null);
        OrtSession session;
        try (OrtSession.SessionOptions so = sessionOptions(options, source)) {
            if (!external) {
                session = OrtRuntime.environment().createSession(bytes, so);
            } else if (file != null) {
                // ONNX Runtime resolves external data against the model file's directory (checked above)
                session = OrtRuntime.environment().createSession(file.toAbsolutePath().normalize().toString(), so);
            } else {
                so.addConfigEntry(ExternalData.FOLDER_CONFIG_KEY, dataDir.toString());
                session = OrtRuntime.environment().createSession(bytes, so);
            }
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
        LoadedModel model = new LoadedModel(nm, provenance);
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
}
