package dev.mlops.monitoring;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DriftMonitorConcurrencyTest {
    private static ReferenceProfile profile() {
        double[] x = new double[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return ReferenceProfile.builder().numeric("x", x).build();
    }

    @Test
    void everyRowLandsInExactlyOneCountWindowOfExactlyTheWindowSize() throws Exception {
        int threads = 4;
        int batches = 200;
        int batch = 37; // crosses window boundaries
        List<DriftResult> results = new CopyOnWriteArrayList<>();
        DriftMonitor m = DriftMonitor.builder(profile()).countWindow(1000).stripes(2).evaluateOnObservingThread()
                .listener(new DriftListener() {
                    @Override
                    public void onWindow(DriftResult r) {
                        results.add(r);
                    }
                }).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<?>[] fs = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                final int id = t;
                fs[t] = pool.submit(() -> {
                    start.await();
                    double[] col = new double[batch];
                    for (int b = 0; b < batches; b++) {
                        for (int i = 0; i < batch; i++) {
                            col[i] = (id * 1000 + b * batch + i) % 1000;
                        }
                        if (b % 2 == 0) {
                            m.observeColumns(new double[][]{col}, null);
                        } else {
                            for (int i = 0; i < batch; i++) {
                                m.observe(new double[]{col[i]});
                            }
                        }
                    }
                    return null;
                });
            }
            start.countDown();
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long total = (long) threads * batches * batch; // 29600
        assertThat(m.rowsObserved()).isEqualTo(total);
        assertThat(results).hasSize((int) (total / 1000));
        assertThat(results).allSatisfy(r -> {
            assertThat(r.rows()).isEqualTo(1000);
            assertThat(r.feature("x").currentCount()).isEqualTo(1000);
        });
        assertThat(results).extracting(DriftResult::window).containsExactlyInAnyOrder(
                java.util.stream.LongStream.range(0, total / 1000).boxed().toArray(Long[]::new));
        assertThat(m.snapshot().rows()).isEqualTo(total % 1000);
        m.close();
    }

    @Test
    void everyRowLandsInExactlyOneTimeWindowWhileWindowsCloseConcurrently() throws Exception {
        List<DriftResult> results = new CopyOnWriteArrayList<>();
        DriftMonitor m = DriftMonitor.builder(profile()).timeWindow(Duration.ofHours(1)).stripes(2)
                .listener(new DriftListener() {
                    @Override
                    public void onWindow(DriftResult r) {
                        results.add(r);
                    }
                }).build();
        int threads = 3;
        int rows = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        // at half way every observer waits for one close, so at least one window closes mid-stream however fast
        // observing is; after that the closer keeps closing while the observers run
        CountDownLatch halfWay = new CountDownLatch(threads);
        CountDownLatch closedMidStream = new CountDownLatch(1);
        try {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rows; i++) {
                        if (i == rows / 2) {
                            halfWay.countDown();
                            assertThat(closedMidStream.await(60, TimeUnit.SECONDS)).isTrue();
                        }
                        m.observe(new double[]{i % 1000});
                    }
                    done.countDown();
                    return null;
                });
            }
            Future<?> closer = pool.submit(() -> {
                start.await();
                assertThat(halfWay.await(60, TimeUnit.SECONDS)).isTrue();
                m.closeWindow();
                closedMidStream.countDown();
                while (done.getCount() > 0) {
                    m.closeWindow();
                }
                return null;
            });
            start.countDown();
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            closer.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        m.close(); // closes the last window
        long sum = results.stream().mapToLong(DriftResult::rows).sum();
        assertThat(sum).isEqualTo((long) threads * rows);
        assertThat(results.stream().mapToLong(r -> r.feature("x").currentCount()).sum()).isEqualTo(sum);
        assertThat(results.size()).isGreaterThan(1);
    }
}
