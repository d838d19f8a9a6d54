package dev.mlops.serving.batch;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Dynamic batching of one variant (opt-in): concurrent requests are coalesced along dimension 0 up to
 * {@link #maxBatchRows()} rows or {@link #maxDelay()} after the first queued request, whichever comes first.
 * Immutable and thread-safe; build with {@link #builder()}.
 */
public final class BatchingOptions {
    private final int maxBatchRows;
    private final Duration maxDelay;
    private final int queueCapacity;
    private final boolean runLoneRequestsAtOnce;
    private final Duration requestTimeout;
    private final int[] preferredBatchSizes;
    private final int maxConcurrentBatches;

    private BatchingOptions(Builder b) {
        this.maxBatchRows = b.maxBatchRows;
        this.maxDelay = b.maxDelay;
        this.queueCapacity = b.queueCapacity;
        this.runLoneRequestsAtOnce = b.runLoneRequestsAtOnce;
        this.requestTimeout = b.requestTimeout;
        this.preferredBatchSizes = b.preferredBatchSizes.clone();
        this.maxConcurrentBatches = b.maxConcurrentBatches;
    }

    /**
     * A builder with the defaults: 64 rows, 2 ms, 1024 queued requests, lone requests at once, no timeout, one batch
     * running at a time.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The largest batch in rows. */
    public int maxBatchRows() {
        return maxBatchRows;
    }

    /** The longest a batch waits for more rows, measured from its first request's arrival. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** Requests queued at most; beyond, callers get an {@link OverloadedException} at once. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /**
     * Whether a batch runs as soon as no other batch is running, with whatever is queued (default: a lone request runs
     * at once, and batches form from requests that arrive while the model runs), instead of waiting up to
     * {@link #maxDelay()} after its first request for it to fill ({@link #maxBatchRows()} rows or a preferred size
     * end the wait early).
     */
    public boolean runLoneRequestsAtOnce() {
        return runLoneRequestsAtOnce;
    }

    /** How long a caller waits for its result before a {@link DeadlineExceededException}, if set. */
    public Optional<Duration> requestTimeout() {
        return Optional.ofNullable(requestTimeout);
    }

    /** Batch sizes at which a batch runs without waiting further (empty: none). */
    public int[] preferredBatchSizes() {
        return preferredBatchSizes.clone();
    }

    /**
     * How many batches of this model may run at the same time (default 1). Each running batch occupies one caller's
     * thread (or one of the batcher's threads for {@link DynamicBatcher#predictAsync asynchronous} requests); with more
     * than one, a new batch can start while another runs, which uses more cores but forms smaller batches.
     */
    public int maxConcurrentBatches() {
        return maxConcurrentBatches;
    }

    boolean isPreferred(int rows) {
        for (int p : preferredBatchSizes) {
            if (p == rows) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "BatchingOptions{maxBatchRows=" + maxBatchRows + ", maxDelay=" + maxDelay + ", queueCapacity="
                + queueCapacity + ", runLoneRequestsAtOnce=" + runLoneRequestsAtOnce + ", requestTimeout="
                + requestTimeout + ", preferredBatchSizes=" + Arrays.toString(preferredBatchSizes) + ", maxConcurrentBatches="
                + maxConcurrentBatches + "}";
    }

    /** Builds {@link BatchingOptions}; setters validate at once. Not thread-safe. */
    public static final class Builder {
        private int maxBatchRows = 64;
        private Duration maxDelay = Duration.ofMillis(2);
        private int queueCapacity = 1024;
        private boolean runLoneRequestsAtOnce = true;
        private Duration requestTimeout;
        private int[] preferredBatchSizes = new int[0];
        private int maxConcurrentBatches = 1;

        private Builder() {
        }

        /** How many batches may run at the same time (1 to 64; default 1). */
        public Builder maxConcurrentBatches(int batches) {
            if (batches < 1 || batches > 64) {
                throw new IllegalArgumentException("maxConcurrentBatches must be between 1 and 64, given " + batches);
            }
            this.maxConcurrentBatches = batches;
            return this;
        }

        /** The largest batch in rows (≥ 1). */
        public Builder maxBatchRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("maxBatchRows must be >= 1, given " + rows);
            }
            this.maxBatchRows = rows;
            return this;
        }

        /** The longest wait for more rows, from the first request of a batch (≥ 0). */
        public Builder maxDelay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("maxDelay must be >= 0, given " + delay);
            }
            this.maxDelay = delay;
            return this;
        }

        /** Requests queued at most (≥ 1). */
        public Builder queueCapacity(int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("queueCapacity must be >= 1, given " + requests);
            }
            this.queueCapacity = requests;
            return this;
        }

        /** Whether a lone request runs at once (default true). */
        public Builder runLoneRequestsAtOnce(boolean atOnce) {
            this.runLoneRequestsAtOnce = atOnce;
            return this;
        }

        /** A per-request timeout (positive). */
        public Builder requestTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("requestTimeout must be positive, given " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** Batch sizes that run without further waiting (each ≥ 1). */
        public Builder preferredBatchSizes(int... sizes) {
            for (int s : sizes) {
                if (s < 1) {
                    throw new IllegalArgumentException("preferred batch sizes must be >= 1, given " + Arrays.toString(sizes));
                }
            }
            this.preferredBatchSizes = sizes.clone();
            return this;
        }

        /** The options. */
        public BatchingOptions build() {
            for (int s : preferredBatchSizes) {
                if (s > maxBatchRows) {
                    throw new IllegalStateException("preferred batch size " + s + " exceeds maxBatchRows " + maxBatchRows);
                }
            }
            return new BatchingOptions(this);
        }
    }
}
