package dev.mlops.serving;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Loaded models shared by artifact digest (Caffeine), so that several endpoints and aliases pointing at the same model
 * version share one ONNX Runtime session. {@link #acquire(String, Supplier)} returns a handle of its own (close it when
 * done; an endpoint does that when the variant is replaced); the cache holds one more. Eviction (by count or by model
 * size) closes only the cache's handle, so a session is closed after the last handle is closed and its last call in
 * flight has returned. Thread-safe.
 *
 * <p>Caffeine's maintenance and removal work runs on the executor given to {@link Builder#executor(Executor)}, else on
 * the calling threads (the cache starts no threads of its own).
 */
public final class ModelCache implements AutoCloseable {
    private final Cache<String, LoadedModel> cache;
    private final ModelOptions options;

    private ModelCache(Builder b) {
        Caffeine<Object, Object> c = Caffeine.newBuilder();
        if (b.maximumSize >= 0) {
            c.maximumSize(b.maximumSize);
        }
        if (b.maximumWeightBytes >= 0) {
            c.maximumWeight(b.maximumWeightBytes);
        }
        c.executor(b.executor != null ? b.executor : Runnable::run);
        Caffeine<String, LoadedModel> typed = c.removalListener((String k, LoadedModel m, RemovalCause cause) -> {
            if (m != null) {
                m.close();
            }
        });
        if (b.maximumWeightBytes >= 0) {
            typed = typed.weigher((String k, LoadedModel m) -> (int) Math.min(Integer.MAX_VALUE, m.sizeBytes()));
        }
        this.cache = typed.build();
        this.options = b.options;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A handle on the model with artifact {@code digest}, loading it from {@code bytes} (with this cache's options) if
     * it is not cached. Close the handle when done.
     *
     * @throws ModelLoadException if loading fails (nothing is cached then)
     */
    public LoadedModel acquire(String digest, Supplier<byte[]> bytes) {
        return acquire(digest, null, bytes);
    }

    /**
     * Like {@link #acquire(String, Supplier)} for registry version {@code version}: the handle keeps the version's
     * model name, number and digest ({@link LoadedModel#provenance()}), so outputs and metrics name the version, not
     * the digest, even when several versions or models share the session.
     */
    public LoadedModel acquire(dev.mlops.registry.ModelVersion version, Supplier<byte[]> bytes) {
        Objects.requireNonNull(version, "version");
        String digest = version.artifact().digest().toString();
        return acquire(digest, Provenance.ofModel(version.model(), version.number(), digest), bytes);
    }

    private LoadedModel acquire(String digest, Provenance as, Supplier<byte[]> bytes) {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(bytes, "bytes");
        for (;;) {
            LoadedModel cached = cache.get(digest, d -> {
                ModelOptions o = options.name() != null ? options : options.toBuilder().name(shortName(d)).build();
                return Models.load(bytes.get(), o);
            });
            try {
                return as == null ? cached.share() : cached.share(as);
            } catch (ModelClosedException e) {
                cache.asMap().remove(digest, cached); // evicted and released meanwhile: load again
            }
        }
    }

    private static String shortName(String digest) {
        String d = digest.startsWith("sha256:") ? digest.substring(7) : digest;
        return "sha256:" + d.substring(0, Math.min(12, d.length()));
    }

    /** Models cached now. */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Whether {@code digest} is cached. */
    public boolean contains(String digest) {
        return cache.getIfPresent(digest) != null;
    }

    /** Drops {@code digest} (its session closes after its handles and calls are done). */
    public void invalidate(String digest) {
        cache.invalidate(digest);
    }

    /** Drops every model (drain-safe as above). */
    @Override
    public void close() {
        cache.invalidateAll();
        cache.cleanUp();
    }

    /** Builds a {@link ModelCache}. Not thread-safe. */
    public static final class Builder {
        private long maximumSize = -1;
        private long maximumWeightBytes = -1;
        private Executor executor;
        private ModelOptions options = ModelOptions.defaults();

        private Builder() {
        }

        /** At most {@code models} sessions (≥ 1). */
        public Builder maximumSize(long models) {
            if (models < 1) {
                throw new IllegalArgumentException("maximumSize must be >= 1, given " + models);
            }
            this.maximumSize = models;
            return this;
        }

        /** At most {@code bytes} of model files (≥ 1). */
        public Builder maximumWeightBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maximumWeightBytes must be >= 1, given " + bytes);
            }
            this.maximumWeightBytes = bytes;
            return this;
        }

        /** Runs Caffeine's maintenance and removals on {@code executor} (default: the calling thread). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Options for the models loaded (default {@link ModelOptions#defaults()}). */
        public Builder options(ModelOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The cache. */
        public ModelCache build() {
            if (maximumSize >= 0 && maximumWeightBytes >= 0) {
                throw new IllegalStateException("set maximumSize or maximumWeightBytes, not both");
            }
            if (maximumSize < 0 && maximumWeightBytes < 0) {
                throw new IllegalStateException("set maximumSize or maximumWeightBytes");
            }
            return new ModelCache(this);
        }
    }
}
