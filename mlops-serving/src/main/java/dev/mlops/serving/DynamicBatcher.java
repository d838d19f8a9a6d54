package dev.mlops.serving;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Coalesces concurrent requests to one model along dimension 0 (dynamic batching). Callers block until their rows come
 * back; one worker thread ({@code mlops-batcher-<model>}, daemon) forms batches of up to
 * {@link BatchingOptions#maxBatchRows()} rows — by default greedily, from whatever is queued when the worker is free
 * (so there is no added delay at low load, and batches grow with load); with
 * {@code runLoneRequestsAtOnce(false)} it waits up to {@link BatchingOptions#maxDelay()} after a batch's first request
 * for the batch to fill — concatenates every input, runs the model once
 * and splits every output back. Requests whose non-batch dimensions differ are never mixed. Inputs are validated
 * before they are queued, so one bad request never fails a batch; an error in a batched run reaches every caller of
 * that batch. Thread-safe.
 *
 * <p>Models whose inputs are not all batched (dimension 0 symbolic) are run directly, unbatched. {@link #close()}
 * stops accepting, completes every queued request, stops the worker and closes the model handle (drain-safe).
 */
public final class DynamicBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

    /** Observes batching for statistics; called on the worker thread. */
    interface Observer {
        void batch(int rows, int requests);

        void queueWait(long nanos);
    }

    private static final Observer NONE = new Observer() {
        @Override
        public void batch(int rows, int requests) {
        }

        @Override
        public void queueWait(long nanos) {
        }
    };

    /** Signals that the batcher closed before running a request (an endpoint then routes again). */
    static final class Closed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Closed() {
            super("batcher closed", null, false, false);
        }
    }

    private static final class Pending {
        final Tensor[] ordered;
        final int rows;
        final long[] key;
        final long enqueued = System.nanoTime();
        final CompletableFuture<Outputs> future = new CompletableFuture<>();

        Pending(Tensor[] ordered, int rows, long[] key) {
            this.ordered = ordered;
            this.rows = rows;
            this.key = key;
        }
    }

    private final LoadedModel model;
    private final BatchingOptions options;
    private final ArrayBlockingQueue<Pending> queue;
    private final boolean batchable;
    private final String[] inputNames;
    private final Thread worker;
    private final Observer observer;
    private volatile boolean accepting = true;

    private DynamicBatcher(LoadedModel model, BatchingOptions options, Observer observer) {
        this.model = model;
        this.options = options;
        this.observer = observer;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        boolean b = !model.signature().inputs().isEmpty();
        for (TensorSpec s : model.signature().inputs()) {
            b &= s.isBatched();
        }
        this.batchable = b;
        this.inputNames = model.signature().inputNames().toArray(new String[0]);
        this.worker = new Thread(this::loop, "mlops-batcher-" + model.name());
        this.worker.setDaemon(true);
        if (batchable) {
            worker.start();
        }
    }

    /** A batcher in front of {@code model}, which it owns (closes on {@link #close()}). */
    public static DynamicBatcher of(LoadedModel model, BatchingOptions options) {
        return of(model, options, NONE);
    }

    static DynamicBatcher of(LoadedModel model, BatchingOptions options, Observer observer) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        return new DynamicBatcher(model, options, observer);
    }

    /** The model behind the batcher. */
    public LoadedModel model() {
        return model;
    }

    /** The options. */
    public BatchingOptions options() {
        return options;
    }

    /** Requests queued now. */
    public int queued() {
        return queue.size();
    }

    /**
     * Predicts, batched with concurrent requests.
     *
     * @throws InvalidInputException      before queueing, if the inputs do not match the signature
     * @throws OverloadedException        at once, if the queue is full
     * @throws DeadlineExceededException  if {@link BatchingOptions#requestTimeout()} passes
     * @throws ModelClosedException       if the batcher is closed
     */
    public Outputs predict(Inputs inputs) {
        Outputs out = tryPredict(inputs);
        if (out == null) {
            throw new ModelClosedException(model.name());
        }
        return out;
    }

    /** Like {@link #predict(Inputs)} but null when the batcher closed before the request ran. */
    Outputs tryPredict(Inputs inputs) {
        if (!batchable) {
            return accepting ? model.tryPredict(inputs) : null;
        }
        Tensor[] ordered = InputValidation.bind(model.name(), model.signature(), model.options().maxBatch(), inputs);
        int rows = (int) ordered[0].dim(0);
        for (Tensor t : ordered) {
            if (t.dim(0) != rows) {
                throw new InvalidInputException("", "one batch size for every input", "batch sizes differ",
                        "model '" + model.name() + "': every input must have the same dimension 0 to be batched");
            }
        }
        if (rows > options.maxBatchRows() || rows == 0) {
            return accepting ? model.tryPredict(inputs) : null; // too large (or empty) to share a batch: run alone
        }
        Pending p = new Pending(ordered, rows, shapeKey(ordered));
        if (!accepting) {
            return null;
        }
        if (!queue.offer(p)) {
            throw new OverloadedException(model.name(), options.queueCapacity());
        }
        if (!accepting && queue.remove(p)) {
            return null;
        }
        try {
            if (options.requestTimeout().isPresent()) {
                long nanos = options.requestTimeout().get().toNanos();
                try {
                    return p.future.get(nanos, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    p.future.cancel(false);
                    throw new DeadlineExceededException(model.name(), options.requestTimeout().get());
                }
            }
            return p.future.get();
        } catch (InterruptedException e) {
            p.future.cancel(false);
            Thread.currentThread().interrupt();
            throw new ServingException("interrupted while waiting for model '" + model.name() + "'", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Closed) {
                return null;
            }
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new PredictionException(model.name(), "batched run of model '" + model.name() + "' failed: " + c, c);
        }
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

    private void loop() {
        ArrayDeque<Pending> carry = new ArrayDeque<>();
        long maxDelay = options.maxDelay().toNanos();
        while (true) {
            Pending first = carry.poll();
            if (first == null) {
                try {
                    first = queue.poll(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    first = null;
                }
                if (first == null) {
                    if (!accepting && queue.isEmpty()) {
                        break;
                    }
                    continue;
                }
            }
            if (first.future.isDone()) {
                continue; // timed out or cancelled while queued
            }
            List<Pending> batch = new ArrayList<>();
            batch.add(first);
            int rows = first.rows;
            // Greedy when lone requests run at once: take what is queued now and run (batches form by themselves while
            // the model runs); otherwise wait up to maxDelay after the first request for the batch to fill.
            boolean wait = !options.runLoneRequestsAtOnce();
            long deadline = first.enqueued + maxDelay;
            int deferred = carry.size();
            // requests carried over from an earlier round with the same shape join first
            for (int i = 0; i < deferred && rows < options.maxBatchRows(); i++) {
                Pending c = carry.poll();
                if (Arrays.equals(c.key, first.key) && rows + c.rows <= options.maxBatchRows()) {
                    batch.add(c);
                    rows += c.rows;
                } else {
                    carry.add(c);
                }
            }
            while (rows < options.maxBatchRows() && !(options.isPreferred(rows) && queue.isEmpty())) {
                Pending p = queue.poll();
                if (p == null) {
                    long left = deadline - System.nanoTime();
                    if (!wait || left <= 0 || !accepting) {
                        break;
                    }
                    try {
                        p = queue.poll(left, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        break;
                    }
                    if (p == null) {
                        break;
                    }
                }
                if (p.future.isDone()) {
                    continue;
                }
                if (!Arrays.equals(p.key, first.key) || rows + p.rows > options.maxBatchRows()) {
                    carry.add(p);
                    if (rows + p.rows > options.maxBatchRows()) {
                        break;
                    }
                    continue;
                }
                batch.add(p);
                rows += p.rows;
            }
            run(batch, rows);
        }
        // closed: whatever is left was never run
        List<Pending> left = new ArrayList<>(carry);
        queue.drainTo(left);
        for (Pending p : left) {
            p.future.completeExceptionally(new Closed());
        }
    }

    private void run(List<Pending> batch, int rows) {
        long now = System.nanoTime();
        for (Pending p : batch) {
            observer.queueWait(now - p.enqueued);
        }
        observer.batch(rows, batch.size());
        try {
            Outputs out;
            if (batch.size() == 1) {
                out = model.tryPredict(inputsOf(batch.get(0).ordered));
            } else {
                Tensor[] merged = new Tensor[inputNames.length];
                for (int i = 0; i < merged.length; i++) {
                    merged[i] = concat(batch, i, rows);
                }
                out = model.tryPredict(inputsOf(merged));
            }
            if (out == null) {
                for (Pending p : batch) {
                    p.future.completeExceptionally(new Closed());
                }
                return;
            }
            if (batch.size() == 1) {
                batch.get(0).future.complete(out);
                return;
            }
            split(batch, rows, out);
        } catch (RuntimeException | Error e) {
            LOG.debug("batched run of model '{}' ({} requests, {} rows) failed: {}", model.name(), batch.size(), rows, e.toString());
            for (Pending p : batch) {
                p.future.completeExceptionally(e);
            }
        }
    }

    private Inputs inputsOf(Tensor[] tensors) {
        Inputs.Builder b = Inputs.builder();
        for (int i = 0; i < tensors.length; i++) {
            b.add(inputNames[i], tensors[i]);
        }
        return b.build();
    }

    private static Tensor concat(List<Pending> batch, int input, int rows) {
        Tensor first = batch.get(0).ordered[input];
        long[] shape = first.shape();
        shape[0] = rows;
        int total = (int) Tensor.elementCount(shape);
        Object data = java.lang.reflect.Array.newInstance(first.data().getClass().getComponentType(), total);
        int pos = 0;
        for (Pending p : batch) {
            Tensor t = p.ordered[input];
            System.arraycopy(t.data(), 0, data, pos, t.size());
            pos += t.size();
        }
        return Tensor.of(first.type(), data, shape);
    }

    private static void split(List<Pending> batch, int rows, Outputs out) {
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
                    parts[b][o] = Tensor.trusted(t.type(), shape, slice, n * perRow);
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
            batch.get(b).future.complete(new Outputs(n, parts[b]));
        }
    }

    /**
     * Stops accepting requests, completes every queued one, stops the worker (waiting up to 10 s) and closes the
     * model handle. Idempotent.
     */
    @Override
    public void close() {
        if (!accepting) {
            return;
        }
        accepting = false;
        if (batchable) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (worker.isAlive()) {
                worker.interrupt();
            }
        }
        model.close();
    }

    @Override
    public String toString() {
        return "DynamicBatcher[" + model.name() + ", " + options + (accepting ? "" : ", closed") + "]";
    }
}
