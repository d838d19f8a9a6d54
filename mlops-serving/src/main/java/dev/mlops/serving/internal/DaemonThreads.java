package dev.mlops.serving.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The one way serving makes its threads: daemons with a descriptive name. Stateless and thread-safe. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /**
     * A factory of daemon threads named {@code prefix} followed by 1, 2, 3… when {@code prefix} ends with {@code -},
     * else named {@code prefix} exactly (for pools of one thread).
     */
    public static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        boolean numbered = prefix.endsWith("-");
        return r -> newThread(numbered ? prefix + n.incrementAndGet() : prefix, r, 0);
    }

    /** A daemon thread named {@code name} running {@code body}, not started; {@code stackBytes} 0 for the default. */
    public static Thread newThread(String name, Runnable body, long stackBytes) {
        Thread t = new Thread(null, body, name, stackBytes);
        t.setDaemon(true);
        return t;
    }
}
