package dev.mlops.serving.internal;

/** Signals that a batcher closed before running a request (an endpoint then routes it again). Not API. */
public final class BatcherClosed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The one instance (no stack trace). */
    public static final BatcherClosed INSTANCE = new BatcherClosed();

    private BatcherClosed() {
        super("batcher closed", null, false, false);
    }
}
