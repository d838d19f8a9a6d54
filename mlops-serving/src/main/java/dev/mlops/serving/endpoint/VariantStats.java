package dev.mlops.serving.endpoint;

import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of one variant's figures. Counts are totals since the variant was added (they survive hot swaps of its
 * model); latencies cover the current statistics window and the one before it (so between one and two windows of
 * traffic), measured around the model call on the caller's thread. Immutable and thread-safe.
 *
 * @param variant            the variant name
 * @param model              the name of the model serving it now
 * @param requests           requests answered or failed (primary traffic)
 * @param errors             failed requests by kind
 * @param latencyP50         median latency in the window
 * @param latencyP95         95th percentile
 * @param latencyP99         99th percentile
 * @param latencyMax         maximum
 * @param shadowRequests     mirrored requests this variant ran as a shadow
 * @param shadowErrors       mirrored requests that failed (model or comparator)
 * @param shadowDisagreements comparisons that disagreed with the primary
 * @param droppedMirrors     mirrors dropped because the shadow executor was saturated
 * @param swaps              times the variant's model was replaced
 * @param batches            batches run (dynamic batching only; 0 otherwise)
 * @param batchRowsP50       median rows per batch in the window
 * @param batchRowsMax       largest batch in the window
 * @param queueWaitP50       median time a request waited in the batching queue, in the window
 * @param queueWaitP99       99th percentile of that wait
 */
public record VariantStats(String variant, String model, long requests, Map<ErrorKind, Long> errors,
                           Duration latencyP50, Duration latencyP95, Duration latencyP99, Duration latencyMax,
                           long shadowRequests, long shadowErrors, long shadowDisagreements, long droppedMirrors,
                           long swaps, long batches, long batchRowsP50, long batchRowsMax, Duration queueWaitP50,
                           Duration queueWaitP99) {
    /** What went wrong with a request. */
    public enum ErrorKind {
        /** The inputs did not match the signature. */
        INVALID_INPUT,
        /** ONNX Runtime failed. */
        PREDICTION,
        /** The batching queue was full. */
        OVERLOADED,
        /** The batching request timeout passed. */
        DEADLINE,
        /** Anything else. */
        OTHER
    }

    /** Copies the map. */
    public VariantStats {
        errors = Map.copyOf(errors);
    }

    /** All errors. */
    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
