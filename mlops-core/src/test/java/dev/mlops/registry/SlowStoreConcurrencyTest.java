package dev.mlops.registry;

import dev.mlops.registry.event.AliasMoved;
import dev.mlops.registry.event.VersionRegistered;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;
import dev.mlops.registry.store.InMemoryStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 item 3: no thread holds a process-wide lock while it waits on the store. With a store whose every record
 * write takes 50 ms, writers of different models run side by side; writers of one model still see their events in
 * commit order.
 */
class SlowStoreConcurrencyTest {
    static final long WRITE_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final int THREADS = 8;
    static final int VERSIONS_PER_THREAD = 2;

    /** Every conditional write and delete takes {@link #WRITE_DELAY_NANOS} (as a round trip to a remote store). */
    static final class SlowRecords implements RecordStore {
        private final RecordStore delegate;

        SlowRecords(RecordStore delegate) {
            this.delegate = delegate;
        }

        private static void roundTrip() {
            long end = System.nanoTime() + WRITE_DELAY_NANOS;
            for (long left = WRITE_DELAY_NANOS; left > 0; left = end - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }

        @Override
        public Optional<VersionedRecord> get(String collection, String key) {
            return delegate.get(collection, key);
        }

        @Override
        public WriteResult createIfAbsent(String collection, String key, byte[] document) {
            roundTrip();
            return delegate.createIfAbsent(collection, key, document);
        }

        @Override
        public WriteResult compareAndSet(String collection, String key, long expectedRevision, byte[] document) {
            roundTrip();
            return delegate.compareAndSet(collection, key, expectedRevision, document);
        }

        @Override
        public boolean delete(String collection, String key, long expectedRevision) {
            roundTrip();
            return delegate.delete(collection, key, expectedRevision);
        }

        @Override
        public Page<String> list(String collection, String prefix, String pageToken, int limit) {
            return delegate.list(collection, prefix, pageToken, limit);
        }
    }

    static Registry slowRegistry() {
        Store mem = InMemoryStore.create().asStore();
        return Registry.open(Store.of(new SlowRecords(mem.records()), mem.blobs(), "slow mem:"));
    }

    /** Registers {@link #VERSIONS_PER_THREAD} versions of {@code model} and moves its alias to each. */
    static void writeModel(Registry registry, String model) {
        for (int i = 1; i <= VERSIONS_PER_THREAD; i++) {
            ModelVersion v = registry.register(model).bytes((model + " " + i).getBytes(StandardCharsets.UTF_8)).commit();
            registry.setAlias(model, "production", v.number(), "test", "step " + i);
        }
    }

    /** Runs {@code task(i)} on {@code n} threads released together; returns the wall time in nanoseconds. */
    static long runTogether(int n, java.util.function.IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    task.accept(id);
                    return null;
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writersOfDifferentModelsAreNotSerialisedBehindEachOthersStoreWrites() throws Exception {
        try (Registry registry = slowRegistry()) {
            writeModel(registry, "warm-up"); // class loading and JIT, so that the single writer is not charged for them
            long one = runTogether(1, t -> writeModel(registry, "solo"));
            long eight = runTogether(THREADS, t -> writeModel(registry, "model-" + t));
            System.out.printf("slow store (50 ms per write): 1 writer %d ms, %d writers on %d models %d ms (%.2fx)%n",
                    one / 1_000_000, THREADS, THREADS, eight / 1_000_000, eight / (double) one);
            // serialised, eight writers would take about 8x one writer's time
            assertThat(eight).isLessThan(3 * one);
            for (int t = 0; t < THREADS; t++) {
                assertThat(registry.latestNumber("model-" + t)).isEqualTo(VERSIONS_PER_THREAD);
                assertThat(registry.resolve("model-" + t, "production")).hasValue(VERSIONS_PER_THREAD);
            }
        }
    }

    @Test
    void eventsOfOneModelArriveInCommitOrder() throws Exception {
        try (Registry registry = slowRegistry()) {
            List<Integer> versions = Collections.synchronizedList(new ArrayList<>());
            List<Long> moves = Collections.synchronizedList(new ArrayList<>());
            registry.addListener(e -> {
                if (e instanceof VersionRegistered r && r.version().model().equals("shared")) {
                    versions.add(r.version().number());
                } else if (e instanceof AliasMoved m && m.move().model().equals("shared")) {
                    moves.add(m.move().sequence());
                }
            });
            runTogether(4, t -> writeModel(registry, "shared"));
            int n = 4 * VERSIONS_PER_THREAD;
            assertThat(versions).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, n).boxed().toList());
            assertThat(moves).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, n).boxed().toList());
            assertThat(registry.aliasHistory("shared", "production").problems()).isEmpty();
        }
    }
}
