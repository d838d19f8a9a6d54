package dev.mlops.serving.internal;

import ai.onnxruntime.OrtEnvironment;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The process's single {@link OrtEnvironment}, created on first use (not when this class loads, so that a library
 * that insists on creating the environment itself can do so first). Thread-safe.
 *
 * <p>The environment is created on a short-lived thread with a large stack: ONNX Runtime 1.29's native
 * initialisation needs stack in proportion to the JVM's command line, and on a default 1 MB thread stack it crashes
 * the JVM with SIGSEGV once the command line passes about 4 KB (a long {@code -cp}, as IDEs and build tools write
 * them). Measured here: {@code java -Dx=<4000 chars> -cp ...} crashes in {@code OrtEnvironment.getEnvironment()},
 * the same call on a 16 MB thread does not, even with a 20 KB command line.
 */
public final class OrtRuntime {
    /** Stack of the thread that initialises ONNX Runtime. */
    private static final long INIT_STACK_BYTES = 64L << 20;

    private OrtRuntime() {
    }

    private static final class Holder {
        static final OrtEnvironment ENV = create();
    }

    /** The environment. */
    public static OrtEnvironment environment() {
        return Holder.ENV;
    }

    private static OrtEnvironment create() {
        AtomicReference<OrtEnvironment> env = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread init = DaemonThreads.newThread("mlops-onnxruntime-init", () -> {
            try {
                env.set(OrtEnvironment.getEnvironment());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, INIT_STACK_BYTES);
        init.start();
        boolean interrupted = false;
        while (true) {
            try {
                init.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the environment must exist before we return; restore the flag afterwards
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException("ONNX Runtime could not be initialised: " + t.getMessage(), t);
        }
        return env.get();
    }
}
