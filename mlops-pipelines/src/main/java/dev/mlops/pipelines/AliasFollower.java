package dev.mlops.pipelines;

import dev.mlops.pipelines.internal.Scoring;
import dev.mlops.registry.Registry;
import dev.mlops.registry.event.AliasMoved;
import dev.mlops.serving.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps an endpoint variant serving the version a registry alias points at: loads it on start, and again (hot swap,
 * drain-safe) whenever the alias moves in this process (a registry listener) or, for moves made by other processes,
 * when {@link #refresh()} is called. A failed load leaves the variant serving its current model. An alias cleared by a
 * rollback to nothing leaves the variant as it is. Thread-safe.
 */
public final class AliasFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AliasFollower.class);

    private final Registry registry;
    private final String model;
    private final String alias;
    private final Endpoint endpoint;
    private final String variant;
    private final Executor executor;
    private final AtomicInteger loaded = new AtomicInteger(-1);
    private final AutoCloseable subscription;

    private AliasFollower(Registry registry, String model, String alias, Endpoint endpoint, String variant, Executor executor) {
        this.registry = registry;
        this.model = model;
        this.alias = alias;
        this.endpoint = endpoint;
        this.variant = variant;
        this.executor = executor;
        refresh();
        this.subscription = registry.addListener(e -> {
            if (e instanceof AliasMoved m && m.move().model().equals(model) && m.move().alias().equals(alias)) {
                executor.execute(this::refresh);
            }
        });
    }

    /**
     * Follows {@code alias} of {@code model} with {@code variant} of {@code endpoint}; moves are loaded on the thread
     * that moved the alias.
     *
     * @throws PipelineException when the alias is not set
     */
    public static AliasFollower follow(Registry registry, String model, String alias, Endpoint endpoint, String variant) {
        return follow(registry, model, alias, endpoint, variant, Runnable::run);
    }

    /** Like {@link #follow(Registry, String, String, Endpoint, String)}, loading moved versions on {@code executor}. */
    public static AliasFollower follow(Registry registry, String model, String alias, Endpoint endpoint, String variant,
                                       Executor executor) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(executor, "executor");
        if (registry.resolve(model, alias).isEmpty()) {
            throw new PipelineException("Alias '" + alias + "' of model '" + model + "' is not set; promote a version first");
        }
        return new AliasFollower(registry, Objects.requireNonNull(model), Objects.requireNonNull(alias), endpoint,
                Objects.requireNonNull(variant, "variant"), executor);
    }

    /**
     * Resolves the alias and loads its version into the variant if it changed. Returns whether the variant was swapped.
     */
    public synchronized boolean refresh() {
        OptionalInt target = registry.resolve(model, alias);
        if (target.isEmpty() || target.getAsInt() == loaded.get()) {
            return false;
        }
        int v = target.getAsInt();
        try {
            endpoint.putVariant(variant, Scoring.load(registry, model, v));
            loaded.set(v);
            LOG.info("endpoint {} variant {} now serves {}:{} ({})", endpoint.name(), variant, model, v, alias);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("endpoint {} variant {} could not load {}:{}; it keeps serving v{}", endpoint.name(), variant, model, v,
                    loaded.get(), e);
            if (loaded.get() < 0) {
                throw e;
            }
            return false;
        }
    }

    /** The version the variant serves. */
    public int version() {
        return loaded.get();
    }

    /** Stops following (the variant keeps its model). */
    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("could not remove the registry listener", e);
        }
    }
}
