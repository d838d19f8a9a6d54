package dev.mlops.registry.store;

import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;
import dev.mlops.registry.spi.tck.GeneratedContent;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The child process of {@link FileStoreCrashTest}, {@link FileStoreMultiProcessTest} and {@link FileStoreTest}:
 * {@code java -cp <test class path> dev.mlops.registry.store.FileStoreWorker <mode> <dir> ...}.
 */
public final class FileStoreWorker {
    /** The collection the workers write. */
    static final String COLLECTION = "work";

    private FileStoreWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "write-forever" -> writeForever(dir, Long.parseLong(args[2]));
            case "increment" -> increment(dir, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "big-put" -> bigPut(dir, Long.parseLong(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /**
     * Writes records and blobs until killed, printing one line per completed operation. Each record document says
     * the revision it is written at, so a reader can tell a torn or mixed-up record from a whole one.
     */
    private static void writeForever(Path dir, long seed) {
        Random random = new Random(seed);
        try (FileStore store = FileStore.open(dir)) {
            for (long op = 0; ; op++) {
                int kind = random.nextInt(3);
                if (kind == 0) {
                    byte[] content = new byte[random.nextInt(2 << 20)];
                    random.nextBytes(content);
                    // announce the write once half the content has been read: the temporary file exists by then
                    BlobInfo info = store.put(new AnnouncingStream(content));
                    System.out.println("blob " + info.digest().hex());
                } else {
                    String key = "k/" + random.nextInt(kind == 1 ? 5 : 50);
                    VersionedRecord cur = store.get(COLLECTION, key).orElse(null);
                    long next = cur == null ? 1 : cur.revision() + 1;
                    byte[] doc = document(next, random.nextInt(20_000));
                    begin("begin-record");
                    WriteResult r = cur == null ? store.createIfAbsent(COLLECTION, key, doc)
                            : store.compareAndSet(COLLECTION, key, cur.revision(), doc);
                    System.out.println("record " + key + " " + r);
                }
                System.out.flush();
            }
        }
    }

    /** Content that prints "begin-blob" once half of it has been read. */
    private static final class AnnouncingStream extends ByteArrayInputStream {
        private final int half;
        private boolean announced;

        AnnouncingStream(byte[] content) {
            super(content);
            half = content.length / 2;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            if (!announced && pos >= half) {
                announced = true;
                begin("begin-blob");
            }
            return super.read(b, off, pos < half ? Math.min(len, half - pos) : len); // stop at half once
        }
    }

    /** Announces that a write starts now, so the parent can aim a kill at it. */
    private static void begin(String what) {
        System.out.println(what);
        System.out.flush();
    }

    /** A JSON document that names its own revision, padded to about {@code padding} bytes. */
    static byte[] document(long revision, int padding) {
        return ("{\"revision\":" + revision + ",\"pad\":\"" + "x".repeat(padding) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Prints "ready", waits for a line on stdin, then runs {@code threads} threads that each make {@code perThread}
     * successful compare-and-set increments on keys {@code counter/0..keys-1}; prints "done k0 k1 ..." with the
     * number of successful increments per key.
     */
    private static void increment(Path dir, int threads, int perThread, int keys) throws Exception {
        try (FileStore store = FileStore.open(dir)) {
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            AtomicLongArray successes = new AtomicLongArray(keys);
            List<Thread> workers = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                int index = t;
                Thread w = new Thread(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            int k = (index + i) % keys;
                            String key = "counter/" + k;
                            while (true) {
                                VersionedRecord cur = store.get(COLLECTION, key).orElseThrow();
                                long value = Long.parseLong(cur.documentAsString());
                                if (store.compareAndSet(COLLECTION, key, cur.revision(),
                                        Long.toString(value + 1).getBytes(StandardCharsets.UTF_8)).applied()) {
                                    successes.incrementAndGet(k);
                                    break;
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            if (!failures.isEmpty()) {
                failures.get(0).printStackTrace();
                System.exit(3);
            }
            StringBuilder out = new StringBuilder("done");
            for (int k = 0; k < keys; k++) {
                out.append(' ').append(successes.get(k));
            }
            System.out.println(out);
        }
    }

    /** Puts {@code size} generated bytes, reads them back, prints "put <hex> <size> <max heap>". */
    private static void bigPut(Path dir, long size) throws Exception {
        try (FileStore store = FileStore.open(dir)) {
            BlobInfo info = store.put(new GeneratedContent(size, 1));
            MessageDigest md = Digest.newMessageDigest();
            byte[] buf = new byte[1 << 16];
            long read = 0;
            try (InputStream in = store.get(info.digest())) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    md.update(buf, 0, n);
                    read += n;
                }
            }
            if (!Digest.ofBytes(md.digest()).equals(info.digest()) || read != size) {
                throw new AssertionError("read back differs");
            }
            System.out.println("put " + info.digest().hex() + " " + info.size() + " " + Runtime.getRuntime().maxMemory());
        }
    }
}
