package dev.mlops.serving.batch;

import dev.mlops.serving.internal.DaemonThreads;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.ModelClosedException;
import dev.mlops.serving.PredictionException;
import dev.mlops.serving.ServingException;
import dev.mlops.serving.TensorSpec;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Provenance;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.internal.BatchObserver;
import dev.mlops.serving.internal.BatcherClosed;
import dev.mlops.serving.internal.ServingInternals;
import dev.mlops.serving.internal.ThreadPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Coalesces concurrent requests to one model along dimension 0 (dynamic batching). Thread-safe.
 *
 * <p><b>Who runs a batch.</b> There is no dispatcher thread in the synchronous path: a caller of {@link #predict}
 * queues its request and, if no batch is being run, runs one itself — its own request together with everything else
 * queued with the same non-batch dimensions, up to {@link BatchingOptions#maxBatchRows()} rows — then hands the
 * results to the other callers of that batch. Callers that arrive while a batch runs wait; the next batch forms from
 * them as soon as the running one ends. So a lone request runs at once on its own thread (no hand-off at low load),
 * and batches grow with the load by themselves. With {@code runLoneRequestsAtOnce(false)} the caller that forms a
 * batch waits up to {@link BatchingOptions#maxDelay()} after the batch's first request for it to fill (or until it
 * holds {@code maxBatchRows} rows or a preferred size). {@link BatchingOptions#maxConcurrentBatches()} batches may run
 * at once (default 1).
 *
 * <p>{@link #predictAsync} queues a request without blocking; batches that contain only asynchronous requests run on
 * the batcher's own threads ({@code mlops-batcher-<model>-N}, daemon, at most {@code maxConcurrentBatches}, started on
 * first use, stopped when idle for 30 s and on {@link #close()}); their futures complete on the thread that ran the
 * batch, so attach heavy work with the {@code *Async} stages of {@link CompletableFuture}.
 *
 * <p>Inputs are validated before they are queued, so one bad request never fails a batch; an error in a batched run
 * reaches every caller of that batch. Requests whose non-batch dimensions differ are never mixed. Models whose inputs
 * are not all batched (dimension 0 symbolic), and requests larger than {@code maxBatchRows}, run directly, unbatched.
 * {@link #close()} stops accepting, runs every queued request, and closes the model handle (drain-safe).
 *
 * <p><b>State machine of a request.</b> Each queued request ({@code Pending}) moves, by compare-and-set only, along
 * <pre>
 *   QUEUED ──take()──▶ TAKEN ──finish()──▶ DONE
 *      └──cancel()──▶ CANCELLED            (timeout, interrupt, future cancelled, close)
 * </pre>
 * Exactly one thread wins the {@code QUEUED → TAKEN} or {@code QUEUED → CANCELLED} transition, so a request is run at
 * most once and a cancelled request is never run; only the thread that took it calls {@code finish}, which writes the
 * result fields before the volatile state ({@code DONE}), so a waiter that reads {@code DONE} sees the result. Taken
 * and cancelled requests are unlinked from the queue lazily, by whoever meets them. Batch slots are a counter
 * ({@code running} ≤ {@code maxConcurrentBatches}); a batch is formed under the {@code forming} lock (never held while
 * a model runs).
 *
 * <p><b>Hand-off invariant.</b> Every batch slot ends in {@code endBatch()}, which releases the slot and then wakes
 * the oldest queued request's owner (a parked synchronous caller, or a new asynchronous runner): so whenever a request
 * is {@code QUEUED}, either a slot is running (and will hand off when it ends) or its owner has been woken to take a
 * slot itself. A caller that gives up (deadline, interrupt) after being woken passes the turn on
 * ({@code wakeNextIfIdle}); a caller that queues while every slot is busy is seen by the hand-off of the slot that ends
 * next. Hence no request is stranded without a thread that will run it, and no extra thread is needed at low load.
 */
public final class DynamicBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

    private static final BatchObserver NONE = BatchObserver.NONE;
    private static final BatcherClosed CLOSED = BatcherClosed.INSTANCE;
    private static final ServingInternals.ModelOps MODELS = ServingInternals.models();

    static {
        ServingInternals.register(new ServingInternals.BatcherOps() {
            @Override
            public DynamicBatcher of(LoadedModel model, BatchingOptions options, BatchObserver observer,
                                     Provenance provenance) {
                return new DynamicBatcher(Objects.requireNonNull(model, "model"),
                        Objects.requireNonNull(options, "options"), observer, provenance);
            }

            @Override
            public CompletableFuture<Outputs> submit(DynamicBatcher batcher, Inputs inputs, boolean reroutable) {
                return batcher.submit(inputs, reroutable);
            }

            @Override
            public Outputs tryPredict(DynamicBatcher batcher, Inputs inputs) {
                return batcher.tryPredict(inputs);
            }
        });
    }

    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;

    /** One queued request. The state moves QUEUED → TAKEN → DONE, or QUEUED → CANCELLED (timeout, interrupt, close). */
    private static final class Pending {
        private static final AtomicIntegerFieldUpdater<Pending> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Pending.class, "state");

        final Tensor[] ordered;
        final int rows;
        final long[] key;
        final long enqueued = System.nanoTime();
        /** The blocked caller to wake, or null for an asynchronous request. */
        final Thread waiter;
        /** The future of an asynchronous request, else null. */
        final CompletableFuture<Outputs> future;
        volatile int state;
        /** An asynchronous endpoint request: closing fails it with {@link BatcherClosed} so that it is routed again. */
        final boolean reroutable;
        Outputs result;
        Throwable error;

        Pending(Tensor[] ordered, int rows, long[] key, Thread waiter, CompletableFuture<Outputs> future,
                boolean reroutable) {
            this.ordered = ordered;
            this.rows = rows;
            this.key = key;
            this.waiter = waiter;
            this.future = future;
            this.reroutable = reroutable;
        }

        boolean take() {
            if (future != null && future.isDone()) {
                cancel(); // cancelled or timed out by its caller
                return false;
            }
            return STATE.compareAndSet(this, QUEUED, TAKEN);
        }

        boolean cancel() {
            return STATE.compareAndSet(this, QUEUED, CANCELLED);
        }

        /** Publishes the outcome (fields first, then the volatile state) and wakes the caller. */
        void finish(Outputs out, Throwable err) {
            result = out;
            error = err;
            state = DONE;
            if (future != null) {
                if (err != null) {
                    future.completeExceptionally(err);
                } else {
                    future.complete(out);
                }
            } else if (waiter != Thread.currentThread()) {
                LockSupport.unpark(waiter);
            }
        }
    }

    private final LoadedModel model;
    private final BatchingOptions options;
    private final boolean batchable;
    private final String[] inputNames;
    private final BatchObserver observer;
    /** What the outputs of this batcher's runs say about who answered. */
    private final Provenance provenance;
    private final int maxRows;
    private final long maxDelayNanos;
    private final boolean waitForFill;

    /** The queue: many producers; only the thread that forms a batch (holding {@link #forming}) removes. */
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Requests in {@link #queue} (cancelled ones included until a forming thread unlinks them). */
    private final AtomicInteger queued = new AtomicInteger();
    /** Batches running (or forming) now, at most {@code maxConcurrentBatches}. */
    private final AtomicInteger running = new AtomicInteger();
    private final ReentrantLock forming = new ReentrantLock();
    /** The thread waiting for a batch to fill, to wake when it is full. */
    private volatile Thread filling;
    private volatile boolean accepting = true;
    private volatile ThreadPoolExecutor pool;
    /** Set (under this object's monitor) when close stopped the pool: no new one starts. */
    private boolean poolClosed;
    private final Runnable drain = this::drainAsync;

    private DynamicBatcher(LoadedModel model, BatchingOptions options, BatchObserver observer, Provenance provenance) {
        this.provenance = provenance;
        this.model = model;
        this.options = options;
        this.observer = observer;
        boolean b = !model.signature().inputs().isEmpty();
        for (TensorSpec s : model.signature().inputs()) {
            b &= s.isBatched();
        }
        this.batchable = b;
        this.inputNames = model.signature().inputNames().toArray(new String[0]);
        this.maxRows = options.maxBatchRows();
        this.maxDelayNanos = options.maxDelay().toNanos();
        this.waitForFill = !options.runLoneRequestsAtOnce();
    }

    /** A batcher in front of {@code model}, which it owns (closes on {@link #close()}). */
    public static DynamicBatcher of(LoadedModel model, BatchingOptions options) {
        return of(model, options, NONE);
    }

    static DynamicBatcher of(LoadedModel model, BatchingOptions options, BatchObserver observer) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        return new DynamicBatcher(model, options, observer, model.provenance());
    }

    /** The model behind the batcher. */
    public LoadedModel model() {
        return model;
    }

    /** The options. */
    public BatchingOptions options() {
        return options;
    }

    /** Requests queued now (not yet taken into a batch). */
    public int queued() {
        int n = 0;
        for (Pending p : queue) {
            if (p.state == QUEUED) {
                n++;
            }
        }
        return n;
    }

    /**
     * Predicts, batched with concurrent requests; blocks until the result is there. The calling thread may run a batch
     * that holds other callers' requests too.
     *
     * @throws InvalidInputException      before queueing, if the inputs do not match the signature
     * @throws OverloadedException        at once, if the queue is full
     * @throws DeadlineExceededException  if {@link BatchingOptions#requestTimeout()} passes
     * @throws ModelClosedException       if the batcher is closed
     * @throws PredictionException        if the batched run failed (every caller of that batch gets it)
     */
    public Outputs predict(Inputs inputs) {
        Outputs out = tryPredict(inputs);
        if (out == null) {
            throw new ModelClosedException(model.name());
        }
        return out;
    }

    /**
     * Queues a request without blocking. Validation and overload are reported at once, by exception; the outcome of
     * the run (result, {@link PredictionException}, {@link DeadlineExceededException}, {@link ModelClosedException} if
     * the batcher closes first) completes the future, on the thread that ran the batch. Cancelling the future before
     * its batch starts removes the request. A request that cannot share a batch (more rows than
     * {@link BatchingOptions#maxBatchRows()}, or a model without a batch dimension) runs on the calling thread and
     * returns a completed future.
     *
     * @throws InvalidInputException if the inputs do not match the signature
     * @throws OverloadedException   if the queue is full
     * @throws ModelClosedException  if the batcher is closed
     */
    public CompletableFuture<Outputs> predictAsync(Inputs inputs) {
        CompletableFuture<Outputs> f = submit(inputs, false);
        if (f == null) {
            throw new ModelClosedException(model.name());
        }
        return f;
    }

    /**
     * Queues a request without blocking; null if the batcher no longer accepts requests. With {@code reroutable}, a
     * request the batcher closes on fails with {@link BatcherClosed} (an endpoint then routes it again), else with
     * {@link ModelClosedException}. Requests that cannot share a batch run on the calling thread.
     */
    CompletableFuture<Outputs> submit(Inputs inputs, boolean reroutable) {
        Objects.requireNonNull(inputs, "inputs");
        if (!accepting) {
            return null;
        }
        Tensor[] ordered = bind(inputs);
        int rows = (int) ordered[0].dim(0);
        if (!batchable || rows > maxRows || rows == 0) {
            try {
                Outputs out = batchable ? MODELS.tryRunBound(model, ordered, provenance) : MODELS.tryPredict(model, inputs, provenance);
                return out == null ? CompletableFuture.failedFuture(
                        reroutable ? CLOSED : new ModelClosedException(model.name()))
                        : CompletableFuture.completedFuture(out);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<Outputs> future = new CompletableFuture<>();
        Pending p = new Pending(ordered, rows, shapeKey(ordered), null, future, reroutable);
        enqueue(p);
        if (options.requestTimeout().isPresent()) {
            Duration timeout = options.requestTimeout().get();
            CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
                if (p.cancel()) {
                    future.completeExceptionally(new DeadlineExceededException(model.name(), timeout));
                }
            });
        }
        if (!accepting && p.cancel()) {
            return null;
        }
        startAsyncRunnerIfIdle();
        return future;
    }

    /** Like {@link #predict(Inputs)} but null when the batcher closed before the request ran. */
    Outputs tryPredict(Inputs inputs) {
        Objects.requireNonNull(inputs, "inputs");
        if (!batchable) {
            return accepting ? MODELS.tryPredict(model, inputs, provenance) : null;
        }
        Tensor[] ordered = bind(inputs);
        int rows = (int) ordered[0].dim(0);
        if (rows > maxRows || rows == 0) {
            return accepting ? MODELS.tryRunBound(model, ordered, provenance) : null; // too large (or empty) to share a batch: run alone
        }
        if (!accepting) {
            return null;
        }
        Pending p = new Pending(ordered, rows, shapeKey(ordered), Thread.currentThread(), null, false);
        if (queue.isEmpty() && tryStartBatch()) {
            // nothing waits and no batch runs: run at once, with whatever joins while the batch forms
            p.state = TAKEN;
            try {
                runOneBatch(p);
            } finally {
                endBatch();
            }
            return outcome(p);
        }
        enqueue(p);
        if (!accepting && p.cancel()) {
            return null;
        }
        long deadline = options.requestTimeout().isPresent()
                ? System.nanoTime() + options.requestTimeout().get().toNanos() : 0;
        while (true) {
            int st = p.state;
            if (st == DONE) {
                return outcome(p);
            }
            if (st == QUEUED && tryStartBatch()) {
                try {
                    runUntilDone(p);
                } finally {
                    endBatch();
                }
                continue;
            }
            if (deadline != 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    boolean cancelled = p.cancel();
                    if (cancelled || p.state == TAKEN) {
                        if (cancelled) {
                            wakeNextIfIdle();
                        }
                        throw new DeadlineExceededException(model.name(), options.requestTimeout().get());
                    }
                    continue; // finished meanwhile
                }
                LockSupport.parkNanos(this, left);
            } else {
                LockSupport.park(this);
            }
            if (Thread.currentThread().isInterrupted() && p.state != DONE) {
                if (p.cancel()) {
                    wakeNextIfIdle();
                }
                throw new ServingException("interrupted while waiting for model '" + model.name() + "'");
            }
        }
    }

    private Tensor[] bind(Inputs inputs) {
        Tensor[] ordered = MODELS.bind(model, inputs);
        if (batchable) {
            long rows = ordered[0].dim(0);
            for (Tensor t : ordered) {
                if (t.dim(0) != rows) {
                    throw new InvalidInputException("", "one batch size for every input", "batch sizes differ",
                            "model '" + model.name() + "': every input must have the same dimension 0 to be batched");
                }
            }
        }
        return ordered;
    }

    private Outputs outcome(Pending p) {
        Throwable e = p.error;
        if (e == null) {
            return p.result;
        }
        if (e instanceof BatcherClosed) {
            return null;
        }
        if (e instanceof RuntimeException) {
            throw (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        throw new PredictionException(model.name(), "batched run of model '" + model.name() + "' failed: " + e, e);
    }

    private void enqueue(Pending p) {
        if (queued.incrementAndGet() > options.queueCapacity()) {
            queued.decrementAndGet();
            throw new OverloadedException(model.name(), options.queueCapacity());
        }
        queue.offer(p);
        if (waitForFill) {
            Thread f = filling;
            if (f != null) {
                LockSupport.unpark(f); // the filling batch takes it, and runs if now full
            }
        }
    }

    private boolean tryStartBatch() {
        int limit = options.maxConcurrentBatches();
        for (;;) {
            int r = running.get();
            if (r >= limit) {
                return false;
            }
            if (running.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Ends a batch slot and, if requests are still queued, makes sure somebody runs them. */
    private void endBatch() {
        running.decrementAndGet();
        handOff();
    }

    /**
     * Wakes the oldest queued synchronous caller to run the next batch, or starts an asynchronous runner if the oldest
     * request is asynchronous. Every batch slot ends with this, so a queued request is never stranded: a caller that
     * queued while all slots were taken is seen here.
     */
    private void handOff() {
        for (Pending p : queue) {
            if (p.state != QUEUED) {
                continue;
            }
            if (p.waiter != null) {
                LockSupport.unpark(p.waiter);
            } else {
                startAsyncRunnerIfIdle();
            }
            return;
        }
    }

    /**
     * A waiter that gives up may have been the one {@link #handOff()} woke to run the next batch: pass the turn on if
     * no batch runs.
     */
    private void wakeNextIfIdle() {
        if (running.get() == 0) {
            handOff();
        }
    }

    private void startAsyncRunnerIfIdle() {
        if (!tryStartBatch()) {
            return;
        }
        try {
            pool().execute(drain);
        } catch (RejectedExecutionException e) {
            running.decrementAndGet();
            failQueued(); // closed meanwhile
        }
    }

    private ThreadPoolExecutor pool() {
        ThreadPoolExecutor p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    if (poolClosed) {
                        throw new RejectedExecutionException("batcher closed");
                    }
                    p = new ThreadPoolExecutor(options.maxConcurrentBatches(), options.maxConcurrentBatches(),
                            30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                            DaemonThreads.factory("mlops-batcher-" + model.name() + "-"));
                    p.allowCoreThreadTimeOut(true);
                    pool = p;
                }
            }
        }
        return p;
    }

    /** Runs batches on a batcher thread until nothing is queued (holds one batch slot, taken by the starter). */
    private void drainAsync() {
        try {
            while (runOneBatch(null)) {
                // next
            }
        } catch (RuntimeException | Error e) {
            LOG.warn("batching runner of model '{}' failed", model.name(), e);
        } finally {
            endBatch();
        }
    }

    /** Runs batches in this caller's batch slot until its own request is done. */
    private void runUntilDone(Pending own) {
        while (own.state != DONE) {
            if (!runOneBatch(null)) {
                return; // own request taken by another slot's batch
            }
        }
    }

    /**
     * Forms one batch and runs it: starting with {@code first} (already taken, not queued) if given, else with the
     * oldest queued request. False if there was nothing to run.
     */
    private boolean runOneBatch(Pending first) {
        List<Pending> batch;
        int rows;
        forming.lock();
        try {
            for (Iterator<Pending> it = queue.iterator(); first == null && it.hasNext(); ) {
                Pending p = it.next();
                if (p.take()) {
                    unlink(it, p);
                    first = p;
                    break;
                }
                if (p.state == CANCELLED) {
                    unlink(it, p);
                }
            }
            if (first == null) {
                return false;
            }
            batch = new ArrayList<>(Math.min(maxRows, Math.max(4, queued.get() + 1)));
            batch.add(first);
            rows = first.rows;
            rows = collect(batch, first, rows);
            if (waitForFill && accepting) {
                long deadline = first.enqueued + maxDelayNanos;
                filling = Thread.currentThread();
                try {
                    while (rows < maxRows && !options.isPreferred(rows)) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0 || !accepting) {
                            break;
                        }
                        LockSupport.parkNanos(this, left); // an enqueue that fills the batch wakes us
                        rows = collect(batch, first, rows);
                    }
                } finally {
                    filling = null;
                }
            }
        } finally {
            forming.unlock();
        }
        run(batch, rows);
        return true;
    }

    /** Adds queued requests with {@code first}'s shape, in arrival order, while they fit. */
    private int collect(List<Pending> batch, Pending first, int rows) {
        if (rows >= maxRows || queue.isEmpty()) {
            return rows;
        }
        for (Iterator<Pending> it = queue.iterator(); it.hasNext() && rows < maxRows; ) {
            Pending p = it.next();
            int st = p.state;
            if (st == CANCELLED) {
                unlink(it, p);
                continue;
            }
            if (st != QUEUED || !Arrays.equals(p.key, first.key)) {
                continue;
            }
            if (rows + p.rows > maxRows) {
                break; // keep arrival order: the next batch starts with it
            }
            if (p.take()) {
                unlink(it, p);
                batch.add(p);
                rows += p.rows;
                if (waitForFill && options.isPreferred(rows)) {
                    break; // a preferred size: run it rather than wait for more
                }
            }
        }
        return rows;
    }

    private void unlink(Iterator<Pending> it, Pending p) {
        it.remove();
        queued.decrementAndGet();
    }

    /** Fails whatever is still queued with {@link BatcherClosed} (the batcher closed; nobody will run it). */
    private void failQueued() {
        for (Pending p : queue) {
            if (p.take()) {
                p.finish(null, closedError(p));
            }
        }
    }

    private Throwable closedError(Pending p) {
        return p.future != null && !p.reroutable ? new ModelClosedException(model.name()) : CLOSED;
    }

    private static long[] shapeKey(Tensor[] ordered) {
        int n = 0;
        for (Tensor t : ordered) {
            n += t.rank();
        }
        long[] key = new long[n];
        int k = 0;
        for (Tensor t : ordered) {
            key[k++] = t.rank();
            for (int d = 1; d < t.rank(); d++) {
                key[k++] = t.dim(d);
            }
        }
        return key;
    }

    private void run(List<Pending> batch, int rows) {
        long now = System.nanoTime();
        for (Pending p : batch) {
            observer.queueWait(now - p.enqueued);
        }
        observer.batch(rows, batch.size());
        Outputs out;
        try {
            if (batch.size() == 1) {
                out = MODELS.tryRunBound(model, batch.get(0).ordered, provenance);
            } else {
                Tensor[] merged = new Tensor[inputNames.length];
                for (int i = 0; i < merged.length; i++) {
                    merged[i] = concat(batch, i, rows);
                }
                out = MODELS.tryRunBound(model, merged, provenance);
            }
        } catch (RuntimeException | Error e) {
            LOG.debug("batched run of model '{}' ({} requests, {} rows) failed: {}", model.name(), batch.size(), rows, e.toString());
            for (Pending p : batch) {
                p.finish(null, e);
            }
            return;
        }
        if (out == null) {
            for (Pending p : batch) {
                p.finish(null, closedError(p));
            }
            return;
        }
        if (batch.size() == 1) {
            batch.get(0).finish(out, null);
            return;
        }
        try {
            split(batch, rows, out);
        } catch (RuntimeException | Error e) {
            for (Pending p : batch) {
                if (p.state != DONE) {
                    p.finish(null, e); // never leave a caller of this batch waiting
                }
            }
        }
    }

    private static Tensor concat(List<Pending> batch, int input, int rows) {
        Tensor first = batch.get(0).ordered[input];
        long[] shape = first.shape();
        shape[0] = rows;
        int total = (int) MODELS.elementCount(shape);
        Object data = java.lang.reflect.Array.newInstance(first.data().getClass().getComponentType(), total);
        int pos = 0;
        for (Pending p : batch) {
            Tensor t = p.ordered[input];
            System.arraycopy(t.data(), 0, data, pos, t.size());
            pos += t.size();
        }
        return Tensor.of(first.type(), data, shape);
    }

    private void split(List<Pending> batch, int rows, Outputs out) {
        List<String> names = out.names();
        Object[][] parts = new Object[batch.size()][names.size()];
        for (int o = 0; o < names.size(); o++) {
            Object v = out.value(names.get(o));
            if (v instanceof Tensor && ((Tensor) v).rank() > 0 && ((Tensor) v).dim(0) == rows) {
                Tensor t = (Tensor) v;
                int perRow = rows == 0 ? 0 : t.size() / rows;
                int start = 0;
                for (int b = 0; b < batch.size(); b++) {
                    int n = batch.get(b).rows;
                    long[] shape = t.shape();
                    shape[0] = n;
                    Object slice = java.lang.reflect.Array.newInstance(t.data().getClass().getComponentType(), n * perRow);
                    System.arraycopy(t.data(), start * perRow, slice, 0, n * perRow);
                    parts[b][o] = MODELS.trusted(t.type(), shape, slice, n * perRow);
                    start += n;
                }
            } else if (v instanceof List && ((List<?>) v).size() == rows) {
                List<?> l = (List<?>) v;
                int start = 0;
                for (int b = 0; b < batch.size(); b++) {
                    int n = batch.get(b).rows;
                    parts[b][o] = java.util.Collections.unmodifiableList(new ArrayList<>(l.subList(start, start + n)));
                    start += n;
                }
            } else {
                for (int b = 0; b < batch.size(); b++) {
                    parts[b][o] = v; // not row-aligned: every caller gets the whole value
                }
            }
        }
        String[] n = names.toArray(new String[0]);
        for (int b = 0; b < batch.size(); b++) {
            batch.get(b).finish(MODELS.outputs(n, parts[b], provenance), null);
        }
    }

    /**
     * Stops accepting requests, runs every queued one (on the closing thread if no batch is running), waits up to
     * 10 s for running batches, stops the batcher's threads and closes the model handle. Idempotent.
     */
    @Override
    public void close() {
        if (!accepting) {
            return;
        }
        accepting = false;
        if (batchable) {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < giveUp) {
                if (tryStartBatch()) {
                    try {
                        while (runOneBatch(null)) {
                            // drain
                        }
                    } finally {
                        running.decrementAndGet();
                    }
                }
                if (running.get() == 0 && queued() == 0) {
                    break;
                }
                LockSupport.parkNanos(100_000); // a caller's batch is still running: close is not a hot path
            }
            failQueued();
            ThreadPoolExecutor p;
            synchronized (this) {
                p = pool;
                pool = null;
                poolClosed = true;
            }
            if (p != null) {
                ThreadPools.shutdownAndWait(p, 10);
            }
        }
        model.close();
    }

    @Override
    public String toString() {
        return "DynamicBatcher[" + model.name() + ", " + options + (accepting ? "" : ", closed") + "]";
    }
}
