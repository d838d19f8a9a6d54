package dev.mlops.registry;

import dev.mlops.registry.spi.ConflictException;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.RegistryException;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The registry's one commit primitive for read-modify-write: read the record, apply the change, write it with
 * create-if-absent (when absent) or compare-and-set (when present); on a lost race back off with jitter and try
 * again, up to {@link #MAX_ATTEMPTS} attempts, then give up with a {@link ConflictException} that names the key and
 * the revisions. Every read-modify-write of core goes through {@link #update} or {@link #retry}; extension modules
 * reach it through {@link RecordCollection#update}. It holds no lock: a back-off delays only the thread that lost, and
 * a {@link Guard} (event ordering) is held for one attempt at a time, never across a back-off. Thread-safe.
 */
final class Commits {
    /** Attempts before giving up: with the back-off below, a couple of seconds of losing every race. */
    static final int MAX_ATTEMPTS = 64;
    private static final long MAX_BACKOFF_MILLIS = 50;

    private Commits() {
    }

    /** What one attempt of {@link #retry} came to. */
    sealed interface Outcome<T> permits Done, Lost {
    }

    /** The attempt took effect (or found nothing to do) with this result. */
    record Done<T>(T value) implements Outcome<T> {
    }

    /** The attempt's conditional write on {@code key} lost: it expected revision {@code expected}, found {@code found}. */
    record Lost<T>(String key, long expected, long found) implements Outcome<T> {
    }

    /** Runs one attempt, e.g. under the event-ordering lock of its key; never sleeps. */
    interface Guard<T> {
        Outcome<T> run(Supplier<Outcome<T>> attempt);
    }

    /**
     * What the change decided: the document to write ({@code null}: nothing to write) and the result, given the
     * revision the record has afterwards.
     */
    record Step<T>(byte[] document, LongFunction<T> result) {
        static <T> Step<T> write(byte[] document, T result) {
            return new Step<>(document, revision -> result);
        }

        static <T> Step<T> unchanged(T result) {
            return new Step<>(null, revision -> result);
        }
    }

    /** {@link #update(RecordStore, String, String, String, Function, Guard)} with no guard. */
    static <T> T update(RecordStore records, String collection, String key, String what,
                        Function<Optional<VersionedRecord>, Step<T>> change) {
        return update(records, collection, key, what, change, Supplier::get);
    }

    /**
     * Reads {@code collection/key}, applies {@code change} to it (empty when absent) and writes the outcome with
     * create-if-absent or compare-and-set, retrying on a lost race. {@code change} may run several times; an exception
     * it throws ends the update with nothing written.
     *
     * @param what  for the give-up message, e.g. {@code "editing model 'fraud'"}
     * @param guard runs each attempt (e.g. to publish its event in commit order)
     * @throws ConflictException after {@link #MAX_ATTEMPTS} lost races
     */
    static <T> T update(RecordStore records, String collection, String key, String what,
                        Function<Optional<VersionedRecord>, Step<T>> change, Guard<T> guard) {
        return retry(what, () -> guard.run(() -> {
            Optional<VersionedRecord> current = records.get(collection, key);
            Step<T> step = change.apply(current);
            long revision = current.map(VersionedRecord::revision).orElse(0L);
            if (step.document() == null) {
                return new Done<>(step.result().apply(revision));
            }
            WriteResult w = current.isEmpty() ? records.createIfAbsent(collection, key, step.document())
                    : records.compareAndSet(collection, key, revision, step.document());
            if (w.applied()) {
                return new Done<>(step.result().apply(w.revision()));
            }
            return new Lost<>(collection + "/" + key, revision, w.revision());
        }));
    }

    /**
     * Runs {@code attempt} until it is {@link Done}, backing off with jitter after each {@link Lost}.
     *
     * @throws ConflictException after {@link #MAX_ATTEMPTS} lost races, naming the key and the last revisions seen
     */
    static <T> T retry(String what, Supplier<Outcome<T>> attempt) {
        for (int n = 1; ; n++) {
            Outcome<T> outcome = attempt.get();
            if (outcome instanceof Done<T> done) {
                return done.value();
            }
            Lost<T> lost = (Lost<T>) outcome;
            if (n >= MAX_ATTEMPTS) {
                throw new ConflictException("Gave up " + what + " after " + n + " attempts: other writers kept changing "
                        + lost.key() + " (expected revision " + lost.expected() + ", found " + lost.found()
                        + "). Nothing was written by this call; retry it, or reduce the concurrent writers of that record.",
                        lost.expected(), lost.found());
            }
            backoff(n, what);
        }
    }

    private static void backoff(int attempt, String what) {
        long capMillis = Math.min(MAX_BACKOFF_MILLIS, 1L << Math.min(attempt, 6));
        long sleep = ThreadLocalRandom.current().nextLong(capMillis + 1);
        if (sleep == 0) {
            Thread.onSpinWait();
            return;
        }
        try {
            Thread.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("Interrupted while " + what, e);
        }
    }
}
