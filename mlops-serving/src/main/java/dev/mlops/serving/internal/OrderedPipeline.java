package dev.mlops.serving.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a three-stage, order-keeping pipeline: one reader thread pulls items from a {@link Source}, {@code workers}
 * threads transform them with a {@link Stage} in parallel, and the calling thread hands the results to a {@link Sink}
 * in source order. At most {@code inFlight} items are read but not yet consumed (bounded memory). The first failure
 * in source order (reader, stage or sink) is rethrown on the calling thread and later items are discarded; a sink that
 * returns false stops the run early. Every thread is a daemon named {@code <name>-…} and has ended when
 * {@link #run} returns or throws. One {@code run} call is one job; the class itself holds no state and is thread-safe.
 */
public final class OrderedPipeline {
    private static final AtomicLong JOBS = new AtomicLong();

    private OrderedPipeline() {
    }

    /** Produces the items, in order, on the reader thread; null at the end. */
    @FunctionalInterface
    public interface Source<T> {
        T next() throws IOException;
    }

    /** Transforms one item on a worker thread; never returns null. */
    @FunctionalInterface
    public interface Stage<T, R> {
        R apply(T item);
    }

    /** Consumes results in source order on the calling thread; false stops the run. */
    @FunctionalInterface
    public interface Sink<R> {
        boolean accept(R result) throws IOException;
    }

    /**
     * Runs the pipeline to the end of the source, the first failure, or the sink's stop.
     *
     * @param name     thread name prefix (a job number and the role are appended)
     * @param workers  worker threads (≥ 1)
     * @param inFlight items read but not yet consumed at most (≥ 1)
     * @throws IOException the reader's or sink's I/O failure ({@link InterruptedIOException} if the calling thread is
     *                     interrupted; its interrupt status is kept)
     */
    public static <T, R> void run(String name, int workers, int inFlight, Source<T> source, Stage<T, R> stage,
                                  Sink<R> sink) throws IOException {
        if (workers < 1 || inFlight < 1) {
            throw new IllegalArgumentException("workers and inFlight must be >= 1, given " + workers + ", " + inFlight);
        }
        String prefix = name + "-" + JOBS.incrementAndGet();
        BlockingQueue<CompletableFuture<R>> ordered = new ArrayBlockingQueue<>(inFlight);
        BlockingQueue<Task<T, R>> work = new LinkedBlockingQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < workers; k++) {
            threads.add(daemon(prefix + "-work-" + k, () -> work(work, stage, stop)));
        }
        Thread reader = daemon(prefix + "-read", () -> read(source, ordered, work, stop));
        threads.forEach(Thread::start);
        reader.start();
        try {
            for (;;) {
                CompletableFuture<R> next = ordered.take();
                R result;
                try {
                    result = next.get();
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
                if (result == null || !sink.accept(result)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + name + " results");
        } finally {
            stop.set(true);
            boolean interrupted = Thread.interrupted();
            // unblock the reader (it may wait for room in the ordered queue), then the workers
            while (reader.isAlive()) {
                drain(ordered);
                interrupted |= joinQuietly(reader, 10);
            }
            drain(ordered);
            for (int k = 0; k < workers; k++) {
                work.add(Task.poison());
            }
            for (Thread t : threads) {
                while (t.isAlive()) {
                    interrupted |= joinQuietly(t, 1000);
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T, R> void read(Source<T> source, BlockingQueue<CompletableFuture<R>> ordered,
                                    BlockingQueue<Task<T, R>> work, AtomicBoolean stop) {
        try {
            while (!stop.get()) {
                T item = source.next();
                Task<T, R> task = new Task<>(item, new CompletableFuture<>());
                if (item == null) {
                    task.result().complete(null);
                    ordered.put(task.result());
                    return;
                }
                ordered.put(task.result());
                work.add(task);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            CompletableFuture<R> failed = new CompletableFuture<>();
            failed.completeExceptionally(t);
            try {
                ordered.put(failed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T, R> void work(BlockingQueue<Task<T, R>> work, Stage<T, R> stage, AtomicBoolean stop) {
        for (;;) {
            Task<T, R> task;
            try {
                task = work.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task.item() == null) {
                return; // poison
            }
            if (stop.get()) {
                task.result().cancel(false);
                continue;
            }
            try {
                R r = stage.apply(task.item());
                task.result().complete(r);
            } catch (Throwable t) {
                task.result().completeExceptionally(t);
            }
        }
    }

    private record Task<T, R>(T item, CompletableFuture<R> result) {
        static <T, R> Task<T, R> poison() {
            return new Task<>(null, null);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = DaemonThreads.newThread(name, body, 0);
        t.setDaemon(true);
        return t;
    }

    private static <R> void drain(BlockingQueue<CompletableFuture<R>> ordered) {
        CompletableFuture<R> f;
        while ((f = ordered.poll()) != null) {
            f.cancel(false);
        }
    }

    /** Joins for up to {@code millis}; true if the calling thread was interrupted meanwhile (status cleared). */
    private static boolean joinQuietly(Thread t, long millis) {
        try {
            t.join(millis);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof CancellationException ce) {
            throw ce;
        }
        return new IOException(cause);
    }
}
