package dev.mlops.serving.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping the thread pools serving owns. Stateless and thread-safe. */
public final class ThreadPools {
    private ThreadPools() {
    }

    /**
     * Lets {@code pool} finish the tasks it has (no new ones), waiting up to {@code seconds}; then interrupts what is
     * still running. Keeps the caller's interrupt status.
     */
    public static void shutdownAndWait(ExecutorService pool, long seconds) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(seconds, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
