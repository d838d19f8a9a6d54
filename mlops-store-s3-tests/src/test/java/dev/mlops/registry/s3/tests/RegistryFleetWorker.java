package dev.mlops.registry.s3.tests;

import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.registry.spi.Stores;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One service of a fleet, in a JVM of its own or on a thread: a {@link Registry} on PostgreSQL records and S3 blobs
 * that registers versions of one model and moves its "prod" alias after each. As a program:
 * {@code RegistryFleetWorker <recordsUri> <blobsUri> <model> <threads> <versionsPerThread>}, one registry per thread;
 * prints "registered N" per version and exits 0.
 */
public final class RegistryFleetWorker {
    private RegistryFleetWorker() {
    }

    /** Registers {@code versions} versions with random content as {@code actor}; returns their numbers. */
    public static List<Integer> registerAndPromote(Registry registry, String model, String actor, int versions, long seed) {
        Random random = new Random(seed);
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < versions; i++) {
            byte[] content = new byte[1 + random.nextInt(32 * 1024)];
            random.nextBytes(content);
            ModelVersion v = registry.register(model).bytes(content).by(actor).metric("i", i).commit();
            registry.setAlias(model, "prod", v.number(), actor, "promoted by " + actor);
            numbers.add(v.number());
        }
        return numbers;
    }

    public static void main(String[] args) throws Exception {
        String recordsUri = args[0];
        String blobsUri = args[1];
        String model = args[2];
        int threads = Integer.parseInt(args[3]);
        int versions = Integer.parseInt(args[4]);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String actor = "jvm2-t" + t;
            long seed = ProcessHandle.current().pid() * 31 + t;
            results.add(pool.submit(() -> {
                try (Registry registry = Registry.open(Stores.open(recordsUri, blobsUri))) {
                    return registerAndPromote(registry, model, actor, versions, seed);
                }
            }));
        }
        for (Future<List<Integer>> f : results) {
            for (int n : f.get(5, TimeUnit.MINUTES)) {
                System.out.println("registered " + n);
            }
        }
        pool.shutdown();
    }
}
