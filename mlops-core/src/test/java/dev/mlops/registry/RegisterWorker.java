package dev.mlops.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A separate JVM for the multi-process tests: {@code RegisterWorker URI MODEL THREADS PER_THREAD [alias]} registers
 * THREADS × PER_THREAD versions (PER_THREAD 0 = until killed) and prints each number as "registered N" on its own
 * line; with "alias" it also moves alias "prod" after each registration.
 */
public final class RegisterWorker {
    private RegisterWorker() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String model = args[1];
        int threads = Integer.parseInt(args[2]);
        int perThread = Integer.parseInt(args[3]);
        boolean alias = args.length > 4 && args[4].equals("alias");
        try (Registry reg = Registry.open(uri)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int tid = t;
                fs.add(pool.submit(() -> {
                    Random rnd = new Random(ProcessHandle.current().pid() * 31 + tid);
                    for (int i = 0; perThread == 0 || i < perThread; i++) {
                        byte[] bytes = new byte[1 + rnd.nextInt(64 * 1024)];
                        rnd.nextBytes(bytes);
                        ModelVersion v = reg.register(model).bytes(bytes).param("pid", ProcessHandle.current().pid())
                                .by("worker-" + tid).commit();
                        if (alias) {
                            reg.setAlias(model, "prod", v.number(), "worker-" + tid, "moved by worker");
                        }
                        synchronized (System.out) {
                            System.out.println("registered " + v.number());
                            System.out.flush();
                        }
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> f : fs) {
                    f.get();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                e.getCause().printStackTrace();
                System.exit(3);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
