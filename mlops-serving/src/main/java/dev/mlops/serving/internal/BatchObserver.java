package dev.mlops.serving.internal;

/** Observes dynamic batching for statistics; called on the thread that runs the batch. Not API. */
public interface BatchObserver {
    BatchObserver NONE = new BatchObserver() {
        @Override
        public void batch(int rows, int requests) {
        }

        @Override
        public void queueWait(long nanos) {
        }
    };

    void batch(int rows, int requests);

    void queueWait(long nanos);
}
