package dev.mlops.cli;

import dev.mlops.serving.scoring.BatchScorer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An output file written all or nothing: the command writes {@link #temporary()} (a hidden file beside the target, on
 * the same file system) and {@link #commit()} renames it over the target. Closing without a commit deletes the
 * temporary file; so does SIGINT or SIGTERM during the job (a shutdown hook cancels the scorer, deletes the temporary
 * file and says on stderr that the target was not written). Thread-safe: the hook and the command's thread agree on
 * one state with compare-and-set.
 */
final class AtomicOutput implements AutoCloseable {
    private static final int RUNNING = 0;
    private static final int COMMITTING = 1;
    private static final int DONE = 2;
    private static final int ABORTED = 3;

    private final Path target;
    private final Path temporary;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final CountDownLatch settled = new CountDownLatch(1);
    private final Thread hook;

    AtomicOutput(Path target, BatchScorer scorer, PrintWriter err) throws IOException {
        this.target = target;
        Path dir = target.toAbsolutePath().getParent();
        // createFile, not createTempFile: the result gets the permissions of any new file (umask), not 0600
        this.temporary = Files.createFile(dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid()
                + "-" + Long.toHexString(System.nanoTime()) + ".tmp"));
        this.hook = new Thread(() -> {
            if (state.compareAndSet(RUNNING, ABORTED)) {
                scorer.cancel();
                deleteQuietly();
                err.println("mlops: interrupted; " + target + " was not written (no partial output left)");
                err.flush();
            } else {
                try {   // a rename under way: let it finish so the target is whole
                    settled.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "mlops-score-interrupted");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {   // interrupted before the job started
            deleteQuietly();
            throw new IllegalStateException("interrupted; " + target + " was not written", shuttingDown);
        }
    }

    /** The file to write. */
    Path temporary() {
        return temporary;
    }

    /** Renames the finished temporary file over the target. */
    void commit() {
        if (!state.compareAndSet(RUNNING, COMMITTING)) {
            throw new IllegalStateException("interrupted; " + target + " was not written");
        }
        try {
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            state.set(DONE);
        } catch (IOException e) {
            state.set(ABORTED);
            throw new UncheckedIOException("cannot rename the finished output " + temporary + " to " + target + ": "
                    + e.getMessage(), e);
        } finally {
            settled.countDown();
        }
    }

    @Override
    public void close() {
        if (state.compareAndSet(RUNNING, ABORTED)) {
            deleteQuietly();
        } else if (state.get() == ABORTED) {
            deleteQuietly();
        }
        settled.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it cleans up
        }
    }

    private void deleteQuietly() {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // best effort: a leftover hidden .tmp file beside the target is all that remains
        }
    }
}
