package dev.mlops.registry;

import dev.mlops.registry.event.RegistryEvent;
import dev.mlops.registry.event.RegistryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Delivers committed changes to the listeners in commit order per subject (a model, data set or experiment): one
 * commit attempt and the delivery of its event run under that subject's own lock, so two changes of one model reach
 * listeners in the order they were committed, while changes of different models neither wait for each other nor for
 * any back-off (retries sleep outside the lock, see {@link Commits}). The per-subject locks live as long as the
 * registry: one small object per model, data set and experiment name written through it. Thread-safe.
 */
final class RegistryEvents {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    private final CopyOnWriteArrayList<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final ConcurrentHashMap<String, ReentrantLock> subjects = new ConcurrentHashMap<>();

    /** The ordering subject of a model's events. */
    static String model(String name) {
        return "model/" + name;
    }

    /** The ordering subject of a data set's events. */
    static String dataset(String name) {
        return "dataset/" + name;
    }

    /** The ordering subject of an experiment's runs' events. */
    static String experiment(String name) {
        return "experiment/" + name;
    }

    AutoCloseable add(RegistryListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    long failures() {
        return listenerFailures.get();
    }

    /**
     * Runs {@code commit} (one attempt, no sleeping) under the lock of {@code subject} and, when it returned a result,
     * delivers that result's event before releasing the lock.
     */
    <T> T commitThenPublish(String subject, Supplier<T> commit, Function<T, RegistryEvent> event) {
        ReentrantLock lock = subjects.computeIfAbsent(subject, s -> new ReentrantLock(true));
        lock.lock();
        try {
            T result = commit.get();
            if (result != null) {
                deliver(event.apply(result));
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** A {@link Commits.Guard} that runs each attempt under the subject's lock and publishes the one that took effect. */
    <T> Commits.Guard<T> ordered(String subject, Function<T, RegistryEvent> event) {
        return attempt -> commitThenPublish(subject, attempt,
                outcome -> outcome instanceof Commits.Done<T> done ? event.apply(done.value()) : null);
    }

    private void deliver(RegistryEvent event) {
        if (event == null) {
            return;
        }
        for (RegistryListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vme) {
                    throw vme;
                }
                listenerFailures.incrementAndGet();
                LOG.warn("Registry listener {} threw on {}; the change stays committed", l, event, e);
            }
        }
    }
}
