package dev.mlops.benchmarks.serving;

import dev.mlops.serving.batch.BatchingOptions;
import dev.mlops.serving.batch.DynamicBatcher;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.Models;
import dev.mlops.serving.batch.OverloadedException;
import dev.mlops.serving.Tensor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Open-loop load driver (issue 10 item 7): single-row requests to the breast-cancer MLP arrive as a Poisson process at
 * a fixed rate, independent of how fast earlier ones complete, and each latency is measured from the request's
 * <em>intended</em> send time, so queueing shows instead of being hidden by coordinated omission.
 *
 * <p>First measures the unbatched saturation rate (closed loop, one caller per core, plain {@code predict}), then offers
 * 50 %, 90 % and 150 % of it to (a) the unbatched model behind a pool of one worker per core and (b) a
 * {@link DynamicBatcher} (64 rows, 2 ms) behind a pool of 64 caller threads. Both pools have the same bounded pending
 * queue; a request that finds it full (or that the batcher rejects as overloaded) is counted as rejected.
 *
 * <p>With a second argument {@code callers}, the load is generated wrk2-style instead (see {@code runPerCaller}): 64
 * caller threads in both modes, each on its own Poisson schedule, calling directly without a pool hand-off.
 *
 * <p>With a second argument {@code async}, the batched mode submits each request with
 * {@link DynamicBatcher#predictAsync} straight from the generator thread (no caller thread per request: the way an
 * asynchronous server — Netty, gRPC, virtual threads — would call it) and records the latency when its future
 * completes; the unbatched mode is unchanged (pool of one worker per core). Before the open-loop table it prints a
 * closed-loop table: {@code N} requests always outstanding (1, 8, 64, 256), each completion submitting the next,
 * against unbatched callers that block ({@code N} threads, capped at 64, and one per core).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar -Dmlops.fixtures=/work/shared/fixtures
 * dev.mlops.benchmarks.serving.OpenLoopBatchingDriver [seconds-per-rate [callers]]}.
 */
public final class OpenLoopBatchingDriver {
    private static final int PENDING = 4096;

