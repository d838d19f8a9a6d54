package dev.mlops.registry.jdbc.testing;

import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.Stores;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Does what a registry does when it registers a model version and moves an alias, using only the two conditional
 * writes: allocate the next version number with a compare-and-set loop on a counter record, create the version
 * record with create-if-absent (a duplicate number would make it fail), optionally store the version's blob, then
 * move the alias with a compare-and-set loop that counts its moves. Used by threads in tests and, through
 * {@link #main}, by a second JVM. Thread-safe (it keeps no state).
 */
public final class RegistryLikeWriter {
    public static final String COLLECTION = "models";
    public static final String COUNTER = "iris/next-version";
    public static final String ALIAS = "iris/aliases/prod";

    private RegistryLikeWriter() {
    }

    /**
     * Registers {@code versions} versions as {@code writer}; returns how many version creates were refused (must
     * be 0: a refusal means two writers got the same number).
     */
    public static int registerVersions(RecordStore records, BlobStore blobs, String writer, int versions) {
        int duplicates = 0;
        for (int i = 0; i < versions; i++) {
            long number = nextVersionNumber(records);
            Digest digest = null;
            if (blobs != null) {
                byte[] content = (writer + " version " + number).getBytes(StandardCharsets.UTF_8);
                digest = blobs.put(new ByteArrayInputStream(content)).digest();
            }
            String doc = "{\"writer\":\"" + writer + "\",\"n\":" + number + (digest == null ? "" : ",\"blob\":\"" + digest + "\"") + "}";
            WriteResult r = records.createIfAbsent(COLLECTION, "iris/versions/" + number, doc.getBytes(StandardCharsets.UTF_8));
            if (!r.applied()) {
                duplicates++;
            }
            moveAlias(records, number);
        }
        return duplicates;
    }

    private static long nextVersionNumber(RecordStore records) {
        records.createIfAbsent(COLLECTION, COUNTER, "0".getBytes(StandardCharsets.UTF_8));
        while (true) {
            VersionedRecord cur = records.get(COLLECTION, COUNTER).orElseThrow();
            long next = Long.parseLong(cur.documentAsString()) + 1;
            if (records.compareAndSet(COLLECTION, COUNTER, cur.revision(), Long.toString(next).getBytes(StandardCharsets.UTF_8)).applied()) {
                return next;
            }
        }
    }

    /** The alias document counts its moves: "moves,version". */
    private static void moveAlias(RecordStore records, long version) {
        records.createIfAbsent(COLLECTION, ALIAS, "0,0".getBytes(StandardCharsets.UTF_8));
        while (true) {
            VersionedRecord cur = records.get(COLLECTION, ALIAS).orElseThrow();
            long moves = Long.parseLong(cur.documentAsString().split(",")[0]) + 1;
            byte[] doc = (moves + "," + version).getBytes(StandardCharsets.UTF_8);
            if (records.compareAndSet(COLLECTION, ALIAS, cur.revision(), doc).applied()) {
                return;
            }
        }
    }

    /**
     * A second JVM: {@code RegistryLikeWriter <recordsUri> <blobsUri or -> <writer> <threads> <versionsPerThread>}.
     * Prints {@code duplicates=N} and exits 0.
     */
    public static void main(String[] args) throws Exception {
        String recordsUri = args[0];
        String blobsUri = args[1];
        String writer = args[2];
        int threads = Integer.parseInt(args[3]);
        int versions = Integer.parseInt(args[4]);
        try (Store store = "-".equals(blobsUri) ? Stores.open(recordsUri) : Stores.open(recordsUri, blobsUri)) {
            boolean withBlobs = !"-".equals(blobsUri);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = writer + "-t" + t;
                results.add(pool.submit(() -> registerVersions(store.records(), withBlobs ? store.blobs() : null, name, versions)));
            }
            int duplicates = 0;
            for (Future<Integer> f : results) {
                duplicates += f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            System.out.println("duplicates=" + duplicates);
        }
    }
}
