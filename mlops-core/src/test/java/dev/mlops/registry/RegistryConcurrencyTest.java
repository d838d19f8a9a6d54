package dev.mlops.registry;

import dev.mlops.registry.spi.Store;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryConcurrencyTest {

    static Stream<org.junit.jupiter.api.Named<Supplier<Store>>> stores() {
        return TestStores.all();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void manyThreadsOnTwoRegistriesGetDistinctGapFreeNumbers(Supplier<Store> store) throws Exception {
        Store s = store.get();
        try (Registry a = Registry.open(s); Registry b = Registry.open(s)) {
            List<Integer> numbers = runConcurrently(8, 15, (t, i) -> {
                Registry reg = t % 2 == 0 ? a : b;
                return reg.register("m").bytes(("t" + t + "i" + i).getBytes()).commit().number();
            });
            assertThat(numbers).hasSize(120).doesNotHaveDuplicates();
            assertThat(numbers).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 120).boxed().toList());
            assertThat(a.latestNumber("m")).isEqualTo(120);
            assertThat(a.maintenance().verify().problems()).isEmpty();
        } finally {
            s.close();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void concurrentAliasMovesNeverTearOrLoseAHistoryEntry(Supplier<Store> store) throws Exception {
        Store s = store.get();
        try (Registry reg = Registry.open(s)) {
            for (int i = 0; i < 5; i++) {
                reg.register("m").bytes(new byte[]{(byte) i}).commit();
            }
            List<Integer> moved = runConcurrently(6, 12, (t, i) -> {
                int target = 1 + (t + i) % 5;
                reg.setAlias("m", "prod", target, "t" + t, "move " + i);
                return target;
            });
            AliasHistory h = reg.aliasHistory("m", "prod");
            assertThat(h.problems()).isEmpty();
            assertThat(h.moves()).hasSize(72);
            assertThat(h.moves()).extracting(m -> m.to().getAsInt()).containsExactlyInAnyOrderElementsOf(moved);
            assertThat(reg.resolve("m", "prod")).hasValue(h.latest().orElseThrow().to().getAsInt());
        } finally {
            s.close();
        }
    }

    /** Random interleavings: any mix of registrations and alias moves by any number of threads keeps the invariants. */
    @Property(tries = 25)
    void numberingAndAliasHistoryHoldUnderRandomInterleavings(@ForAll @IntRange(min = 1, max = 6) int threads,
                                                              @ForAll @IntRange(min = 1, max = 12) int opsPerThread,
                                                              @ForAll long seed) throws Exception {
        try (Registry reg = Registry.inMemory()) {
            reg.register("m").bytes(new byte[]{0}).commit();
            List<Integer> results = runConcurrently(threads, opsPerThread, (t, i) -> {
                java.util.Random rnd = new java.util.Random(seed ^ (t * 1_000_003L + i));
                switch (rnd.nextInt(3)) {
                    case 0:
                        return reg.register("m").bytes(new byte[]{(byte) t, (byte) i}).commit().number();
                    case 1:
                        int latest = reg.latestNumber("m");
                        reg.setAlias("m", "prod", 1 + rnd.nextInt(latest), "t" + t, "random");
                        return -1;
                    default:
                        try {
                            reg.rollback("m", "prod", "t" + t, "random rollback");
                        } catch (dev.mlops.registry.spi.NotFoundException | dev.mlops.registry.spi.ConflictException e) {
                            // never set yet, or moved meanwhile: both are documented outcomes
                        }
                        return -2;
                }
            });
            long registered = results.stream().filter(n -> n > 0).count();
            int latest = reg.latestNumber("m");
            assertThat(latest).isEqualTo(1 + registered);
            assertThat(reg.versions("m")).extracting(ModelVersion::number)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, latest).boxed().toList());
            AliasHistory h = reg.aliasHistory("m", "prod");
            assertThat(h.problems()).isEmpty();
            assertThat(reg.resolve("m", "prod")).isEqualTo(h.latest().map(AliasMove::to).orElse(java.util.OptionalInt.empty()));
            assertThat(reg.aliasRevision("m", "prod")).isEqualTo(h.moves().size());
        }
    }

    interface Op {
        int run(int thread, int i) throws Exception;
    }

    static List<Integer> runConcurrently(int threads, int perThread, Op op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Integer>>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int tid = t;
            fs.add(pool.submit(() -> {
                start.await();
                List<Integer> out = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    out.add(op.run(tid, i));
                }
                return out;
            }));
        }
        start.countDown();
        List<Integer> all = Collections.synchronizedList(new ArrayList<>());
        for (Future<List<Integer>> f : fs) {
            all.addAll(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        return all;
    }
}