    private OpenLoopBatchingDriver() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        boolean perCaller = args.length > 1 && args[1].equals("callers");
        boolean async = args.length > 1 && args[1].equals("async");
        int concurrent = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int cores = Runtime.getRuntime().availableProcessors();
        Path file = PredictBenchmark.fixtures().resolve("models").resolve("breast_cancer_mlp_v1.onnx");
        ModelOptions one = ModelOptions.builder().intraOpThreads(1).build();
        float[] data = new float[30];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 30; i++) {
            data[i] = (float) r.nextGaussian();
        }
        Inputs row = Inputs.of(Tensor.ofFloats(data, 1, 30));
        try (LoadedModel unbatched = Models.load(file, one);
             DynamicBatcher batcher = DynamicBatcher.of(Models.load(file, one), BatchingOptions.builder()
                     .maxBatchRows(64).maxDelay(Duration.ofMillis(2)).queueCapacity(PENDING)
                     .maxConcurrentBatches(concurrent).build())) {
            saturation(unbatched, row, cores, 2); // warm-up
            double sat = saturation(unbatched, row, cores, 3);
            System.out.printf(Locale.ROOT, "machine: %d cores; unbatched saturation (closed loop, %d callers): %.0f rows/s%n",
                    cores, cores, sat);
            if (async) {
                double[] hop = new double[3];
                for (int k = 0; k < 3; k++) {
                    hop[k] = handOffNanos(2);
                }
                System.out.printf(Locale.ROOT, "thread hand-off (park/unpark ping-pong between two threads): %.1f µs "
                        + "per hand-off (median of 3 × 2 s)%n", median(hop) / 1e3);
                System.out.println("closed loop, N requests outstanding (rows/s; medians of 3 × 2 s):");
                System.out.println("| N | unbatched, min(N, 64) blocking threads | unbatched, " + cores
                        + " threads | batched async | batched / best unbatched | unbatched (min(N, 64)) p50 / p99 µs"
                        + " | batched p50 / p99 µs |");
                System.out.println("|---|---|---|---|---|---|---|");
                for (int n : new int[]{1, 8, 64, 256}) {
                    closedAsync(batcher, row, n, 1); // warm-up
                    double[] b = new double[3];
                    double[] p50 = new double[3];
                    double[] p99 = new double[3];
                    double[] up50 = new double[3];
                    double[] up99 = new double[3];
                    double[] u = new double[3];
                    double[] uc = new double[3];
                    for (int k = 0; k < 3; k++) {
                        double[] lat = new double[2];
                        u[k] = saturation(unbatched, row, Math.min(n, 64), 2, lat);
                        up50[k] = lat[0];
                        up99[k] = lat[1];
                        uc[k] = saturation(unbatched, row, Math.min(n, cores), 2);
                        double[] res = closedAsync(batcher, row, n, 2);
                        b[k] = res[0];
                        p50[k] = res[1];
                        p99[k] = res[2];
                    }
                    double bu = Math.max(median(u), median(uc));
                    System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.2f | %.1f / %.1f | %.1f / %.1f |%n", n,
                            median(u), median(uc), median(b), median(b) / bu, median(up50) / 1e3, median(up99) / 1e3,
                            median(p50) / 1e3, median(p99) / 1e3);
                }
            }
            System.out.println("| mode | offered % of sat | offered rows/s | completed rows/s | rejected | p50 µs | p99 µs | max µs |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (double f : new double[]{0.5, 0.9, 1.5}) {
                for (boolean batched : new boolean[]{false, true}) {
                    Function<Inputs, Object> call = batched ? batcher::predict : unbatched::predict;
                    if (async && batched) {
                        runAsync(batcher, row, sat * f, 1, false); // warm-up at this rate
                        Result res = runAsync(batcher, row, sat * f, seconds, true);
                        System.out.printf(Locale.ROOT, "| %s | %.0f %% | %.0f | %.0f | %d | %.1f | %.1f | %.1f |%n",
                                "batched async (64 rows, 2 ms)", f * 100, sat * f, res.completedPerSecond,
                                res.rejected, res.p50 / 1e3, res.p99 / 1e3, res.max / 1e3);
                        continue;
                    }
                    int workers = batched ? 64 : cores;
                    if (perCaller) {
                        workers = 64;
                    }
                    Result res;
                    if (perCaller) {
                        runPerCaller(call, row, workers, sat * f, 1, false); // warm-up at this rate
                        res = runPerCaller(call, row, workers, sat * f, seconds, true);
                    } else {
                        run(call, row, workers, sat * f, 1, false); // warm-up at this rate
                        res = run(call, row, workers, sat * f, seconds, true);
                    }
                    System.out.printf(Locale.ROOT, "| %s | %.0f %% | %.0f | %.0f | %d | %.1f | %.1f | %.1f |%n",
                            batched ? "batched (64 rows, 2 ms)" : "unbatched", f * 100, sat * f, res.completedPerSecond,
                            res.rejected, res.p50 / 1e3, res.p99 / 1e3, res.max / 1e3);
                }
            }
        }
    }

    /** Closed-loop rows/s with {@code callers} threads calling predict back to back. */
    private static double saturation(LoadedModel model, Inputs row, int callers, double seconds) throws InterruptedException {
        return saturation(model, row, callers, seconds, null);
    }

    /** Closed-loop rows/s; with {@code p50p99} given, also the p50 and p99 call latency in ns (sampled). */
    private static double saturation(LoadedModel model, Inputs row, int callers, double seconds, double[] p50p99)
            throws InterruptedException {
        long[][] lat = new long[callers][1 << 16];
        long[] counts = new long[callers];
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Thread[] ts = new Thread[callers];
        for (int i = 0; i < callers; i++) {
            long[] mine = lat[i];
            int me = i;
            ts[i] = new Thread(() -> {
                long n = 0;
                long t = System.nanoTime();
                while (t < end) {
                    model.predict(row);
                    long t1 = System.nanoTime();
                    mine[(int) (n & (mine.length - 1))] = t1 - t;
                    t = t1;
                    n++;
                }
                counts[me] = n;
                done.addAndGet(n);
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        if (p50p99 != null) {
            int total = 0;
            for (int i = 0; i < callers; i++) {
                total += (int) Math.min(counts[i], lat[i].length);
            }
            long[] all = new long[total];
            int k = 0;
            for (int i = 0; i < callers; i++) {
                int m = (int) Math.min(counts[i], lat[i].length);
                System.arraycopy(lat[i], 0, all, k, m);
                k += m;
            }
            Arrays.sort(all);
            p50p99[0] = percentile(all, 0.5);
            p50p99[1] = percentile(all, 0.99);
        }
        return done.get() / seconds;
    }

    /**
     * The cost of waking a blocked thread: two threads hand a token back and forth with park/unpark; nanoseconds per
     * hand-off. Every blocking caller of a batch pays one (its result is handed to it by the thread that ran the batch).
     */
    private static double handOffNanos(double seconds) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Thread> turn = new java.util.concurrent.atomic.AtomicReference<>();
        AtomicLong hops = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Thread[] pair = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int me = i;
            pair[i] = new Thread(() -> {
                Thread other;
                while ((other = pair[1 - me]) == null) {
                    Thread.onSpinWait();
                }
                long n = 0;
                while (System.nanoTime() < end) {
                    while (turn.get() != Thread.currentThread()) {
                        if (System.nanoTime() >= end) {
                            turn.set(other);
                            LockSupport.unpark(other);
                            hops.addAndGet(n);
                            return;
                        }
                        LockSupport.parkNanos(1_000_000);
                    }
                    n++;
                    turn.set(other);
                    LockSupport.unpark(other);
                }
                turn.set(other);
                LockSupport.unpark(other);
                hops.addAndGet(n);
            });
        }
        turn.set(pair[0]);
        pair[0].start();
        pair[1].start();
        pair[0].join();
        pair[1].join();
        return seconds * 1e9 / Math.max(1, hops.get());
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /**
     * Closed loop without caller threads: {@code n} requests outstanding, each completion submits the next. Returns
     * rows/s, p50 and p99 latency in ns (the last 4 M requests).
     */
    private static double[] closedAsync(DynamicBatcher batcher, Inputs row, int n, double seconds) throws InterruptedException {
        long[] lat = new long[1 << 22];
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            new Object() {
                void next() {
                    long t0 = System.nanoTime();
                    batcher.predictAsync(row).whenComplete((o, e) -> {
                        long d = done.getAndIncrement();
                        lat[(int) (d & (lat.length - 1))] = System.nanoTime() - t0;
                        if (System.nanoTime() < end) {
                            next();
                        } else {
                            finished.countDown();
                        }
                    });
                }
            }.next();
        }
        finished.await();
        int m = (int) Math.min(done.get(), lat.length);
        long[] l = Arrays.copyOf(lat, m);
        Arrays.sort(l);
        return new double[]{done.get() / seconds, percentile(l, 0.5), percentile(l, 0.99)};
    }

    /** Open loop, batched, asynchronous: the generator submits with predictAsync; latency recorded on completion. */
    private static Result runAsync(DynamicBatcher batcher, Inputs row, double rate, double seconds, boolean record) {
        Recorder rec = new Recorder(rate, seconds, record);
        AtomicLong outstanding = new AtomicLong();
        long start = generate(rate, seconds, intended -> {
            outstanding.incrementAndGet();
            try {
                batcher.predictAsync(row).whenComplete((o, e) -> {
                    if (e == null) {
                        rec.latency(System.nanoTime() - intended);
                    }
                    outstanding.decrementAndGet();
                });
            } catch (OverloadedException e) {
                outstanding.decrementAndGet();
                rec.rejected.incrementAndGet();
            }
        });
        while (outstanding.get() > 0) {
            LockSupport.parkNanos(100_000);
        }
        return rec.result(start);
    }

    private record Result(double completedPerSecond, long rejected, double p50, double p99, double max) {
    }

    /** The latencies one timed run records from many threads (the first {@code rate × seconds × 1.1} of them). */
    private static final class Recorder {
        private final long[] latencies;
        private final AtomicInteger count = new AtomicInteger();
        private final boolean record;
        final AtomicLong rejected = new AtomicLong();

        Recorder(double rate, double seconds, boolean record) {
            this.record = record;
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, rate * seconds * 1.1 + 1024);
            this.latencies = new long[record ? capacity : 1];
        }

        void latency(long nanos) {
            if (record) {
                int i = count.getAndIncrement();
                if (i < latencies.length) {
                    latencies[i] = nanos;
                }
            }
        }

        /** Completed requests per second since {@code start} (now), p50, p99 and max latency. */
        Result result(long start) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            int n = Math.min(count.get(), latencies.length);
            if (!record || n == 0) {
                return new Result(0, rejected.get(), 0, 0, 0);
            }
            long[] l = Arrays.copyOf(latencies, n);
            Arrays.sort(l);
            return new Result(n / elapsed, rejected.get(), percentile(l, 0.5), percentile(l, 0.99), l[n - 1]);
        }
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[(int) (q * (sorted.length - 1))];
    }

    /**
     * One generator thread: calls {@code send} with each request's intended send time, Poisson arrivals at
     * {@code rate} for {@code seconds}, falling behind never delaying later intended times. Returns the start time.
     */
    private static long generate(double rate, double seconds, LongConsumer send) {
        SplittableRandom random = new SplittableRandom(7);
        double meanGapNanos = 1e9 / rate;
        long start = System.nanoTime() + 1_000_000;
        long end = start + (long) (seconds * 1e9);
        long next = start;
        while (next < end) {
            long now = System.nanoTime();
            while (next <= now && next < end) {
                send.accept(next);
                next += (long) (-Math.log(1 - random.nextDouble()) * meanGapNanos);
            }
            if (next > now) {
                LockSupport.parkNanos(next - now);
            }
        }
        return start;
    }

    /**
     * wrk2-style: {@code callers} threads, each with its own Poisson schedule at {@code rate / callers} (together a
     * Poisson stream at {@code rate}), each calling the model directly (no hand-off) and measuring from the intended
     * time. A caller that falls behind sends at once, so its latencies carry the backlog; at most {@code callers}
     * requests are in flight, so overload shows as latency, not as rejections.
     */
    private static Result runPerCaller(Function<Inputs, Object> call, Inputs row, int callers, double rate, double seconds,
                                       boolean record) throws InterruptedException {
        Recorder rec = new Recorder(rate, seconds, record);
        long start = System.nanoTime() + 5_000_000;
        long end = start + (long) (seconds * 1e9);
        double meanGapNanos = 1e9 * callers / rate;
        Thread[] ts = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            SplittableRandom random = new SplittableRandom(7 + c);
            ts[c] = new Thread(() -> {
                long next = start + (long) (-Math.log(1 - random.nextDouble()) * meanGapNanos);
                while (next < end) {
                    long now = System.nanoTime();
                    if (next > now) {
                        LockSupport.parkNanos(next - now);
                        continue;
                    }
                    try {
                        call.apply(row);
                        rec.latency(System.nanoTime() - next);
                    } catch (OverloadedException e) {
                        rec.rejected.incrementAndGet();
                    }
                    next += (long) (-Math.log(1 - random.nextDouble()) * meanGapNanos);
                }
            });
            ts[c].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return rec.result(start);
    }

    private static Result run(Function<Inputs, Object> call, Inputs row, int workers, double rate, double seconds,
                              boolean record) throws InterruptedException {
        Recorder rec = new Recorder(rate, seconds, record);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(PENDING), new ThreadPoolExecutor.AbortPolicy());
        pool.prestartAllCoreThreads();
        long start = generate(rate, seconds, intended -> {
            try {
                pool.execute(() -> {
                    try {
                        call.apply(row);
                    } catch (OverloadedException e) {
                        rec.rejected.incrementAndGet();
                        return;
                    }
                    rec.latency(System.nanoTime() - intended);
                });
            } catch (RejectedExecutionException e) {
                rec.rejected.incrementAndGet();
            }
        });
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        return rec.result(start);
    }
}
