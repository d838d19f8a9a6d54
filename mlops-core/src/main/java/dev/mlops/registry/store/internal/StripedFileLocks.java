package dev.mlops.registry.store.internal;

import dev.mlops.registry.spi.StoreUnavailableException;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion across threads and processes for one store directory: a fixed number of stripes, each a dedicated
 * lock file under {@code locks/} guarded by an OS {@link FileLock} (between processes) and a {@link ReentrantLock}
 * (between threads of this JVM, because a {@code FileLock} is held per process and a second attempt from the same JVM
 * throws {@link java.nio.channels.OverlappingFileLockException}).
 *
 * <p>There is exactly one instance per directory per JVM ({@link #acquire}), reference-counted, so no two channels of
 * this JVM ever lock the same file and no channel on a locked file is closed by someone else (closing any channel on
 * a file releases the process's locks on it). Lock files are never deleted: a killed process leaves them behind, but
 * the OS releases its locks, so they never go stale. Thread-safe.
 */
public final class StripedFileLocks {
    /** Number of stripes; a key maps to {@code hash mod STRIPES}. */
    public static final int STRIPES = 64;

    private static final Map<Path, StripedFileLocks> OPEN = new HashMap<>();

    private final Path dir;
    private final Stripe[] stripes = new Stripe[STRIPES];
    private int references; // guarded by OPEN
    private volatile boolean released;

    private static final class Stripe {
        final ReentrantLock jvmLock = new ReentrantLock();
        FileChannel channel; // guarded by jvmLock
    }

    private StripedFileLocks(Path dir) {
        this.dir = dir;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** The lock table of the directory {@code locksDir} (a real path), shared by every store of this JVM. */
    public static StripedFileLocks acquire(Path locksDir) {
        synchronized (OPEN) {
            StripedFileLocks t = OPEN.computeIfAbsent(locksDir, StripedFileLocks::new);
            t.references++;
            return t;
        }
    }

    /** Gives back a reference; the last one closes the lock files. */
    public void release() {
        synchronized (OPEN) {
            if (--references > 0) {
                return;
            }
            released = true;
            OPEN.remove(dir);
        }
        for (Stripe s : stripes) {
            s.jvmLock.lock();
            try {
                closeQuietly(s);
            } finally {
                s.jvmLock.unlock();
            }
        }
    }

    /** The stripe of {@code name}. */
    public static int stripeOf(String name) {
        int h = name.hashCode();
        h ^= (h >>> 16);
        h *= 0x45d9f3b;
        h ^= (h >>> 16);
        return Math.floorMod(h, STRIPES);
    }

    /**
     * Runs {@code action} holding the stripe of {@code name} in this JVM and in every other process that uses the
     * directory.
     */
    public <T> T withLock(String name, IoAction<T> action) throws IOException {
        Stripe s = stripes[stripeOf(name)];
        s.jvmLock.lock();
        try {
            if (released) { // a call that raced with the last close: never reopen a lock file nobody will close
                throw new StoreUnavailableException("The store using " + dir + " was closed; open a new one.");
            }
            FileLock lock = lockFile(s, stripeOf(name));
            try {
                return action.run();
            } finally {
                if (lock.isValid()) {
                    lock.release();
                }
            }
        } finally {
            s.jvmLock.unlock();
        }
    }

    private FileLock lockFile(Stripe s, int index) throws IOException {
        int reopened = 0;
        long backoffNanos = 20_000;
        while (true) {
            if (s.channel == null || !s.channel.isOpen()) {
                s.channel = FileChannel.open(dir.resolve(String.format("stripe-%02d.lock", index)),
                        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            try {
                return s.channel.lock();
            } catch (ClosedChannelException e) {
                // an interrupt closed the channel (FileChannel is interruptible): reopen once, unless interrupted now
                if (Thread.currentThread().isInterrupted() || reopened++ > 0) {
                    throw new StoreUnavailableException("Interrupted while waiting for the lock file "
                            + dir.resolve(String.format("stripe-%02d.lock", index)), e);
                }
            } catch (IOException e) {
                if (!isFalseDeadlock(e)) {
                    throw e;
                }
                // POSIX record locks belong to processes, not threads, so the kernel may see a cycle between two
                // processes whose different threads wait on different stripes (EDEADLK) where there is none.
                // Nothing is held on this stripe yet: back off a random moment and try again.
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(backoffNanos));
                backoffNanos = Math.min(backoffNanos * 2, 2_000_000);
            }
        }
    }

    private static boolean isFalseDeadlock(IOException e) {
        String m = e.getMessage();
        return m != null && m.toLowerCase(java.util.Locale.ROOT).contains("deadlock");
    }

    private static void closeQuietly(Stripe s) {
        if (s.channel != null) {
            try {
                s.channel.close();
            } catch (IOException ignored) {
                // closing a lock file cannot lose data
            }
            s.channel = null;
        }
    }


    /** An action that may throw {@link IOException}. */
    @FunctionalInterface
    public interface IoAction<T> {
        T run() throws IOException;
    }
}
